"""The one place an Answer is built: every field set the same way, nothing edited in place."""

from rag.answer.base import AnswerRequest, abstain, answered, fallen_back, timed
from rag.models import Retrieval, RetrievedChunk
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
    fallback = fallen_back(original, "llm")
    assert fallback.backend == "llm-fallback:extractive"
    assert fallback.note == "Mô hình ngôn ngữ không khả dụng; đây là câu trả lời ngoại tuyến."
    assert original.backend == "extractive" and original.note == ""
    measured = timed(fallback, {"total": 12.5})
    assert measured.timings_ms == {"total": 12.5} and fallback.timings_ms == {}
    assert measured.model_dump(exclude={"timings_ms"}) == fallback.model_dump(
        exclude={"timings_ms"}
    )
