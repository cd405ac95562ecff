"""Run folders: per-question JSON, summary JSON, Markdown and HTML reports; comparisons; the gate."""

from __future__ import annotations

import html
import json
import tomllib
from pathlib import Path
from typing import Any

from evals.metrics import LOWER_IS_BETTER

HEADLINE = [
    "hit@1", "hit@3", "mrr", "passage_recall@5", "citation_hit", "citation_precision",
    "key_fact_accuracy", "answer_correct", "abstention_recall", "wrong_abstention",
    "quotes_verbatim", "citations_resolve", "leak",
]  # fmt: skip
THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.toml"


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


def markdown(summary: dict[str, Any]) -> str:
    lines = ["# accord eval", "", f"Config: `{json.dumps(summary['config'])}`", ""]
    lat = summary["latency_ms"]
    lines += [
        f"Latency: startup {lat['startup']} ms, first question {lat['first_question']} ms, "
        f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms",
        "",
    ]
    overall = summary["overall"]
    lines += ["## Overall", "", "| metric | value |", "|---|---|"]
    lines += [f"| {m} | {_fmt(overall.get(m))} |" for m in [*HEADLINE, "abstention_precision", "n"]]
    for breakdown, groups in summary["by"].items():
        keys = list(groups)
        lines += ["", f"## By {breakdown.replace('_', ' ')}", ""]
        lines += ["| metric | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
        for m in [*HEADLINE, "n"]:
            lines.append(f"| {m} | " + " | ".join(_fmt(groups[k].get(m)) for k in keys) + " |")
    return "\n".join(lines) + "\n"


def _bar_chart(title: str, values: dict[str, float | None]) -> str:
    width, bar_h, gap, label_w = 420, 18, 6, 130
    rows = [(k, v) for k, v in values.items()]
    height = len(rows) * (bar_h + gap) + 30
    parts = [
        f'<svg width="{width + label_w + 60}" height="{height}" role="img">',
        f'<text x="0" y="14" font-weight="bold">{html.escape(title)}</text>',
    ]
    for i, (key, value) in enumerate(rows):
        y = 24 + i * (bar_h + gap)
        w = int((value or 0) * width)
        color = "#c0392b" if title in LOWER_IS_BETTER else "#2e86c1"
        parts.append(f'<text x="0" y="{y + 13}">{html.escape(key)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + 13}">{_fmt(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def html_report(summary: dict[str, Any], records: list[dict[str, Any]]) -> str:
    charts = []
    for m in HEADLINE:
        for breakdown in ("question_language", "pair", "type"):
            values = {k: g.get(m) for k, g in summary["by"][breakdown].items()}
            if any(v is not None for v in values.values()):
                charts.append(f"<div class=chart>{_bar_chart(f'{m} by {breakdown}', values)}</div>")
    failed = "".join(
        f"<tr><td>{html.escape(r['id'])}</td><td>{html.escape(r['question'])}</td>"
        f"<td>{html.escape(r['answer']['answer'][:300])}</td><td>{html.escape(', '.join(r['failed']))}</td></tr>"
        for r in records
        if r["failed"]
    )
    body = markdown(summary).replace("&", "&amp;").replace("<", "&lt;")
    return (
        "<!doctype html><meta charset=utf-8><title>accord eval</title>"
        "<style>body{font-family:sans-serif;margin:2em} .chart{display:inline-block;margin:1em}"
        "table{border-collapse:collapse} td{border:1px solid #ccc;padding:4px;vertical-align:top}</style>"
        f"<h1>accord eval</h1><pre>{body}</pre><h2>Charts</h2>{''.join(charts)}"
        f"<h2>Questions with failed checks</h2><table>{failed}</table>"
    )


def write_run(folder: Path, summary: dict[str, Any], records: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (folder / "questions.json").write_text(
        json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (folder / "report.md").write_text(markdown(summary), encoding="utf-8")
    (folder / "report.html").write_text(html_report(summary, records), encoding="utf-8")


def load_thresholds(path: Path = THRESHOLDS_PATH) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def gate(summary: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    """Every threshold the run misses, as readable lines (empty: the run passes)."""
    failures: list[str] = []

    def check(scope: str, values: dict[str, Any]) -> None:
        for name, floor in thresholds.get("min", {}).items():
            if values.get(name) is not None and values[name] < floor:
                failures.append(f"{scope} {name} = {values[name]:.3f} < min {floor}")
        for name, ceiling in thresholds.get("max", {}).items():
            if values.get(name) is not None and values[name] > ceiling:
                failures.append(f"{scope} {name} = {values[name]:.3f} > max {ceiling}")

    check("overall", summary["overall"])
    per_language = thresholds.get("min_per_question_language", {})
    for language, values in summary["by"]["question_language"].items():
        for name, floor in per_language.items():
            if values.get(name) is not None and values[name] < floor:
                failures.append(f"{language} {name} = {values[name]:.3f} < min {floor}")
    return failures


def compare(run_a: Path, run_b: Path) -> str:
    """What changed from run A to run B, overall and question by question."""
    sa = json.loads((run_a / "summary.json").read_text(encoding="utf-8"))
    sb = json.loads((run_b / "summary.json").read_text(encoding="utf-8"))
    qa = {r["id"]: r for r in json.loads((run_a / "questions.json").read_text(encoding="utf-8"))}
    qb = {r["id"]: r for r in json.loads((run_b / "questions.json").read_text(encoding="utf-8"))}
    lines = [f"Comparing {run_a} -> {run_b}", "", "metric: A -> B (delta)"]
    for m in [*HEADLINE, "abstention_precision"]:
        a, b = sa["overall"].get(m), sb["overall"].get(m)
        if a is None or b is None:
            continue
        lines.append(f"  {m}: {a:.3f} -> {b:.3f} ({b - a:+.3f})")
    improved, regressed = [], []
    for qid in sorted(set(qa) & set(qb)):
        a = qa[qid]["checks"].get("answer_correct", 0)
        b = qb[qid]["checks"].get("answer_correct", 0)
        if b > a:
            improved.append(f"  + {qid}: {qb[qid]['question']}")
        elif b < a:
            regressed.append(
                f"  - {qid}: {qb[qid]['question']} (failed: {', '.join(qb[qid]['failed'])})"
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
