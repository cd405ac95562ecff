"""Answers, citations and a service built by hand, for tests of what front ends show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rag.answer.conversation import Conversation
from rag.index.store import Filters
from rag.models import Answer, Citation, IndexReport
from rag.service import CorpusInfo


def citation(n: int, **fields: Any) -> Citation:
    values: dict[str, Any] = {
        "doc_id": f"d{n}",
        "chunk_id": f"d{n}#0",
        "source_file": f"{n:03d}_article.txt",
        "title": f"Title {n}",
        "date": "2024-10",
        "language": "en",
        "passage": f"Passage {n} of the article.",
        "score": 1.0 / n,
        **fields,
    }
    return Citation(n=n, **values)


def answer(text: str = "An answer [1].", **fields: Any) -> Answer:
    values: dict[str, Any] = {
        "question": "q",
        "language": "en",
        "abstained": False,
        "backend": "test",
        **fields,
    }
    return Answer(answer=text, **values)


class StubService:
    """An ``AccordService`` whose answers (or errors) a test decides, for front-end tests
    that need no index."""

    def __init__(
        self,
        ask: Callable[[str], Answer],
        refresh: Callable[[], IndexReport] = IndexReport,
        corpus: CorpusInfo | None = None,
    ) -> None:
        self._ask = ask
        self._refresh = refresh
        self._corpus = corpus or CorpusInfo(documents=1, chunks=1)

    def ask(
        self,
        question: str,
        conversation: Conversation | None = None,
        filters: Filters | None = None,
        language_hint: str | None = None,
    ) -> Answer:
        return self._ask(question)

    def refresh(self, full: bool = False, force: bool = False) -> IndexReport:
        return self._refresh()

    def corpus(self) -> CorpusInfo:
        return self._corpus
