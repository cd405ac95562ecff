"""The one place an Answer is built: every field set the same way, nothing edited in place."""

import json
from typing import get_args

import pytest

from rag.answer.base import AnswerRequest, abstain, answered, fallen_back, timed
from rag.models import FallbackReason, Retrieval, RetrievedChunk
from tests.support.answers import citation
from tests.support.chunks import make_chunk


def _request(question: str = "Qui a signé ?", language: str = "fr") -> AnswerRequest:
    chunks = [
        RetrievedChunk(make_chunk(f"d{n}", text=f"Texte {n}.", language="fr"), 1.0 / n)
        for n in (1, 2)
    ]
    return AnswerRequest(question, language, Retrieval(chunks, set()), retrieval_query="signé")


def test_answered_carries_the_request() -> None:
    answer = answered(_request(), "extractive", "Texte 1. [1]", [citation(1)], [citation(2)])
    assert (answer.question, answer.language, answer.retrieval_query) == (
        "Qui a signé ?",
        "fr",
        "signé",
    )
    assert not answer.abstained and answer.backend == "extractive" and answer.note == ""


def test_abstaining_offers_the_closest_passages_unless_out_of_scope() -> None:
    not_found = abstain(_request(), "extractive")
    assert not_found.abstained and not not_found.citations
    assert not_found.answer.startswith("Je n'ai pas trouvé")
    assert [c.n for c in not_found.related] == [1, 2] and not_found.related[
        0
    ].title == "Title of d1"
    refused = abstain(_request(), "llm", "out_of_scope")
    assert refused.related == [] and refused.backend == "llm"


def test_fallback_and_timings_leave_the_original_untouched() -> None:
    original = abstain(_request(language="vi"), "extractive")
    fallback = fallen_back(original, "llm", "timeout")
    assert fallback.backend == "llm-fallback:extractive" and fallback.fallback_reason == "timeout"
    assert (
        fallback.note == "Mô hình ngôn ngữ không trả lời kịp thời; đây là câu trả lời ngoại tuyến."
    )
    assert original.backend == "extractive" and original.note == ""
    assert original.fallback_reason is None
    measured = timed(fallback, {"total": 12.5})
    assert measured.timings_ms == {"total": 12.5} and fallback.timings_ms == {}
    assert measured.model_dump(exclude={"timings_ms"}) == fallback.model_dump(
        exclude={"timings_ms"}
    )


@pytest.mark.parametrize("reason", get_args(FallbackReason))
def test_every_fallback_reason_has_its_own_note_in_every_language(reason: FallbackReason) -> None:
    notes = {
        language: fallen_back(abstain(_request(language=language), "extractive"), "llm", reason)
        for language in ("en", "fr", "vi")
    }
    assert len({a.note for a in notes.values()}) == 3
    assert all(a.fallback_reason == reason for a in notes.values())
    english = notes["en"].note
    others = {
        fallen_back(abstain(_request(language="en"), "extractive"), "llm", other).note
        for other in get_args(FallbackReason)
        if other != reason
    }
    assert english not in others
    assert json.loads(notes["en"].model_dump_json())["fallback_reason"] == reason
