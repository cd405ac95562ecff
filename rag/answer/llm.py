"""Answers written by any OpenAI-compatible model, held to the passages it was given.

The model sees numbered passages (cut to a budget, rag/answer/passages.py) as quoted
data. Its reply is bounded (``max_tokens``, stop sequences, one deadline) and checked
(rag/answer/reply.py: reasoning stripped, sentinel, echo, length, language), then held
to its sources: only citations to given numbers are kept, and every quotation must occur
in a cited passage. Whatever fails, the offline extractive answer is returned with a
note that says why, in the asker's language, and ``fallback_reason`` says it to programs.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from rag.answer.base import Answerer, AnswerRequest, abstain, answered, fallen_back
from rag.answer.citations import cited_numbers, clean_citations, renumber, split_cited
from rag.answer.guards import out_of_scope
from rag.answer.llm_client import LLMFailure, RetryingOpenAI
from rag.answer.passages import budgeted, format_passages, passage_header
from rag.answer.prompts import PromptTemplate
from rag.answer.reply import check, scaffold
from rag.lang.messages import language_name, t
from rag.lang.text import fold, normalize_space
from rag.models import Answer, FallbackReason, RetrievedChunk

log = logging.getLogger(__name__)
_QUOTED = re.compile(r"[\"“«]\s*([^\"”»]{30,})\s*[\"”»]")
# A reply that starts writing the prompt's scaffolding is cut there (and then rejected).
STOP = ["<passages>", "</passages>", "\nQuestion:", "\nPassages ("]


@dataclass(frozen=True)
class Generation:
    """How much the model may write and how long one answer may take."""

    max_tokens: int = 300
    deadline_s: float = 60.0
    max_answer_chars: int = 1200
    passage_chars: int = 3000


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
        generation: Generation | None = None,
    ) -> None:
        self.client = client
        self.model = model
        self.system_prompt = system_prompt
        self.user_prompt = user_prompt
        self.fallback = fallback
        self.generation = generation or Generation()

    def answer(self, request: AnswerRequest) -> Answer:
        if out_of_scope(request.question):
            return abstain(request, self.name, "out_of_scope")
        items = request.retrieval.chunks
        if not items:
            return abstain(request, self.name)
        system, user, skeleton = self._messages(request)
        try:
            reply = self.client.complete(
                self.model,
                [{"role": "system", "content": system}, {"role": "user", "content": user}],
                deadline_s=self.generation.deadline_s,
                temperature=0,
                max_tokens=self.generation.max_tokens,
                stop=STOP,
            )
        except LLMFailure as exc:
            log.warning("LLM call failed (%s), using the offline answer: %s", exc.kind, exc)
            return self._fallback(request, exc.kind)
        verdict = check(
            reply.text,
            reply.finish_reason,
            request.language,
            scaffold([*system.splitlines(), *skeleton.splitlines()]),
            self.generation.max_answer_chars,
        )
        if verdict.abstain:
            return abstain(request, self.name)
        if verdict.reason:
            return self._fallback(request, verdict.reason)
        return self._held_to_sources(request, items, verdict.text)

    def _messages(self, request: AnswerRequest) -> tuple[str, str, str]:
        """The system and user messages, and the user message without passage text or
        history: the lines a reply must not repeat."""
        language = request.language
        system = self.system_prompt.render(
            language_name=language_name(language), translation_label=t("translation", language)
        )
        items = request.retrieval.chunks
        texts = budgeted(items, request.question, self.generation.passage_chars)
        user = self.user_prompt.render(
            passages=format_passages(items, texts),
            history=format_history(request.history),
            question=request.question,
        )
        skeleton = self.user_prompt.render(
            passages="\n".join(passage_header(n, i) for n, i in enumerate(items, start=1)),
            history="",
            question=request.question,
        )
        return system, user, skeleton

    def _held_to_sources(
        self, request: AnswerRequest, items: list[RetrievedChunk], text: str
    ) -> Answer:
        valid = set(range(1, len(items) + 1))
        text = clean_citations(text, valid)
        cited = [n for n in cited_numbers(text) if n in valid]
        if not cited:
            return self._fallback(request, "no_citation")
        if not self._quotes_hold(text, [items[n - 1] for n in cited]):
            return self._fallback(request, "unsupported_quote")
        citations, related, mapping = split_cited(items, cited)
        return answered(request, self.name, renumber(text, mapping), citations, related)

    @staticmethod
    def _quotes_hold(text: str, cited: list[RetrievedChunk]) -> bool:
        """Every quotation in the answer must occur in a cited passage (ignoring case/accents)."""
        sources = fold(" ".join(normalize_space(i.chunk.text) for i in cited))
        return all(fold(normalize_space(q)) in sources for q in _QUOTED.findall(text))

    def _fallback(self, request: AnswerRequest, reason: FallbackReason) -> Answer:
        if reason not in ("unreachable", "timeout", "rate_limited"):
            log.warning("LLM reply rejected (%s); using the offline answer", reason)
        return fallen_back(self.fallback.answer(request), self.name, reason)
