"""Optional LLM-judged faithfulness; informative only, it never gates CI.

The judge is asked for a JSON object with a ``score``. Taking the first number of a free
reply read "[1]" or a count of claims as a score; a reply with no readable score is now
recorded as unparseable (the ``judge_unparseable`` metric), never guessed at.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace

from evals.metrics import Outcome
from rag.answer.llm_client import LLMUnavailable, RetryingOpenAI
from rag.answer.prompts import PromptTemplate
from rag.answer.reply import strip_reasoning

log = logging.getLogger(__name__)
_OBJECT = re.compile(r"\{[^{}]*\}")


def parse_score(reply: str) -> float | None:
    """The ``score`` of the first JSON object in the reply that has a number in [0, 1] as
    its score (reasoning and code fences around it are ignored); else None."""
    text, _unfinished = strip_reasoning(reply)
    for candidate in _OBJECT.findall(text):
        try:
            data = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        value = data.get("score") if isinstance(data, dict) else None
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
    return None


def judged(client: RetryingOpenAI, model: str, prompt: PromptTemplate, o: Outcome) -> Outcome:
    """``o`` with the judge's score and how the judging went."""
    if o.answer.abstained or not o.answer.citations:
        return o
    passages = "\n\n".join(f"[{c.n}] {c.passage}" for c in o.answer.citations)
    text = prompt.render(question=o.item.question, answer=o.answer.answer, passages=passages)
    try:
        reply = client.chat(model, [{"role": "user", "content": text}], temperature=0)
    except LLMUnavailable as exc:
        log.warning("judge unavailable for %s: %s", o.item.id, exc)
        return replace(o, judge="unavailable")
    value = parse_score(reply)
    if value is None:
        log.warning("judge reply for %s has no score: %.120r", o.item.id, reply)
        return replace(o, judge="unparseable")
    return replace(o, faithfulness=value, judge="scored")


def judge_all(
    client: RetryingOpenAI, model: str, prompt: PromptTemplate, outcomes: list[Outcome]
) -> list[Outcome]:
    """The outcomes with the judge's score, which the ``faithfulness_llm`` metric reads."""
    return [judged(client, model, prompt, o) for o in outcomes]
