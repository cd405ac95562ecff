"""Small registered metric functions, one per idea (as in lm-evaluation-harness).

Each takes the outcome of one question and returns a score in [0, 1], or None
when the metric does not apply to that question (retrieval hit@k means nothing
for an unanswerable question). Aggregation averages the non-None values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from evals.dataset import GoldItem
from rag.answer.citations import cited_numbers
from rag.lang.text import fold, split_sentences
from rag.models import Answer, Article


@dataclass
class Outcome:
    item: GoldItem
    answer: Answer
    articles: dict[str, Article]
    latency_ms: float

    @property
    def ranked(self) -> list[tuple[str, str]]:
        """(doc_id, passage) of every retrieved chunk, best first."""
        shown = sorted(self.answer.citations + self.answer.related, key=lambda c: -c.score)
        return [(c.doc_id, c.passage) for c in shown]

    @property
    def ranked_docs(self) -> list[str]:
        return list(dict.fromkeys(doc for doc, _p in self.ranked))


Metric = Callable[[Outcome], float | None]
METRICS: dict[str, Metric] = {}
# Lower is better for these; the report and the gate need to know.
LOWER_IS_BETTER = {"wrong_abstention", "leak"}


def metric(name: str) -> Callable[[Metric], Metric]:
    def register(fn: Metric) -> Metric:
        METRICS[name] = fn
        return fn

    return register


def _answerable(o: Outcome) -> bool:
    return o.item.answerable


def _hit_at(k: int) -> Metric:
    def hit(o: Outcome) -> float | None:
        if not _answerable(o):
            return None
        return float(any(d in o.item.supporting_docs for d in o.ranked_docs[:k]))

    return hit


for _k in (1, 3, 5):
    metric(f"hit@{_k}")(_hit_at(_k))


@metric("mrr")
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


@metric("citation_hit")
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


@metric("key_fact_accuracy")
def key_fact_accuracy(o: Outcome) -> float | None:
    if not _answerable(o):
        return None
    text = fold(o.answer.answer)
    facts = o.item.fact_alternatives()
    return sum(any(fold(alt) in text for alt in alts) for alts in facts) / len(facts)


@metric("answer_correct")
def answer_correct(o: Outcome) -> float:
    """All key facts present (answerable) or an abstention (unanswerable), with no leak."""
    if leak(o):
        return 0.0
    if not _answerable(o):
        return float(o.answer.abstained)
    return float(not o.answer.abstained and key_fact_accuracy(o) == 1.0)


@metric("wrong_abstention")
def wrong_abstention(o: Outcome) -> float | None:
    return float(o.answer.abstained) if _answerable(o) else None


@metric("abstention_recall")
def abstention_recall(o: Outcome) -> float | None:
    return None if _answerable(o) else float(o.answer.abstained)


@metric("leak")
def leak(o: Outcome) -> float | None:
    if not o.item.must_not_contain:
        return None
    text = o.answer.answer + " " + o.answer.note
    return float(any(bad in text for bad in o.item.must_not_contain))


def abstention_precision(outcomes: list[Outcome]) -> float | None:
    """Of the answers that abstained, the share that should have (a corpus-level metric)."""
    abstained = [o for o in outcomes if o.answer.abstained]
    if not abstained:
        return None
    return sum(not o.item.answerable for o in abstained) / len(abstained)


def score(outcome: Outcome) -> dict[str, float | None]:
    return {name: fn(outcome) for name, fn in METRICS.items()}
