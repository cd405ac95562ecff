"""Dense channel: the embedded query against Chroma, ranked per article language.

Ranks are taken per article language before fusion, so a Vietnamese question's
candidate pool is not swamped by Vietnamese chunks when the answer sits in an English
or French article.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rag.index.embed import Embedder
from rag.index.store import ChunkIndex
from rag.models import Chunk
from rag.retrieve.base import Hit, Query


class QueryEmbedding:
    """Embeds ``query.dense_text`` once, for any channel that searches by vector."""

    name = "embed_query"

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def transform(self, query: Query) -> Query:
        return replace(
            query, vector=tuple(self.embedder.embed_query(query.dense_text or query.text))
        )


class DenseChannel:
    name = "dense"

    def __init__(
        self, index: ChunkIndex, chunks: Sequence[Chunk], per_language: bool = True
    ) -> None:
        self.index = index
        self.per_language = per_language
        # Only chunks of the loaded snapshot: during a refresh, new versions are not live yet.
        self._live = {c.chunk_id: c for c in chunks}

    def retrieve(self, query: Query, k: int) -> list[Hit]:
        if query.vector is None:
            raise ValueError("the dense channel needs a QueryEmbedding transform before it")
        found = [
            (self._live[cid], score)
            for cid, score in self.index.dense(list(query.vector), k, query.filters)
            if cid in self._live
        ]
        seen: dict[str, int] = defaultdict(int)
        hits: list[Hit] = []
        for position, (chunk, score) in enumerate(found):
            rank = position
            if self.per_language:
                rank = seen[chunk.meta.language]
                seen[chunk.meta.language] += 1
            hits.append(Hit(chunk, score, rank))
        return hits
