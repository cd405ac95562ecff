"""Answers and citations built by hand, for tests of what front ends show."""

from __future__ import annotations

from typing import Any

from rag.models import Answer, Citation


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
