"""Dense channel: ranks per article language, only the loaded snapshot's chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.index.embed import USE_LANGUAGES, embedded_languages
from rag.index.store import ChunkIndex
from rag.retrieve.base import Query
from rag.retrieve.dense import DenseChannel, QueryEmbedding
from rag.settings import Settings
from tests.support.chunks import make_chunk
from tests.support.embedding import HashEmbedding, hash_index

CHUNKS = [
    make_chunk("en1", text="border police cooperation", language="en"),
    make_chunk("en2", text="border police cooperation agreement", language="en"),
    make_chunk("vi1", text="border police", language="vi"),
    make_chunk("fr1", text="unrelated weather report", language="fr"),
]


@pytest.fixture
def index(tmp_path: Path) -> ChunkIndex:
    return hash_index(tmp_path, "dense", CHUNKS)


def embedded(index: ChunkIndex, text: str) -> Query:
    return QueryEmbedding(index.embedder).transform(Query(text))


def test_ranks_are_per_language(index: ChunkIndex) -> None:
    hits = DenseChannel(index, CHUNKS).retrieve(embedded(index, "border police cooperation"), 10)
    assert [h.chunk.doc_id for h in hits][:3] == ["en1", "en2", "vi1"]
    ranks = {h.chunk.doc_id: h.rank for h in hits}
    assert (ranks["en1"], ranks["en2"], ranks["vi1"], ranks["fr1"]) == (0, 1, 0, 0)
    flat = DenseChannel(index, CHUNKS, per_language=False).retrieve(
        embedded(index, "border police cooperation"), 10
    )
    assert [h.rank for h in flat] == list(range(len(flat)))


def test_chunks_outside_the_snapshot_are_not_returned(index: ChunkIndex) -> None:
    hits = DenseChannel(index, CHUNKS[1:]).retrieve(embedded(index, "border police"), 10)
    assert "en1" not in {h.chunk.doc_id for h in hits} and hits[0].rank == 0


def test_without_a_query_embedding_the_channel_says_so(index: ChunkIndex) -> None:
    with pytest.raises(ValueError, match="QueryEmbedding"):
        DenseChannel(index, CHUNKS).retrieve(Query("border"), 5)


class _CountingEmbedding(HashEmbedding):
    """Counts query encodings: a question in a language the embedder lacks needs none."""

    def __init__(self) -> None:
        super().__init__()
        self.queries = 0

    def embed_query(self, text: str) -> list[float]:
        self.queries += 1
        return super().embed_query(text)


def test_languages_the_embedder_lacks_are_left_to_the_other_channels(index: ChunkIndex) -> None:
    known = frozenset({"en", "fr"})
    counting = _CountingEmbedding()
    vi_question = QueryEmbedding(counting, known).transform(Query("border police", language="vi"))
    assert vi_question.vector is None and counting.queries == 0
    channel = DenseChannel(index, CHUNKS, languages=known)
    assert channel.retrieve(vi_question, 10) == []
    en_question = QueryEmbedding(counting, known).transform(Query("border police", language="en"))
    docs = {h.chunk.doc_id for h in channel.retrieve(en_question, 10)}
    assert docs == {"en1", "en2", "vi1", "fr1"}
    assert embedded_languages(Settings(embedder="use")) == USE_LANGUAGES
    assert "vi" not in USE_LANGUAGES and embedded_languages(Settings(embedder="e5")) is None
