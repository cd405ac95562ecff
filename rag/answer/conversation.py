"""Follow-up questions: "And who signed it?" needs the previous turn to be retrievable."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

from rag.lang.pack import Packs, any_of, packs
from rag.lang.text import content_tokens, fold
from rag.models import Answer


@lru_cache(maxsize=1)
def _follow_up(loaded: Packs) -> dict[str, re.Pattern[str]]:
    """Openers and pronouns that lean on the previous turn, per language (on folded text)."""
    return {
        code: re.compile(
            rf"^{any_of(pack.follow_up.openers, literal=True)}\b"
            rf"|\b{any_of(pack.follow_up.pronouns, literal=True)}\b"
        )
        for code, pack in loaded.languages.items()
    }


def is_follow_up(question: str, language: str) -> bool:
    loaded = packs()
    pattern = _follow_up(loaded)[loaded.for_language(language).code]
    return bool(pattern.search(fold(question.strip()))) or len(content_tokens(question)) <= 1


def leans_on_previous(question: str, language: str) -> bool:
    """A follow-up short enough not to stand on its own ("And who signed it?")."""
    if not is_follow_up(question, language):
        return False
    return len(content_tokens(question)) <= packs().for_language(language).follow_up.max_tokens


def retrieval_query(question: str, language: str, previous: list[str]) -> str:
    """The question, prefixed by the last turn's query when it leans on it."""
    if not previous or not leans_on_previous(question, language):
        return question
    return f"{previous[-1]} {question}"


def sources(answer: Answer) -> tuple[str, ...]:
    """The articles an answer quoted, in the order it cites them (a refusal quotes none)."""
    return tuple(dict.fromkeys(citation.doc_id for citation in answer.citations))


@dataclass
class Conversation:
    """Recent turns of one chat: the retrieval queries, the answers given and the articles
    each answer quoted."""

    max_turns: int = 3
    queries: deque[str] = field(default_factory=deque)
    answers: deque[tuple[str, str]] = field(default_factory=deque)
    sources: deque[tuple[str, ...]] = field(default_factory=deque)
    language: str = ""  # of the last turn: "Où ?" alone is too short to tell its language

    def query_for(self, question: str, language: str) -> str:
        return retrieval_query(question, language, list(self.queries))

    def context_for(self, question: str, language: str) -> frozenset[str]:
        """The articles a follow-up is about: those the previous answer quoted. "And what did
        he propose?" asks about the meeting just answered, not about any meeting whose
        report matches "propose" best."""
        if not self.sources or not leans_on_previous(question, language):
            return frozenset()
        return frozenset(self.sources[-1])

    def record(
        self,
        question: str,
        query: str,
        answer: str,
        language: str = "",
        sources: tuple[str, ...] = (),
    ) -> None:
        self.language = language or self.language
        self.queries.append(query)
        self.answers.append((question, answer))
        self.sources.append(sources)
        while len(self.queries) > self.max_turns:
            self.queries.popleft()
            self.answers.popleft()
            self.sources.popleft()
