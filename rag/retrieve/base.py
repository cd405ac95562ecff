"""The retrieval pipeline's slots: query transforms, channels (retrievers), post-processors.

A question becomes a ``Query``; transforms enrich it (glossary concepts, the query vector),
each channel answers it with a ranked list, fusion merges the lists, and post-processors
reshape the merged list. Each slot is a Protocol, so a third channel or a reranker is one
class in its own file plus one line in ``rag.service`` where the pipeline is assembled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from rag.models import Chunk, Filters, RetrievedChunk
from rag.retrieve.constraints import Constraints


@dataclass(frozen=True)
class Query:
    """What the channels see; transforms return an enriched copy (``dataclasses.replace``)."""

    text: str
    filters: Filters = field(default_factory=Filters)
    language: str = ""  # the question's language, as detected; empty: unknown
    concepts: frozenset[str] = frozenset()  # glossary concept ids in the text
    expansion: tuple[str, ...] = ()  # every glossary name of those concepts (lexical matching)
    dense_text: str = ""  # what the embedder sees; empty: ``text``
    vector: tuple[float, ...] | None = None  # the embedded ``dense_text``
    constraints: Constraints = field(default_factory=Constraints)  # partner, year, day, ordinal
    context: frozenset[str] = frozenset()  # articles a follow-up is about (the last answer's)
    # ``dense_text`` is the bridge text of a question the embedder cannot read (bridge.py)
    bridged: bool = False


@dataclass(frozen=True)
class Hit:
    """One channel's candidate. ``rank`` (0-based) is what fusion uses: a channel may rank
    within groups (dense ranks per article language), so it need not be the list position."""

    chunk: Chunk
    score: float
    rank: int


class QueryTransform(Protocol):
    name: str  # also its key in the timings

    def transform(self, query: Query) -> Query: ...


class Retriever(Protocol):
    name: str  # the channel's key in the timings, in ``RetrievedChunk.ranks`` and in fusion

    def retrieve(self, query: Query, k: int) -> list[Hit]:
        """At most ``k`` hits that pass ``query.filters``, best first."""
        ...


class Fusion(Protocol):
    def fuse(self, ranked: list[tuple[str, list[Hit]]]) -> list[RetrievedChunk]:
        """(channel name, hits) lists -> one list, best first."""
        ...


class PostProcessor(Protocol):
    name: str

    def process(
        self, query: Query, items: list[RetrievedChunk], top_k: int
    ) -> list[RetrievedChunk]:
        """Reorder, drop or rescore the fused list; the pipeline keeps the first ``top_k``."""
        ...
