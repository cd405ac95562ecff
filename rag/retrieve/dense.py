"""Dense channel: the embedded query against Chroma, ranked per article language.

Ranks are taken per article language before fusion, so a Vietnamese question's
candidate pool is not swamped by Vietnamese chunks when the answer sits in an English
or French article. An embedder that was not trained on a language (the default USE has
no Vietnamese) places its text at random: questions in such a language skip the channel,
so the other channels are not outvoted by noise; the bridge channel (``bridge.py``)
searches for them with what of them the embedder can read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rag.index.embed import Embedder
from rag.index.store import ChunkIndex
from rag.models import Chunk
from rag.retrieve.base import Hit, Query


def embeds(languages: frozenset[str] | None, language: str) -> bool:
    return languages is None or not language or language in languages


class QueryEmbedding:
    """Embeds ``query.dense_text`` once, for any channel that searches by vector."""

    name = "embed_query"

    def __init__(self, embedder: Embedder, languages: frozenset[str] | None = None) -> None:
        self.embedder = embedder
        self.languages = languages  # None: the embedder knows every language

    def transform(self, query: Query) -> Query:
        if not embeds(self.languages, query.language) and not query.bridged:
            return query
        return replace(
            query, vector=tuple(self.embedder.embed_query(query.dense_text or query.text))
        )


class DenseChannel:
    name = "dense"

    def __init__(
        self,
        index: ChunkIndex,
        chunks: Sequence[Chunk],
        per_language: bool = True,
        languages: frozenset[str] | None = None,
    ) -> None:
        self.index = index
        self.per_language = per_language
        self.languages = languages
        # Only chunks of the loaded snapshot: during a refresh, new versions are not live yet.
        self._live = {c.chunk_id: c for c in chunks}

    def retrieve(self, query: Query, k: int) -> list[Hit]:
        if not embeds(self.languages, query.language):
            return []
        if query.vector is None:
            raise ValueError("the dense channel needs a QueryEmbedding transform before it")
        return self._ranked(query, k)

    def _ranked(self, query: Query, k: int, only: frozenset[str] | None = None) -> list[Hit]:
        """The nearest live chunks to the query's vector (``only``: in these languages)."""
        found = [
            (self._live[cid], score)
            for cid, score in self.index.dense(list(query.vector or ()), k, query.filters)
            if cid in self._live and (only is None or self._live[cid].meta.language in only)
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
