"""The contract between the service and its answerers, and the one place an ``Answer`` is built.

Every ``Answer`` the CLI, the bot and the eval receive comes from one of the functions
below, so the question, its language, the backend and the retrieval query are set the
same way whichever answerer wrote the text, and a fallback or a timing never edits an
answer another component may still hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from rag.answer.citations import split_cited
from rag.lang.messages import t
from rag.models import Answer, Citation, FallbackReason, Retrieval


@dataclass
class AnswerRequest:
    question: str
    language: str
    retrieval: Retrieval
    retrieval_query: str = ""
    history: list[tuple[str, str]] = field(default_factory=list)
    # Retrieval for another question (with this one's filters and context): a list over two
    # years or partners asks each part apart (ConstraintReader.one_each), only when answered
    # as a list, so no other question pays for the retrievals.
    retrieve: Callable[[str], Retrieval] | None = None


class Answerer(Protocol):
    name: str

    def answer(self, request: AnswerRequest) -> Answer: ...


def answered(
    request: AnswerRequest,
    backend: str,
    text: str,
    citations: list[Citation],
    related: list[Citation],
    facts: list[str] | None = None,
) -> Answer:
    """An answer in ``text``, whose "[n]" markers number ``citations``; ``facts``: the asked
    facts it states first."""
    return Answer(
        question=request.question,
        language=request.language,
        answer=text,
        abstained=False,
        citations=citations,
        related=related,
        backend=backend,
        retrieval_query=request.retrieval_query,
        facts=facts or [],
    )


def abstain(request: AnswerRequest, backend: str, key: str = "not_found") -> Answer:
    """A plain "not found" in the question's language, with the closest passages to read.

    An out-of-scope question gets no passages: showing some would answer it anyway.
    """
    items = [] if key == "out_of_scope" else request.retrieval.chunks
    _cited, related, _map = split_cited(items, [])
    return Answer(
        question=request.question,
        language=request.language,
        answer=t(key, request.language),
        abstained=True,
        related=related,
        backend=backend,
        retrieval_query=request.retrieval_query,
    )


def fallen_back(answer: Answer, backend: str, reason: FallbackReason) -> Answer:
    """``answer`` given in place of ``backend``'s own, with a note saying why to the reader.

    The note names the reason ("did not answer in time", "cited no source"): a model
    that answered and was overruled must not be reported as unavailable.
    """
    return answer.model_copy(
        update={
            "backend": f"{backend}-fallback:{answer.backend}",
            "note": t(f"llm_fallback_{reason}", answer.language),
            "fallback_reason": reason,
        }
    )


def timed(answer: Answer, timings_ms: dict[str, float]) -> Answer:
    """``answer`` with the time each stage took, measured by the caller around the answerer."""
    return answer.model_copy(update={"timings_ms": timings_ms})
