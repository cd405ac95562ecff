"""Small registered metric functions, one per idea (as in lm-evaluation-harness).

A metric is registered with the direction in which it is better and whether it is a
headline (printed after a run); the report, the gate and comparisons read both from the
registration, so adding a metric is one decorated function.

Most metrics score one question and return a value in [0, 1], or None when the metric
does not apply to that question (retrieval hit@k means nothing for an unanswerable
question); a group's value is the mean of the non-None values. A few, registered with
``run_metric``, only make sense over a set of questions (abstention precision).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evals.dataset import GoldItem
from rag.answer.citations import cited_numbers
from rag.lang.text import fold, split_sentences
from rag.models import Answer, Article


@dataclass(frozen=True)
class Outcome:
    item: GoldItem
    answer: Answer
    articles: dict[str, Article]
    latency_ms: float
    # Set by the optional LLM judge (evals/judge.py); None when not judged.
    faithfulness: float | None = None
    judge: str = ""  # "scored", "unparseable", "unavailable"; "" when not judged

    @property
    def ranked(self) -> list[tuple[str, str]]:
        """(doc_id, passage) of every retrieved chunk, best first."""
        shown = sorted(self.answer.citations + self.answer.related, key=lambda c: -c.score)
        return [(c.doc_id, c.passage) for c in shown]

    @property
    def ranked_docs(self) -> list[str]:
        return list(dict.fromkeys(doc for doc, _p in self.ranked))


QuestionScorer = Callable[[Outcome], float | None]
SetScorer = Callable[[Sequence[Outcome]], float | None]


@dataclass(frozen=True)
class Metric:
    """A registered metric: how it is scored, which way is better, whether it is a headline."""

    name: str
    higher_is_better: bool
    headline: bool
    # Exactly one of the two: a per-question score (averaged over a group, and listed per
    # question in questions.json) or a score over a whole group of questions.
    per_question: QuestionScorer | None = None
    per_set: SetScorer | None = None

    @property
    def best(self) -> float:
        return 1.0 if self.higher_is_better else 0.0

    @property
    def worst(self) -> float:
        return 1.0 - self.best

    def aggregate(
        self, outcomes: Sequence[Outcome], scores: Sequence[dict[str, float | None]]
    ) -> float | None:
        """The group's value, given its outcomes and their per-question scores."""
        if self.per_set is not None:
            value = self.per_set(outcomes)
        else:
            present = [v for s in scores if (v := s[self.name]) is not None]
            value = sum(present) / len(present) if present else None
        return None if value is None else round(value, 4)


METRICS: dict[str, Metric] = {}


def metric(
    name: str, *, higher_is_better: bool = True, headline: bool = False
) -> Callable[[QuestionScorer], QuestionScorer]:
    """Register a per-question metric."""

    def register(fn: QuestionScorer) -> QuestionScorer:
        METRICS[name] = Metric(name, higher_is_better, headline, per_question=fn)
        return fn

    return register


def set_metric(
    name: str, *, higher_is_better: bool = True, headline: bool = False
) -> Callable[[SetScorer], SetScorer]:
    """Register a metric scored over a group of questions as a whole."""

    def register(fn: SetScorer) -> SetScorer:
        METRICS[name] = Metric(name, higher_is_better, headline, per_set=fn)
        return fn

    return register


def _answerable(o: Outcome) -> bool:
    return o.item.answerable


def _hit_at(k: int) -> QuestionScorer:
    def hit(o: Outcome) -> float | None:
        if not _answerable(o):
            return None
        return float(any(d in o.item.supporting_docs for d in o.ranked_docs[:k]))

    return hit


for _k in (1, 3, 5):
    metric(f"hit@{_k}", headline=_k in (1, 3))(_hit_at(_k))


@metric("mrr", headline=True)
def mrr(o: Outcome) -> float | None:
    if not _answerable(o):
        return None
    for rank, doc in enumerate(o.ranked_docs, start=1):
        if doc in o.item.supporting_docs:
            return 1.0 / rank
    return 0.0


@metric("passage_recall@5")
def passage_recall(o: Outcome) -> float | None:
    if not _answerable(o) or not o.item.supporting_passages:
        return None
    texts = [fold(p) for _d, p in o.ranked[:5]]
    found = [any(fold(s) in t for t in texts) for s in o.item.supporting_passages]
    return sum(found) / len(found)


