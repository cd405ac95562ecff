"""summary.json: written from and read back into the typed summary, old run folders too."""

import json
from pathlib import Path

from evals.report import write_run
from evals.summary import Breakdowns, RunSummary
from tests.support.eval_outcomes import GOOD, OTHER, SUPPORTING, outcome, scored_run


def test_summary_is_typed_and_round_trips_through_summary_json(tmp_path: Path) -> None:
    summary, records = scored_run(
        outcome(GOOD, SUPPORTING),
        outcome("Someone signed it [1].", OTHER),
    )
    assert summary.overall.n == 2 and summary.overall.get("answer_correct") == 0.5
    assert summary.overall.get("abstention_precision") is None  # nothing abstained
    assert list(summary.by.question_language) == ["en"]
    assert summary.by.pair["en->en"].get("hit@1") == 0.5
    write_run(tmp_path, summary, records)
    assert RunSummary.read(tmp_path / "summary.json") == summary
    raw = json.loads((tmp_path / "summary.json").read_text())
    assert set(raw) == {"config", "latency_ms", "overall", "by", "parts"}
    # Every outcome is of the "test" part: the part's scores are the run's.
    assert summary.part("test").overall == summary.overall
    assert set(raw["by"]) == set(Breakdowns.model_fields)
    assert raw["overall"]["metrics"]["answer_correct"] == 0.5
