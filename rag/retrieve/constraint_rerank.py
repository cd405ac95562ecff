"""Query transform and post-processor: the question's constraints steer the ranking.

The transform reads the question's partner, year, day-month date and ordinal; the
post-processor scales each candidate's fused score by how well its article meets them
(``agreement``: +1 per constraint met, -1 per one contradicted), so the 2016 Australia
MoU outranks the 2009 one for "the 2016 MoU", whatever the embeddings think.
"""

from __future__ import annotations

from dataclasses import replace

from rag.models import RetrievedChunk
from rag.retrieve.base import Query
from rag.retrieve.constraints import ConstraintReader, agreement
from rag.retrieve.facets import ArticleFacets


class ReadConstraints:
    name = "constraints"

    def __init__(self, reader: ConstraintReader) -> None:
        self.reader = reader

    def transform(self, query: Query) -> Query:
        return replace(query, constraints=self.reader.question(query.text))


class ConstraintRerank:
    name = "constraint_rerank"

    def __init__(self, facets: ArticleFacets, weight: float = 1.0) -> None:
        self.facets = facets
        self.weight = weight

    def process(
        self, query: Query, items: list[RetrievedChunk], top_k: int
    ) -> list[RetrievedChunk]:
        if query.constraints.empty:
            return items
        for item in items:
            met = agreement(
                query.constraints,
                self.facets.get(item.chunk.doc_id),
                item.chunk.meta.published().year,
            )
            item.score *= max(0.0, 1.0 + self.weight * met)
            item.fit += met
        return sorted(items, key=lambda item: -item.score)
