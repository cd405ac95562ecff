"""Chunk <-> Chroma row: one conversion pair, exact both ways, through a real collection."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.index.chunking import Chunker
from rag.index.rows import from_row, to_row
from rag.ingest.walk import ingest_folder
from rag.lang.glossary import Glossary
from rag.models import Chunk
from rag.settings import Settings
from tests.support.embedding import hash_index

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_chunks() -> list[Chunk]:
    chunker = Chunker(Glossary.load(Settings().glossary_path))
    return [c for a in ingest_folder(SEEDS).articles for c in chunker.chunk(a, generation=3)]


def test_row_round_trip_is_exact(seed_chunks: list[Chunk]) -> None:
    for chunk in seed_chunks:
        assert from_row(*to_row(chunk)) == chunk


def test_rows_hold_only_scalars_chroma_accepts(seed_chunks: list[Chunk]) -> None:
    chunk = next(c for c in seed_chunks if len(c.meta.concepts) > 1)
    _id, _text, metadata = to_row(chunk)
    assert all(isinstance(v, str | int) for v in metadata.values())
    assert metadata["concepts"] == " ".join(chunk.meta.concepts)
    assert metadata["doc_id"] == chunk.doc_id  # the key llama-index used to overwrite


def test_round_trip_through_chroma(seed_chunks: list[Chunk], tmp_path: Path) -> None:
    index = hash_index(tmp_path, "rows", seed_chunks)
    assert index.all_chunks() == sorted(seed_chunks, key=lambda c: (c.doc_id, c.position))


def test_rows_written_through_llama_index_still_read(seed_chunks: list[Chunk]) -> None:
    """Indexes built before rows were written directly carry llama-index's own keys."""
    chunk = seed_chunks[0]
    chunk_id, text, metadata = to_row(chunk)
    legacy = {**metadata, "_node_content": "{}", "_node_type": "TextNode", "ref_doc_id": "x"}
    assert from_row(chunk_id, text, legacy) == chunk


def test_a_row_without_a_required_field_is_an_error(seed_chunks: list[Chunk]) -> None:
    chunk_id, text, metadata = to_row(seed_chunks[0])
    del metadata["doc_id"]
    with pytest.raises(TypeError, match="doc_id"):
        from_row(chunk_id, text, metadata)