def _cited_docs(o: Outcome) -> list[str]:
    return [c.doc_id for c in o.answer.citations]


@metric("citation_hit", headline=True)
def citation_hit(o: Outcome) -> float | None:
    if not _answerable(o):
        return None
    return float(any(d in o.item.supporting_docs for d in _cited_docs(o)))


@metric("citation_precision")
def citation_precision(o: Outcome) -> float | None:
    cited = _cited_docs(o)
    if not _answerable(o) or not cited:
        return None
    return sum(d in o.item.supporting_docs for d in cited) / len(cited)


@metric("citations_resolve")
def citations_resolve(o: Outcome) -> float | None:
    """Every [n] in the answer points at a returned citation."""
    numbers = cited_numbers(o.answer.answer)
    if not numbers:
        return None
    valid = {c.n for c in o.answer.citations}
    return float(all(n in valid for n in numbers))


@metric("quotes_verbatim")
def quotes_verbatim(o: Outcome) -> float | None:
    """Every quoted passage and quote occurs verbatim in its article."""
    shown = o.answer.citations + o.answer.related
    if not shown:
        return None
    ok = 0
    for c in shown:
        article = o.articles.get(c.doc_id)
        text = article.text if article else ""
        ok += c.passage in text and (
            not c.quote or all(q in text for q in split_sentences(c.quote))
        )
    return ok / len(shown)


@metric("key_fact_accuracy", headline=True)
def key_fact_accuracy(o: Outcome) -> float | None:
    if not _answerable(o):
        return None
    text = fold(o.answer.answer)
    facts = o.item.fact_alternatives()
    return sum(any(fold(alt) in text for alt in alts) for alts in facts) / len(facts)


@metric("answer_correct", headline=True)
def answer_correct(o: Outcome) -> float:
    """All key facts present (answerable) or an abstention (unanswerable), with no leak."""
    if leak(o):
        return 0.0
    if not _answerable(o):
        return float(o.answer.abstained)
    return float(not o.answer.abstained and key_fact_accuracy(o) == 1.0)


@metric("lead_correct")
def lead_correct(o: Outcome) -> float | None:
    """The facts an answer states first (its lead, in the asker's language) are the asked
    ones: every key fact for a list or several facts, else the first fact stated holds the
    key fact. None when the answer states no fact (same-language quotes need no lead)."""
    if not _answerable(o) or o.answer.abstained or not o.answer.facts:
        return None
    stated = [fold(fact) for fact in o.answer.facts]
    facts = o.item.fact_alternatives()
    if len(facts) > 1 or o.item.type in ("list", "what_agreed"):
        every = " | ".join(stated)
        return float(all(any(fold(alt) in every for alt in alts) for alts in facts))
    return float(any(fold(alt) in stated[0] for alt in facts[0]))


@metric("wrong_abstention", higher_is_better=False, headline=True)
def wrong_abstention(o: Outcome) -> float | None:
    return float(o.answer.abstained) if _answerable(o) else None


@metric("abstention_recall", headline=True)
def abstention_recall(o: Outcome) -> float | None:
    return None if _answerable(o) else float(o.answer.abstained)


@metric("leak", higher_is_better=False)
def leak(o: Outcome) -> float | None:
    if not o.item.must_not_contain:
        return None
    text = o.answer.answer + " " + o.answer.note
    return float(any(bad in text for bad in o.item.must_not_contain))


@metric("faithfulness_llm")
def faithfulness_llm(o: Outcome) -> float | None:
    """The LLM judge's score (`accord eval --judge`); informative only, never gated."""
    return o.faithfulness


@metric("judge_unparseable", higher_is_better=False)
def judge_unparseable(o: Outcome) -> float | None:
    """1 when the judge replied but no score could be read from it (informative only)."""
    return {"scored": 0.0, "unparseable": 1.0}.get(o.judge)


@set_metric("abstention_precision", headline=True)
def abstention_precision(outcomes: Sequence[Outcome]) -> float | None:
    """Of the answers that abstained, the share that should have."""
    abstained = [o for o in outcomes if o.answer.abstained]
    if not abstained:
        return None
    return sum(not o.item.answerable for o in abstained) / len(abstained)


def score(outcome: Outcome) -> dict[str, float | None]:
    """Every per-question metric of one outcome, in registration order."""
    return {
        name: m.per_question(outcome) for name, m in METRICS.items() if m.per_question is not None
    }
