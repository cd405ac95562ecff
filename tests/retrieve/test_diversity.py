"""Diversity: at most N chunks per article among the first top_k, overflow fills the rest."""

from __future__ import annotations

from rag.models import RetrievedChunk
from rag.retrieve.base import Query
from rag.retrieve.diversity import Diversity
from tests.support.chunks import make_chunk


def ranked(*docs: str) -> list[RetrievedChunk]:
    seen: dict[str, int] = {}
    items = []
    for n, doc in enumerate(docs):
        seen[doc] = seen.get(doc, -1) + 1
        items.append(RetrievedChunk(make_chunk(doc, seen[doc]), 1.0 / (n + 1)))
    return items


def chosen(items: list[RetrievedChunk]) -> list[str]:
    return [f"{i.chunk.doc_id}{i.chunk.position}" for i in items]


def test_a_third_chunk_of_one_article_yields_to_other_articles() -> None:
    items = ranked("a", "a", "a", "b", "c", "a", "d")
    out = Diversity(max_per_doc=2).process(Query("q"), items, top_k=4)
    assert chosen(out) == ["a0", "a1", "b0", "c0"]


def test_overflow_fills_the_places_left_in_rank_order() -> None:
    items = ranked("a", "a", "a", "b", "a")
    out = Diversity(max_per_doc=2).process(Query("q"), items, top_k=5)
    assert chosen(out) == ["a0", "a1", "b0", "a2", "a3"]


def test_max_per_doc_is_configurable() -> None:
    items = ranked("a", "a", "b", "b", "c")
    assert chosen(Diversity(max_per_doc=1).process(Query("q"), items, 3)) == ["a0", "b0", "c0"]
