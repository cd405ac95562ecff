"""Run folders: per-question JSON, summary JSON, Markdown and HTML reports; comparisons.

The HTML report is rendered from ``templates/report.html.j2`` (autoescaped: questions
and answers are article text, which may contain markup); the Python side only decides
what to show, including the geometry of one bar chart per metric and breakdown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from evals.metrics import METRICS, Metric
from evals.summary import RunSummary, Scores, SetSummary
from rag.errors import ConfigError

CHART_BREAKDOWNS = ("question_language", "pair", "type")
# Chart geometry (pixels): bar area width, bar height, gap between bars, label column.
CHART_WIDTH, BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 420, 18, 6, 130

_templates = Environment(
    loader=PackageLoader("evals", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def fmt(value: float | int | None) -> str:
    return "–" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


def shown_metrics(summary: SetSummary) -> list[Metric]:
    """Registered metrics with a value somewhere (the judge's only when it ran)."""
    groups = [summary.overall] + [s for _b, by in summary.by.items() for s in by.values()]
    return [m for m in METRICS.values() if any(g.get(m.name) is not None for g in groups)]


def _direction(m: Metric) -> str:
    return "higher" if m.higher_is_better else "lower"


def _table(columns: dict[str, Scores], metrics: list[Metric]) -> list[list[str]]:
    rows = [
        [m.name, _direction(m), *(fmt(s.get(m.name)) for s in columns.values())] for m in metrics
    ]
    return [*rows, ["n", "", *(str(s.n) for s in columns.values())]]


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


def tables(summary: SetSummary, part: str = "") -> list[Table]:
    """The overall table and one table per breakdown, for both reports."""
    metrics = shown_metrics(summary)
    prefix = f"{part}: " if part else ""
    result = [
        Table(
            f"{prefix}Overall",
            ["metric", "better", "value"],
            _table({"": summary.overall}, metrics),
        )
    ]
    for breakdown, groups in summary.by.items():
        header = ["metric", "better", *groups]
        title = f"{prefix}By {breakdown.replace('_', ' ')}"
        result.append(Table(title, header, _table(groups, metrics)))
    return result


def sections(summary: RunSummary) -> list[tuple[str, SetSummary]]:
    """Each part alone, then all parts together when there are several."""
    named = list(summary.parts.items()) or [("all questions", summary)]
    if len(summary.parts) > 1:
        named.append(("all parts", summary))
    return named


def all_tables(summary: RunSummary) -> list[Table]:
    return [table for name, scores in sections(summary) for table in tables(scores, name)]


def markdown(summary: RunSummary) -> str:
    lat = summary.latency_ms
    lines = ["# accord eval", "", f"Config: `{summary.config.model_dump_json()}`", ""]
    lines += [
        f"Latency: startup {lat.startup} ms, first question {lat.first_question} ms, "
        f"p50 {lat.p50} ms, p95 {lat.p95} ms, max {lat.max} ms",
    ]
    for table in all_tables(summary):
        lines += ["", f"## {table.title}", "", "| " + " | ".join(table.header) + " |"]
        lines.append("|---" * len(table.header) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    title: str
    color: str
    width: int
    height: int
    bars: list[Bar]


def chart(m: Metric, breakdown: str, groups: dict[str, Scores], part: str = "") -> Chart | None:
    """One bar per group; None when the metric applies to no group of this breakdown."""
    values = {key: scores.get(m.name) for key, scores in groups.items()}
    if all(v is None for v in values.values()):
        return None
    bars = [
        Bar(key, fmt(value), 24 + i * (BAR_HEIGHT + BAR_GAP), int((value or 0) * CHART_WIDTH))
        for i, (key, value) in enumerate(values.items())
    ]
    return Chart(
        title=f"{part + ': ' if part else ''}{m.name} by {breakdown}",
        color="#2e86c1" if m.higher_is_better else "#c0392b",
        width=CHART_WIDTH + LABEL_WIDTH + 60,
        height=len(bars) * (BAR_HEIGHT + BAR_GAP) + 30,
        bars=bars,
    )


def html_report(summary: RunSummary, records: list[dict[str, Any]]) -> str:
    charts = [
        c
        for name, scores in sections(summary)
        for m in shown_metrics(scores)
        if m.headline
        for b in CHART_BREAKDOWNS
        if (c := chart(m, b, getattr(scores.by, b), name)) is not None
    ]
    blind = set(summary.config.blind_parts)
    failed = [r for r in records if r["failed"] and r.get("part") not in blind]
    hidden = sum(1 for r in records if r["failed"] and r.get("part") in blind)
    return _templates.get_template("report.html.j2").render(
        summary=summary,
        hidden=hidden,
        tables=all_tables(summary),
        charts=charts,
        failed=failed,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )


def write_run(folder: Path, summary: RunSummary, records: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    summary.write(folder / "summary.json")
    (folder / "questions.json").write_text(
        json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (folder / "report.md").write_text(markdown(summary), encoding="utf-8")
    (folder / "report.html").write_text(html_report(summary, records), encoding="utf-8")


def _records(run: Path) -> dict[str, dict[str, Any]]:
    path = run / "questions.json"
    try:
        return {r["id"]: r for r in json.loads(path.read_text(encoding="utf-8"))}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a readable list of eval questions: {exc}") from exc


def compare(run_a: Path, run_b: Path) -> str:
    """What changed from run A to run B, overall and question by question."""
    sa = RunSummary.read(run_a / "summary.json")
    sb = RunSummary.read(run_b / "summary.json")
    qa, qb = _records(run_a), _records(run_b)
    lines = [f"Comparing {run_a} -> {run_b}", "", "metric: A -> B (delta)"]
    for m in METRICS.values():
        a, b = sa.overall.get(m.name), sb.overall.get(m.name)
        if a is None or b is None:
            continue
        delta = round(b - a, 4)  # values are stored to 4 places; finer is rounding noise
        verdict = "" if delta == 0 else " better" if (delta > 0) == m.higher_is_better else " worse"
        lines.append(f"  {m.name}: {a:.3f} -> {b:.3f} ({delta:+.3f}){verdict}")
    improved, regressed = [], []
    blind = set(sa.config.blind_parts) | set(sb.config.blind_parts)
    hidden = {"improved": 0, "regressed": 0}
    for qid in sorted(set(qa) & set(qb)):
        a = qa[qid]["checks"].get("answer_correct", 0)
        b = qb[qid]["checks"].get("answer_correct", 0)
        if b != a and qb[qid].get("part") in blind:
            hidden["improved" if b > a else "regressed"] += 1
        elif b > a:
            improved.append(f"  + {qid}: {qb[qid]['question']}")
        elif b < a:
            regressed.append(
                f"  - {qid}: {qb[qid]['question']} (failed: {', '.join(qb[qid]['failed'])})"
            )
    for kind, count in hidden.items():
        if count:
            (improved if kind == "improved" else regressed).append(
                f"  ({count} in blind parts, not listed)"
            )
    lines += [
        "",
        f"improved ({len(improved)}):",
        *improved,
        f"regressed ({len(regressed)}):",
        *regressed,
    ]
    only = sorted(set(qa) ^ set(qb))
    if only:
        lines.append(f"questions in only one run: {', '.join(only)}")
    return "\n".join(lines)
