"""Each article's facets (partners, years, days, ordinals), as read at index time.

Constraints are met or contradicted by an article, not by a chunk: the year may sit in the
publication date and the partner in the headline while the chunk that answers names
neither. The indexer stores the article's facets on each of its chunks; an index written
before that is read from all of an article's chunks the first time the article is a
candidate, and kept for the snapshot's life (a refresh builds a new snapshot).
"""

from __future__ import annotations

import threading
from collections import defaultdict

from rag.lang.text import fold
from rag.models import Chunk
from rag.retrieve.constraints import ConstraintReader, Facets


class ArticleFacets:
    def __init__(self, chunks: list[Chunk], reader: ConstraintReader) -> None:
        self.reader = reader
        self._chunks: dict[str, list[Chunk]] = defaultdict(list)
        for chunk in chunks:
            self._chunks[chunk.doc_id].append(chunk)
        self._facets: dict[str, Facets] = {}
        self._folded: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, doc_id: str) -> Facets:
        facets = self._facets.get(doc_id)
        if facets is None:
            facets = self._read(doc_id)
            with self._lock:
                self._facets[doc_id] = facets
        return facets

    def chunks(self, doc_id: str) -> list[Chunk]:
        """The article's passages in text order."""
        return sorted(self._chunks.get(doc_id, []), key=lambda c: c.position)

    def text(self, doc_id: str) -> str:
        """The article's title and text as indexed (chunks overlap: a phrase may repeat)."""
        chunks = self.chunks(doc_id)
        if not chunks:
            return ""
        return "\n".join([chunks[0].meta.title, *(c.text for c in chunks)])

    def folded(self, doc_id: str) -> str:
        """``text`` folded (lower case, no diacritics), kept like the facets."""
        folded = self._folded.get(doc_id)
        if folded is None:
            folded = fold(self.text(doc_id))
            with self._lock:
                self._folded[doc_id] = folded
        return folded

    def concepts(self, doc_id: str) -> set[str]:
        """Glossary concepts of the article, as tagged at index time on its chunks."""
        return {c for chunk in self._chunks.get(doc_id, []) for c in chunk.meta.concepts}

    def _read(self, doc_id: str) -> Facets:
        chunks = self._chunks.get(doc_id)
        if not chunks:
            return Facets()
        stored = Facets.from_tokens(chunks[0].meta.facets)
        if stored is not None:
            return stored
        title, _sep, text = self.text(doc_id).partition("\n")
        return self.reader.article(title, text, chunks[0].meta.published())
