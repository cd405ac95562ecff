"""Scoring a run: per-question records and the typed summary."""

from tests.support.eval_outcomes import GOOD, SUPPORTING, outcome, scored_run


def test_passed_and_failed_checks_follow_the_metric_direction() -> None:
    wrongly_abstained = outcome("I could not find this.", SUPPORTING, True)
    _summary, (record,) = scored_run(wrongly_abstained)
    assert record["checks"]["wrong_abstention"] == 1.0
    assert "wrong_abstention" in record["failed"] and "wrong_abstention" not in record["passed"]
    _summary, (record,) = scored_run(outcome(GOOD, SUPPORTING))
    assert "wrong_abstention" in record["passed"] and "answer_correct" in record["passed"]
