"""Run the gold set through the configured pipeline, score it and summarise it."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from evals.dataset import GoldItem
from evals.metrics import METRICS, Outcome
from evals.summary import Breakdowns, Latency, RunConfig, RunSummary, Scores, SetSummary
from rag.answer.conversation import Conversation
from rag.models import Article
from rag.service import AccordService
from rag.stats import percentile

QuestionScores = dict[str, float | None]


@dataclass
class RunResult:
    outcomes: list[Outcome]
    startup_ms: float


def article_language(item: GoldItem, articles: dict[str, Article]) -> str:
    langs = sorted({articles[d].language for d in item.supporting_docs if d in articles})
    return "+".join(langs) if langs else "none"


def groups(item: GoldItem, articles: dict[str, Article]) -> dict[str, str]:
    """The question's group in each breakdown (the fields of ``Breakdowns``)."""
    target = article_language(item, articles)
    return {
        "question_language": item.language,
        "article_language": target,
        "pair": f"{item.language}->{target}",
        "type": item.type,
    }


def run(
    service: AccordService,
    items: list[GoldItem],
    articles: dict[str, Article],
    progress: bool = True,
) -> RunResult:
    started = time.perf_counter()
    service.corpus()  # loads models and the index: the first-call cost
    startup_ms = (time.perf_counter() - started) * 1000
    outcomes: list[Outcome] = []
    for item in tqdm(items, desc="eval", unit="q", disable=not progress):
        conversation = Conversation()
        for previous in item.history:
            service.ask(previous, conversation)
        t0 = time.perf_counter()
        answer = service.ask(item.question, conversation)
        outcomes.append(Outcome(item, answer, articles, (time.perf_counter() - t0) * 1000))
    return RunResult(outcomes, startup_ms)


def aggregate(outcomes: Sequence[Outcome], scores: Sequence[QuestionScores]) -> Scores:
    return Scores(
        n=len(outcomes),
        metrics={name: m.aggregate(outcomes, scores) for name, m in METRICS.items()},
    )


def summarise_set(outcomes: Sequence[Outcome], scores: Sequence[QuestionScores]) -> SetSummary:
    """Overall and per-group scores of one set of questions."""
    by: dict[str, dict[str, Scores]] = {}
    for breakdown in Breakdowns.model_fields:
        buckets: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(outcomes):
            buckets[groups(o.item, o.articles)[breakdown]].append(i)
        by[breakdown] = {
            key: aggregate([outcomes[i] for i in idx], [scores[i] for i in idx])
            for key, idx in sorted(buckets.items())
        }
    return SetSummary(overall=aggregate(outcomes, scores), by=Breakdowns.model_validate(by))


def summarise(result: RunResult, scores: Sequence[QuestionScores], config: RunConfig) -> RunSummary:
    latencies = [o.latency_ms for o in result.outcomes]
    latency = Latency(
        startup=round(result.startup_ms, 1),
        first_question=round(latencies[0], 1) if latencies else 0.0,
        p50=round(percentile(latencies, 50), 1),
        p95=round(percentile(latencies, 95), 1),
        max=round(max(latencies, default=0.0), 1),
    )
    scored = summarise_set(result.outcomes, scores)
    parts: dict[str, SetSummary] = {}
    for name in dict.fromkeys(o.item.part for o in result.outcomes):
        idx = [i for i, o in enumerate(result.outcomes) if o.item.part == name]
        parts[name] = summarise_set([result.outcomes[i] for i in idx], [scores[i] for i in idx])
    return RunSummary(
        config=config, latency_ms=latency, overall=scored.overall, by=scored.by, parts=parts
    )


def question_record(outcome: Outcome, scores: QuestionScores) -> dict[str, Any]:
    checks = {k: v for k, v in scores.items() if v is not None}
    return {
        "id": outcome.item.id,
        "part": outcome.item.part,
        **groups(outcome.item, outcome.articles),
        "question": outcome.item.question,
        "history": outcome.item.history,
        "expected_docs": outcome.item.supporting_docs,
        "key_facts": outcome.item.key_facts,
        "answer": outcome.answer.model_dump(),
        "latency_ms": round(outcome.latency_ms, 2),
        "checks": checks,
        "passed": [k for k, v in checks.items() if v == METRICS[k].best],
        "failed": [k for k, v in checks.items() if v == METRICS[k].worst],
    }
