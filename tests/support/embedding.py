"""Test doubles for injected dependencies (never for the code under test)."""

from __future__ import annotations

import hashlib

from llama_index.core.embeddings import BaseEmbedding

from rag.lang.text import content_tokens


class HashEmbedding(BaseEmbedding):
    """Deterministic bag-of-words vectors: fast, for tests of index mechanics, not quality."""

    dim: int = 64

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for token in content_tokens(text):
            vec[int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dim] += 1.0
        norm = sum(v * v for v in vec) ** 0.5 or 1.0
        return [v / norm for v in vec]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vector(text)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)
