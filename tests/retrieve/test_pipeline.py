"""The pipeline knows its parts only through the protocols: a third channel, a transform and
a reranker plug in without changes to it, and every part is timed under its own name."""

from __future__ import annotations

from dataclasses import replace

from rag.models import Filters, RetrievedChunk
from rag.retrieve.base import Hit, Query
from rag.retrieve.diversity import Diversity
from rag.retrieve.fusion import ReciprocalRankFusion
from rag.retrieve.pipeline import RetrievalPipeline
from tests.support.chunks import make_chunk

CHUNKS = {
    doc: make_chunk(doc, language=lang) for doc, lang in [("a", "en"), ("b", "fr"), ("c", "vi")]
}


class FixedChannel:
    """A channel that answers the same ranked list; records what it was asked."""

    def __init__(self, name: str, docs: list[str]) -> None:
        self.name = name
        self.docs = docs
        self.asked: list[tuple[Query, int]] = []

    def retrieve(self, query: Query, k: int) -> list[Hit]:
        self.asked.append((query, k))
        hits = [Hit(CHUNKS[d], 1.0, rank) for rank, d in enumerate(self.docs)]
        return [h for h in hits if query.filters.accepts(h.chunk.meta)][:k]


class Uppercase:
    name = "upper"

    def transform(self, query: Query) -> Query:
        return replace(query, dense_text=query.text.upper(), concepts=frozenset({"shout"}))


class Reverse:
    """Stands in for a reranker: reorders what fusion produced."""

    name = "reverse"

    def process(
        self, query: Query, items: list[RetrievedChunk], top_k: int
    ) -> list[RetrievedChunk]:
        return items[::-1]


def test_a_third_channel_and_a_reranker_plug_in() -> None:
    channels = [
        FixedChannel("one", ["a", "b"]),
        FixedChannel("two", ["a"]),
        FixedChannel("three", ["c"]),
    ]
    pipeline = RetrievalPipeline(
        transforms=[Uppercase()],
        channels=channels,
        fusion=ReciprocalRankFusion(),
        postprocessors=[Reverse(), Diversity(max_per_doc=2)],
        pool=7,
    )
    retrieval = pipeline.retrieve("who met whom", top_k=2)
    assert [i.chunk.doc_id for i in retrieval.chunks] == ["b", "c"]  # fused a, c, b; reversed
    assert retrieval.chunks[0].ranks == {"one": 2} and retrieval.chunks[1].ranks == {"three": 1}
    assert retrieval.concepts == {"shout"}
    assert set(retrieval.timings_ms) == {
        "upper",
        "one",
        "two",
        "three",
        "fusion",
        "reverse",
        "diversity",
    }
    for channel in channels:
        ((query, k),) = channel.asked
        assert (query.dense_text, k) == ("WHO MET WHOM", 7)


def test_filters_reach_every_channel() -> None:
    channels = [FixedChannel("one", ["a", "b"]), FixedChannel("two", ["c", "b"])]
    pipeline = RetrievalPipeline([], channels, ReciprocalRankFusion())
    retrieval = pipeline.retrieve("q", 5, Filters(languages=("fr",)))
    assert [i.chunk.doc_id for i in retrieval.chunks] == ["b"]
    assert all(q.filters == Filters(languages=("fr",)) for c in channels for q, _k in c.asked)
