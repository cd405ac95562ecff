"""Test doubles for injected dependencies (never for the code under test)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rag.index.embed import BatchedEmbedder
from rag.index.store import ChunkIndex, make_chroma_client
from rag.lang.text import content_tokens
from rag.models import Chunk
from rag.settings import Settings


class HashEmbedding(BatchedEmbedder):
    """Deterministic bag-of-words vectors: fast, for tests of index mechanics, not quality."""

    dim = 64

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for token in content_tokens(text):
            vec[int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = sum(v * v for v in vec) ** 0.5 or 1.0
        return [v / norm for v in vec]

    def _encode(self, texts: list[str], is_query: bool) -> list[list[float]]:
        return [self._vector(t) for t in texts]


def hash_index(data_dir: Path, name: str, chunks: list[Chunk]) -> ChunkIndex:
    """``chunks`` in an embedded Chroma collection under ``data_dir``, embedded by
    ``HashEmbedding``: for tests of what is stored and searched, not of quality."""
    index = ChunkIndex(
        make_chroma_client(Settings(data_dir=data_dir)), name, HashEmbedding(), "hash:test"
    )
    index.add(chunks)
    return index
