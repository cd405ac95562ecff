"""The one conversion between ``Chunk`` and a Chroma row (id, document, flat metadata).

Chroma metadata holds only str, int, float and bool, so the concept tuple travels as a
space-separated string; every other ``ChunkMeta`` field is stored under its own name. Keys
this version does not know (llama-index's ``_node_content`` and friends, written by indexes
built before rows were written directly) are ignored, so those indexes stay readable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any, get_type_hints

from rag.models import Chunk, ChunkMeta

Row = tuple[str, str, dict[str, str | int]]
_FROM_STORED: dict[Any, Callable[[Any], Any]] = {
    int: int,
    str: str,
    tuple[str, ...]: lambda raw: tuple(str(raw).split()),
}
# A ChunkMeta field of another type fails here, at import, not on the first row read.
_PARSE = {name: _FROM_STORED[kind] for name, kind in get_type_hints(ChunkMeta).items()}


def to_row(chunk: Chunk) -> Row:
    """(id, document, metadata) as Chroma stores them."""
    metadata: dict[str, str | int] = {}
    for name, value in asdict(chunk.meta).items():
        metadata[name] = " ".join(value) if isinstance(value, tuple) else value
    return chunk.chunk_id, chunk.text, metadata


def from_row(chunk_id: str, document: str | None, metadata: dict[str, Any]) -> Chunk:
    """The chunk back from a stored row; a missing key takes the field's default."""
    values: dict[str, Any] = {}
    for name, parse in _PARSE.items():
        if name in metadata:  # a missing required field raises in ChunkMeta(); others default
            values[name] = parse(metadata[name])
    return Chunk(chunk_id, document or "", ChunkMeta(**values))
