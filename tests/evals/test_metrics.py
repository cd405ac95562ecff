"""Registered metrics: their scores on hand-made outcomes and their declared direction."""

from evals.metrics import METRICS, score
from tests.support.eval_outcomes import OTHER, SUPPORTING, outcome


def test_metric_functions_score_oneoutcome() -> None:
    good = score(outcome("Tô Lâm and Sajid Javid signed it [1].", SUPPORTING))
    assert good["key_fact_accuracy"] == 1.0 and good["answer_correct"] == 1.0
    assert good["hit@1"] == 1.0 and good["citation_hit"] == 1.0 and good["citations_resolve"] == 1.0
    bad = score(outcome("Someone signed it [2].", OTHER))
    assert (
        bad["key_fact_accuracy"] == 0.0
        and bad["citation_hit"] == 0.0
        and bad["citations_resolve"] == 0.0
    )
    assert bad["mrr"] == 0.0
    assert set(good) == {name for name, m in METRICS.items() if m.per_question is not None}


def test_the_lead_is_correct_when_the_facts_it_states_are_the_asked_ones() -> None:
    """Two key facts (To Lam, Javid): the lead must state both; no lead, no score."""
    quote = "Tô Lâm and Sajid Javid signed it [1]."
    assert score(outcome(quote, SUPPORTING, facts=["Tô Lâm", "Sajid Javid"]))["lead_correct"] == 1
    assert (
        score(outcome(quote, SUPPORTING, facts=["Sajid Javid", "Theresa May"]))["lead_correct"] == 0
    )
    assert score(outcome(quote, SUPPORTING))["lead_correct"] is None
    assert not METRICS["lead_correct"].headline and METRICS["lead_correct"].higher_is_better


def test_every_metric_declares_its_direction_and_the_headline_is_declared_too() -> None:
    lower = {name for name, m in METRICS.items() if not m.higher_is_better}
    assert lower == {"wrong_abstention", "leak", "judge_unparseable"}
    headline = [name for name, m in METRICS.items() if m.headline]
    assert {"hit@1", "answer_correct", "abstention_precision", "wrong_abstention"} <= set(headline)
    assert all((m.per_question is None) != (m.per_set is None) for m in METRICS.values())
