"""Hybrid retrieval: dense (Chroma) + BM25 with glossary expansion, fused by reciprocal rank.

Dense ranks are taken per article language before fusion, so a Vietnamese
question's candidate pool is not swamped by Vietnamese chunks when the answer
sits in an English or French article.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from llama_index.core.embeddings import BaseEmbedding

from rag.index.bm25 import LexicalIndex
from rag.index.store import ChunkIndex, Filters
from rag.lang.glossary import Glossary
from rag.models import Chunk, RetrievedChunk


@dataclass
class RetrievalConfig:
    pool: int = 30
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    per_language_dense: bool = True
    expand_dense: bool = True
    max_per_doc: int = 2


@dataclass
class Retrieval:
    """Ranked chunks plus what the answerer needs to judge support."""

    chunks: list[RetrievedChunk]
    concepts: set[str]
    timings_ms: dict[str, float] = field(default_factory=dict)


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


class HybridRetriever:
    def __init__(
        self,
        index: ChunkIndex,
        lexical: LexicalIndex,
        embedder: BaseEmbedding,
        glossary: Glossary,
        config: RetrievalConfig | None = None,
    ) -> None:
        self.index = index
        self.lexical = lexical
        self.embedder = embedder
        self.glossary = glossary
        self.config = config or RetrievalConfig()
        self._by_id = {c.chunk_id: i for i, c in enumerate(lexical.chunks)}
        self._masks: dict[Filters, np.ndarray] = {}

    def retrieve(self, text: str, top_k: int = 5, filters: Filters | None = None) -> Retrieval:
        filters = filters or Filters()
        timings: dict[str, float] = {}
        concepts = self.glossary.concepts_in(text)

        start = time.perf_counter()
        vector = self.embedder.get_query_embedding(self._dense_text(text, concepts))
        timings["embed_query"] = _ms(start)

        start = time.perf_counter()
        # Only chunks of the loaded snapshot: during a refresh, new versions are not live yet.
        dense = [
            (self.lexical.chunks[self._by_id[cid]], s)
            for cid, s in self.index.dense(vector, self.config.pool, filters)
            if cid in self._by_id
        ]
        timings["dense"] = _ms(start)

        start = time.perf_counter()
        lexical = self.lexical.search(text, concepts, self.config.pool, self._mask(filters))
        timings["bm25"] = _ms(start)

        start = time.perf_counter()
        fused = self._fuse(dense, lexical)
        chosen = self._diversify(fused, top_k)
        timings["fusion"] = _ms(start)
        return Retrieval(chosen, concepts, timings)

    def _dense_text(self, text: str, concepts: set[str]) -> str:
        if not self.config.expand_dense or not concepts:
            return text
        return f"{text}\n{'; '.join(self.glossary.canonical_terms(concepts))}"

    def _mask(self, filters: Filters) -> np.ndarray | None:
        if filters == Filters():
            return None
        if filters not in self._masks:
            self._masks[filters] = np.array(
                [filters.accepts(c.metadata) for c in self.lexical.chunks], dtype=bool
            )
        return self._masks[filters]

    def _dense_ranks(self, dense: list[tuple[Chunk, float]]) -> dict[str, int]:
        if not self.config.per_language_dense:
            return {chunk.chunk_id: rank for rank, (chunk, _s) in enumerate(dense)}
        seen: dict[str, int] = defaultdict(int)
        ranks: dict[str, int] = {}
        for chunk, _score in dense:
            language = str(chunk.metadata.get("language", ""))
            ranks[chunk.chunk_id] = seen[language]
            seen[language] += 1
        return ranks

    def _fuse(
        self, dense: list[tuple[Chunk, float]], lexical: list[tuple[int, float]]
    ) -> list[RetrievedChunk]:
        k = self.config.rrf_k
        chunks: dict[str, Chunk] = {c.chunk_id: c for c, _s in dense}
        scores: dict[str, float] = defaultdict(float)
        ranks: dict[str, dict[str, int]] = defaultdict(dict)
        for cid, rank in self._dense_ranks(dense).items():
            scores[cid] += self.config.dense_weight / (k + rank + 1)
            ranks[cid]["dense"] = rank + 1
        for rank, (position, _score) in enumerate(lexical):
            chunk = self.lexical.chunks[position]
            chunks.setdefault(chunk.chunk_id, chunk)
            scores[chunk.chunk_id] += self.config.lexical_weight / (k + rank + 1)
            ranks[chunk.chunk_id]["bm25"] = rank + 1
        ordered = sorted(scores, key=lambda cid: -scores[cid])
        return [RetrievedChunk(chunks[cid], scores[cid], ranks[cid]) for cid in ordered]

    def _diversify(self, fused: list[RetrievedChunk], top_k: int) -> list[RetrievedChunk]:
        """At most ``max_per_doc`` chunks per article, so list questions see several articles."""
        per_doc: dict[str, int] = defaultdict(int)
        chosen: list[RetrievedChunk] = []
        overflow: list[RetrievedChunk] = []
        for item in fused:
            doc = item.chunk.doc_id
            if per_doc[doc] < self.config.max_per_doc:
                per_doc[doc] += 1
                chosen.append(item)
            else:
                overflow.append(item)
            if len(chosen) == top_k:
                return chosen
        return (chosen + overflow)[:top_k]
