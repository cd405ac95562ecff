"""Follow-up questions: "And who signed it?" needs the previous turn to be retrievable."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

from rag.lang.pack import Packs, any_of, packs
from rag.lang.text import content_tokens, fold


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


def retrieval_query(question: str, language: str, previous: list[str]) -> str:
    """The question, prefixed by the last turn's query when it leans on it."""
    if not previous or not is_follow_up(question, language):
        return question
    if len(content_tokens(question)) > packs().for_language(language).follow_up.max_tokens:
        return question
    return f"{previous[-1]} {question}"


@dataclass
class Conversation:
    """Recent turns of one chat: the retrieval queries and the answers given."""

    max_turns: int = 3
    queries: deque[str] = field(default_factory=deque)
    answers: deque[tuple[str, str]] = field(default_factory=deque)
    language: str = ""  # of the last turn: "Où ?" alone is too short to tell its language

    def query_for(self, question: str, language: str) -> str:
        return retrieval_query(question, language, list(self.queries))

    def record(self, question: str, query: str, answer: str, language: str = "") -> None:
        self.language = language or self.language
        self.queries.append(query)
        self.answers.append((question, answer))
        while len(self.queries) > self.max_turns:
            self.queries.popleft()
            self.answers.popleft()
