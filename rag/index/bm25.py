"""BM25 over folded tokens plus glossary concept tokens.

Concept tokens ("__mou") are the cross-lingual bridge: a Vietnamese question
about "bản ghi nhớ" and an English chunk about a "memorandum of understanding"
share one token.
"""

from __future__ import annotations

import logging
import math
from collections import Counter

import bm25s
import numpy as np

from rag.lang.glossary import Glossary
from rag.lang.text import content_tokens
from rag.models import Chunk

log = logging.getLogger(__name__)
CONCEPT_PREFIX = "__"


def concept_tokens(concepts: set[str] | str) -> list[str]:
    ids = concepts.split() if isinstance(concepts, str) else sorted(concepts)
    return [CONCEPT_PREFIX + c for c in ids]


def chunk_tokens(chunk: Chunk) -> list[str]:
    title = str(chunk.metadata.get("title", ""))
    return content_tokens(f"{title} {chunk.text}") + concept_tokens(
        str(chunk.metadata.get("concepts", ""))
    )


class LexicalIndex:
    """In-memory BM25 over every chunk; rebuilt when the index changes."""

    def __init__(self, chunks: list[Chunk], glossary: Glossary) -> None:
        self.chunks = chunks
        self.glossary = glossary
        self.bm25 = bm25s.BM25()
        self.vocab: set[str] = set()
        self.doc_freq: Counter[str] = Counter()
        if chunks:
            corpus = [chunk_tokens(c) for c in chunks]
            self.bm25.index(corpus, show_progress=False)
            self.vocab = set(self.bm25.vocab_dict)
            for toks in corpus:
                self.doc_freq.update(set(toks))

    def __getstate__(self) -> dict[str, object]:
        # The glossary is configuration, re-attached on load; BM25 is saved by bm25s itself
        # (a pickled bm25s index answers ten times slower than a loaded one).
        return {k: v for k, v in self.__dict__.items() if k not in ("glossary", "bm25")}

    def idf(self, token: str) -> float:
        """BM25-style idf; a word no chunk contains weighs most (it is what is missing)."""
        n = len(self.chunks)
        df = self.doc_freq.get(token, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def query_tokens(self, text: str, concepts: set[str]) -> list[str]:
        """Question words, every glossary name of its concepts, and the concept tokens."""
        words = content_tokens(text)
        for term in self.glossary.expansion_terms(concepts):
            words.extend(content_tokens(term))
        words.extend(concept_tokens(concepts))
        return [w for w in dict.fromkeys(words) if w in self.vocab]

    def search(
        self, text: str, concepts: set[str], k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(chunk position, score) pairs, best first; ``allowed`` masks chunks out."""
        query = self.query_tokens(text, concepts)
        if not query or not self.chunks:
            return []
        scores = np.asarray(self.bm25.get_scores(query), dtype=np.float32)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        ranked = sorted(((int(i), float(scores[i])) for i in top), key=lambda p: -p[1])
        return [(i, s) for i, s in ranked if s > 0]
