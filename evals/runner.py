"""Run the gold set through the configured pipeline and summarise it."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm

from evals.dataset import GoldItem
from evals.metrics import LOWER_IS_BETTER, METRICS, Outcome, abstention_precision, score
from rag.answer.conversation import Conversation
from rag.models import Article
from rag.service import AccordService
from rag.stats import percentile

BREAKDOWNS = ("question_language", "article_language", "pair", "type")


@dataclass
class RunResult:
    outcomes: list[Outcome]
    scores: list[dict[str, float | None]]
    startup_ms: float
    extra: dict[str, Any] = field(default_factory=dict)


def article_language(item: GoldItem, articles: dict[str, Article]) -> str:
    langs = sorted({articles[d].language for d in item.supporting_docs if d in articles})
    return "+".join(langs) if langs else "none"


def groups(item: GoldItem, articles: dict[str, Article]) -> dict[str, str]:
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
    return RunResult(outcomes, [score(o) for o in outcomes], startup_ms)


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else None


def aggregate(scores: list[dict[str, float | None]], outcomes: list[Outcome]) -> dict[str, Any]:
    result: dict[str, Any] = {name: _mean([s[name] for s in scores]) for name in METRICS}
    result["abstention_precision"] = abstention_precision(outcomes)
    result["n"] = len(outcomes)
    return result


def summarise(result: RunResult, config: dict[str, Any]) -> dict[str, Any]:
    outcomes, scores = result.outcomes, result.scores
    latencies = [o.latency_ms for o in outcomes]
    summary: dict[str, Any] = {
        "config": config,
        "overall": aggregate(scores, outcomes),
        "latency_ms": {
            "startup": round(result.startup_ms, 1),
            "first_question": round(latencies[0], 1) if latencies else 0.0,
            "p50": round(percentile(latencies, 50), 1),
            "p95": round(percentile(latencies, 95), 1),
            "max": round(max(latencies, default=0.0), 1),
        },
        "by": {},
    }
    for breakdown in BREAKDOWNS:
        buckets: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(outcomes):
            buckets[groups(o.item, o.articles)[breakdown]].append(i)
        summary["by"][breakdown] = {
            key: aggregate([scores[i] for i in idx], [outcomes[i] for i in idx])
            for key, idx in sorted(buckets.items())
        }
    return summary


def question_record(outcome: Outcome, scores: dict[str, float | None]) -> dict[str, Any]:
    checks = {k: v for k, v in scores.items() if v is not None}
    return {
        "id": outcome.item.id,
        **groups(outcome.item, outcome.articles),
        "question": outcome.item.question,
        "history": outcome.item.history,
        "expected_docs": outcome.item.supporting_docs,
        "key_facts": outcome.item.key_facts,
        "answer": outcome.answer.model_dump(),
        "latency_ms": round(outcome.latency_ms, 2),
        "checks": checks,
        "passed": [k for k, v in checks.items() if v == (0.0 if k in LOWER_IS_BETTER else 1.0)],
        "failed": [k for k, v in checks.items() if v == (1.0 if k in LOWER_IS_BETTER else 0.0)],
    }
