"""Optional LLM-judged faithfulness; informative only, it never gates CI."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from evals.metrics import Outcome
from rag.answer.llm_client import LLMUnavailable, RetryingOpenAI
from rag.answer.prompts import PromptTemplate

log = logging.getLogger(__name__)


def faithfulness(
    client: RetryingOpenAI, model: str, prompt: PromptTemplate, o: Outcome
) -> float | None:
    if o.answer.abstained or not o.answer.citations:
        return None
    passages = "\n\n".join(f"[{c.n}] {c.passage}" for c in o.answer.citations)
    text = prompt.render(question=o.item.question, answer=o.answer.answer, passages=passages)
    try:
        reply = client.chat(model, [{"role": "user", "content": text}], temperature=0)
    except LLMUnavailable as exc:
        log.warning("judge unavailable for %s: %s", o.item.id, exc)
        return None
    match = re.search(r"\d+(?:\.\d+)?", reply)
    return min(1.0, max(0.0, float(match.group()))) if match else None


def judge_all(
    client: RetryingOpenAI, model: str, prompt: PromptTemplate, outcomes: list[Outcome]
) -> list[Outcome]:
    """The outcomes with the judge's score, which the ``faithfulness_llm`` metric reads."""
    return [replace(o, faithfulness=faithfulness(client, model, prompt, o)) for o in outcomes]
