"""Follow-up questions: "And who signed it?" needs the previous turn to be retrievable."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from rag.lang.text import content_tokens, fold

# Openers and pronouns that lean on the previous turn, per language (matched on folded text).
_FOLLOW_UP = {
    "en": re.compile(
        r"^(and|also|what about|how about|then|so)\b"
        r"|\b(it|its|they|them|their|that|this|those|these|he|she|him|his|her|there)\b"
    ),
    "fr": re.compile(
        r"^(et|aussi|alors|quant a)\b"
        r"|\b(il|elle|ils|elles|celui|celle|cela|ca|ce document|cet accord|leur|leurs|y)\b"
    ),
    "vi": re.compile(
        r"^(va|con|the con|vay|roi)\b"
        r"|\b(no|ho|do|nay|ay|ong ay|ba ay|van ban do|hiep dinh do|cuoc gap do)\b"
    ),
}
FOLLOW_UP_MAX_TOKENS = 6


def is_follow_up(question: str, language: str) -> bool:
    pattern = _FOLLOW_UP.get(language, _FOLLOW_UP["en"])
    return bool(pattern.search(fold(question.strip()))) or len(content_tokens(question)) <= 1


def retrieval_query(question: str, language: str, previous: list[str]) -> str:
    """The question, prefixed by the last turn's query when it leans on it."""
    if not previous or not is_follow_up(question, language):
        return question
    if len(content_tokens(question)) > FOLLOW_UP_MAX_TOKENS:
        return question
    return f"{previous[-1]} {question}"


@dataclass
class Conversation:
    """Recent turns of one chat: the retrieval queries and the answers given."""

    max_turns: int = 3
    queries: deque[str] = field(default_factory=deque)
    answers: deque[tuple[str, str]] = field(default_factory=deque)

    def query_for(self, question: str, language: str) -> str:
        return retrieval_query(question, language, list(self.queries))

    def record(self, question: str, query: str, answer: str) -> None:
        self.queries.append(query)
        self.answers.append((question, answer))
        while len(self.queries) > self.max_turns:
            self.queries.popleft()
            self.answers.popleft()
