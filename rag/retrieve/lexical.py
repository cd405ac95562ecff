"""Lexical channel: BM25 over folded words and glossary concept tokens (rag/index/bm25.py).

The query is its words, every glossary name of its concepts and the concept tokens; the
filters become a boolean mask over the snapshot's chunks, cached per filter.
"""

from __future__ import annotations

import numpy as np

from rag.index.bm25 import LexicalIndex, concept_tokens
from rag.lang.text import content_tokens
from rag.models import Filters
from rag.retrieve.base import Hit, Query


class LexicalChannel:
    name = "bm25"

    def __init__(self, index: LexicalIndex) -> None:
        self.index = index
        self._masks: dict[Filters, np.ndarray] = {}

    def query_tokens(self, query: Query) -> list[str]:
        words = content_tokens(query.text)
        for term in query.expansion:
            words.extend(content_tokens(term))
        words.extend(concept_tokens(query.concepts))
        return [w for w in dict.fromkeys(words) if w in self.index.vocab]

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Which chunks ``filters`` admits (None: all), from the same conditions as Chroma's."""
        if filters == Filters():
            return None
        if filters not in self._masks:
            self._masks[filters] = np.array(
                [filters.accepts(c.meta) for c in self.index.chunks], dtype=bool
            )
        return self._masks[filters]

    def retrieve(self, query: Query, k: int) -> list[Hit]:
        tokens = self.query_tokens(query)
        chunks = self.index.chunks
        if not tokens or not chunks:
            return []
        scores = self.index.scores(tokens)
        allowed = self.mask(query.filters)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        ranked = sorted(((int(i), float(scores[i])) for i in top), key=lambda p: -p[1])
        kept = [(i, s) for i, s in ranked if s > 0]
        return [Hit(chunks[i], s, rank) for rank, (i, s) in enumerate(kept)]
