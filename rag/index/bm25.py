"""The BM25 index over folded tokens plus glossary concept tokens (built at load, snapshotted).

Concept tokens ("__mou") are the cross-lingual bridge: a Vietnamese question
about "bản ghi nhớ" and an English chunk about a "memorandum of understanding"
share one token. Partner tokens ("__p:TW") are the same bridge for every CLDR
territory: each chunk carries its article's partners (read at index time), so a
question about "Đài Loan" finds an English report on Taiwan whatever its words.
Searching is the channels' job (rag/retrieve/lexical.py, names.py); this module only
builds the structure and answers scores and statistics.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable

import bm25s
import numpy as np

from rag.lang.text import content_tokens
from rag.models import Chunk

log = logging.getLogger(__name__)
CONCEPT_PREFIX = "__"


def concept_tokens(concepts: Iterable[str]) -> list[str]:
    return [CONCEPT_PREFIX + c for c in sorted(concepts)]


def partner_tokens(codes: Iterable[str]) -> list[str]:
    return [f"{CONCEPT_PREFIX}p:{code}" for code in sorted(codes)]


def chunk_tokens(chunk: Chunk) -> list[str]:
    partners = [t[2:] for t in chunk.meta.facets if t.startswith("p:")]
    return (
        content_tokens(f"{chunk.meta.title} {chunk.text}")
        + concept_tokens(chunk.meta.concepts)
        + partner_tokens(partners)
    )


class LexicalIndex:
    """In-memory BM25 over every live chunk; rebuilt when the index changes."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
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
        # BM25 is saved by bm25s itself (a pickled bm25s index answers ten times slower
        # than a loaded one); see rag/index/snapshot.py.
        return {k: v for k, v in self.__dict__.items() if k != "bm25"}

    def idf(self, token: str) -> float:
        """BM25-style idf; a word no chunk contains weighs most (it is what is missing)."""
        n = len(self.chunks)
        df = self.doc_freq.get(token, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def scores(self, tokens: list[str]) -> np.ndarray:
        """One BM25 score per chunk, in ``chunks`` order; tokens must be in ``vocab``."""
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)
