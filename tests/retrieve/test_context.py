"""FollowUpContext: a follow-up question's candidates from the articles just quoted rise."""

from __future__ import annotations

from rag.models import RetrievedChunk
from rag.retrieve.base import Query
from rag.retrieve.context import FollowUpContext
from tests.support.chunks import make_chunk


def ranked(*docs: str) -> list[RetrievedChunk]:
    return [RetrievedChunk(make_chunk(doc), 0.6 - n / 20) for n, doc in enumerate(docs)]


def test_the_articles_the_last_answer_quoted_rise_like_a_met_constraint() -> None:
    items = ranked("other-meeting", "same-topic", "quoted")
    out = FollowUpContext().process(Query("q", context=frozenset({"quoted"})), items, 3)
    assert [i.chunk.doc_id for i in out] == ["quoted", "other-meeting", "same-topic"]
    assert [i.fit for i in out] == [1.0, 0.0, 0.0]


def test_a_much_better_match_elsewhere_still_wins() -> None:
    """Raised, not pinned: a follow-up naming what the quoted article lacks goes elsewhere."""
    items = [
        RetrievedChunk(make_chunk("named-article"), 1.0),
        RetrievedChunk(make_chunk("quoted"), 0.1),
    ]
    out = FollowUpContext().process(Query("q", context=frozenset({"quoted"})), items, 2)
    assert out[0].chunk.doc_id == "named-article"


def test_a_question_without_context_keeps_its_order() -> None:
    items = ranked("a", "b", "c")
    out = FollowUpContext().process(Query("q"), items, 3)
    assert [i.chunk.doc_id for i in out] == ["a", "b", "c"]
    assert all(i.fit == 0.0 for i in out)
