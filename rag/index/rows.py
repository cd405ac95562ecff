"""The one conversion between ``Chunk`` and a Chroma row (id, document, flat metadata).

Chroma metadata holds only str, int, float and bool, so the concept tuple travels as a
space-separated string; every other ``ChunkMeta`` field is stored under its own name. Keys
this version does not know (llama-index's ``_node_content`` and friends, written by indexes
built before rows were written directly) are ignored, so those indexes stay readable.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from rag.models import Chunk, ChunkMeta

Row = tuple[str, str, dict[str, str | int]]
_FIELDS = {f.name: f for f in fields(ChunkMeta)}


def to_row(chunk: Chunk) -> Row:
    """(id, document, metadata) as Chroma stores them."""
    metadata: dict[str, str | int] = {}
    for name, value in asdict(chunk.meta).items():
        metadata[name] = " ".join(value) if isinstance(value, tuple) else value
    return chunk.chunk_id, chunk.text, metadata


def from_row(chunk_id: str, document: str | None, metadata: dict[str, Any]) -> Chunk:
    """The chunk back from a stored row; a missing key takes the field's default."""
    values: dict[str, Any] = {}
    for name, spec in _FIELDS.items():
        if name not in metadata:
            continue  # required fields missing raise in ChunkMeta(); optional ones default
        raw = metadata[name]
        kind = spec.type
        if kind == "int":
            values[name] = int(raw)
        elif kind == "tuple[str, ...]":
            values[name] = tuple(str(raw).split())
        else:
            values[name] = str(raw)
    return Chunk(chunk_id, document or "", ChunkMeta(**values))
