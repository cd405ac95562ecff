"""Hand-made chunks for tests of the chunk model, filters and retrieval components."""

from __future__ import annotations

from rag.models import Chunk, ChunkMeta


def make_chunk(
    doc_id: str,
    position: int = 0,
    text: str = "",
    language: str = "en",
    date_sort: int = 0,
    concepts: tuple[str, ...] = (),
) -> Chunk:
    """A chunk of a one-version article; ``date_sort`` 0 means undated."""
    year = date_sort // 10000
    meta = ChunkMeta(
        doc_id=doc_id,
        source_file=doc_id,
        title=f"Title of {doc_id}",
        language=language,
        position=position,
        n_chunks=position + 1,
        version="v1",
        generation=1,
        doc_hash=f"hash-{doc_id}",
        chunk_hash=f"hash-{doc_id}-{position}",
        date=str(year) if year else "",
        date_sort=date_sort,
        date_year=year,
        concepts=concepts,
    )
    return Chunk(f"{doc_id}#{position}@v1", text or f"Text {position} of {doc_id}.", meta)
