"""Answers written by any OpenAI-compatible model, held to the passages it was given.

The model sees numbered passages as quoted data; its answer keeps only citations
to those numbers. If the endpoint stays down, or the answer cites nothing that
exists, the offline extractive answer is returned with a visible note.
"""

from __future__ import annotations

import logging
import re

from rag.answer.base import Answerer, AnswerRequest, abstain, answered, fallen_back
from rag.answer.citations import (
    cited_numbers,
    clean_citations,
    neutralize_markers,
    renumber,
    split_cited,
)
from rag.answer.guards import is_injection
from rag.answer.llm_client import LLMUnavailable, RetryingOpenAI
from rag.answer.prompts import PromptTemplate
from rag.lang.messages import language_name
from rag.lang.text import fold, normalize_space
from rag.models import Answer, RetrievedChunk

log = logging.getLogger(__name__)
NO_ANSWER = "NO_ANSWER"
_QUOTED = re.compile(r"[\"“«]\s*([^\"”»]{30,})\s*[\"”»]")


def format_passages(items: list[RetrievedChunk]) -> str:
    blocks = []
    for n, item in enumerate(items, start=1):
        meta = item.chunk.meta
        header = f"[{n}] {meta.title} ({meta.date or 'undated'}, {meta.language})"
        # A "[9]" inside an article must not pass for one of our passage numbers.
        text = neutralize_markers(item.chunk.text)
        text = text.replace("</passages>", "</ passages>")
        blocks.append(f"{header}\n{text}")
    return "\n\n".join(blocks)


def format_history(history: list[tuple[str, str]]) -> str:
    if not history:
        return "(none)"
    return "\n".join(f"Q: {q}\nA: {a}" for q, a in history)


class LLMAnswerer:
    name = "llm"

    def __init__(
        self,
        client: RetryingOpenAI,
        model: str,
        system_prompt: PromptTemplate,
        user_prompt: PromptTemplate,
        fallback: Answerer,
    ) -> None:
        self.client = client
        self.model = model
        self.system_prompt = system_prompt
        self.user_prompt = user_prompt
        self.fallback = fallback

    def answer(self, request: AnswerRequest) -> Answer:
        if is_injection(request.question):
            return abstain(request, self.name, "out_of_scope")
        items = request.retrieval.chunks
        if not items:
            return abstain(request, self.name)
        try:
            raw = self.client.chat(self.model, self._messages(request), temperature=0)
        except LLMUnavailable as exc:
            log.warning("LLM unavailable, using the offline answer: %s", exc)
            return self._fallback(request)
        return self._finish(request, items, raw)

    def _messages(self, request: AnswerRequest) -> list[dict[str, str]]:
        name = language_name(request.language)
        return [
            {"role": "system", "content": self.system_prompt.render(language_name=name)},
            {
                "role": "user",
                "content": self.user_prompt.render(
                    passages=format_passages(request.retrieval.chunks),
                    history=format_history(request.history),
                    question=request.question,
                ),
            },
        ]

    def _finish(self, request: AnswerRequest, items: list[RetrievedChunk], raw: str) -> Answer:
        text = raw.strip()
        if not text or NO_ANSWER in text:
            return abstain(request, self.name)
        valid = set(range(1, len(items) + 1))
        text = clean_citations(text, valid)
        cited = [n for n in cited_numbers(text) if n in valid]
        if not cited:
            log.warning("LLM answer cited no given passage; using the offline answer")
            return self._fallback(request)
        if not self._quotes_hold(text, [items[n - 1] for n in cited]):
            log.warning(
                "LLM answer quotes text that its sources do not contain; using the offline answer"
            )
            return self._fallback(request)
        citations, related, mapping = split_cited(items, cited)
        return answered(request, self.name, renumber(text, mapping), citations, related)

    @staticmethod
    def _quotes_hold(text: str, cited: list[RetrievedChunk]) -> bool:
        """Every quotation in the answer must occur in a cited passage (ignoring case/accents)."""
        sources = fold(" ".join(normalize_space(i.chunk.text) for i in cited))
        return all(fold(normalize_space(q)) in sources for q in _QUOTED.findall(text))

    def _fallback(self, request: AnswerRequest) -> Answer:
        return fallen_back(self.fallback.answer(request), self.name)
