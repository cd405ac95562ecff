"""`accord eval`: a full gated run over the gold set, and `--compare`."""

import json
from pathlib import Path

import pytest

from evals.cli import run_eval_cli
from evals.parts import load_parts
from evals.report import write_run
from evals.summary import RunSummary
from rag.service import RagService
from tests.support.eval_outcomes import GOOD, SUPPORTING, outcome, scored_run


@pytest.mark.slow
def test_full_eval_passes_the_gate_and_writes_reports(service: RagService, tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert run_eval_cli(["--out", str(out), "--quiet"], service.settings) == 0
    summary = RunSummary.read(out / "summary.json")
    assert summary.overall.n >= 260 and summary.config.questions == summary.overall.n
    assert set(summary.parts) == {part.name for part in load_parts()}
    assert summary.config.corpus_documents >= 100
    assert sum(part.overall.n for part in summary.parts.values()) == summary.overall.n
    assert set(summary.by.question_language) == {"en", "fr", "vi"}
    assert 0 < summary.latency_ms.p50 <= summary.latency_ms.p95
    records = json.loads((out / "questions.json").read_text())
    assert {"question", "answer", "checks", "passed", "failed"} <= set(records[0])
    assert "<svg" in (out / "report.html").read_text()
    report = (out / "report.md").read_text()
    assert "## test: By pair" in report and "## all parts: Overall" in report
    # The held-out part's failures are counted, never listed.
    html = (out / "report.html").read_text()
    blind = {part.name for part in load_parts() if part.blind}
    blind_ids = {r["id"] for r in records if r["part"] in blind and r["failed"]}
    assert blind_ids and not any(f"<td>{qid}</td>" in html for qid in blind_ids)
    assert f"{len(blind_ids)} more in blind parts" in html


def test_compare_lists_improvements_and_regressions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = outcome("Someone signed it [1].", SUPPORTING)
    runs = {"a": scored_run(wrong), "b": scored_run(outcome(GOOD, SUPPORTING))}
    for name, (summary, records) in runs.items():
        write_run(tmp_path / name, summary, records)
    assert run_eval_cli(["--compare", str(tmp_path / "a"), str(tmp_path / "b")], None) == 0  # type: ignore[arg-type]
    out = capsys.readouterr().out
    assert "answer_correct: 0.000 -> 1.000 (+1.000) better" in out and "+ en-01" in out
    assert "hit@1: 1.000 -> 1.000 (+0.000)\n" in out


def test_compare_reads_run_folders_written_before_the_typed_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary, records = scored_run(outcome(GOOD, SUPPORTING))
    write_run(tmp_path / "new", summary, records)
    old = tmp_path / "old"
    old.mkdir()
    flat = json.loads(summary.model_dump_json())
    for scores in [flat["overall"], *(s for by in flat["by"].values() for s in by.values())]:
        scores.update(scores.pop("metrics"))
    (old / "summary.json").write_text(json.dumps(flat))
    (old / "questions.json").write_text(json.dumps(records))
    assert RunSummary.read(old / "summary.json") == summary
    assert run_eval_cli(["--compare", str(old), str(tmp_path / "new")], None) == 0  # type: ignore[arg-type]
    assert "answer_correct: 1.000 -> 1.000 (+0.000)" in capsys.readouterr().out
