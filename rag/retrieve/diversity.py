"""Post-processor: at most ``max_per_doc`` chunks per article, so list questions see several
articles; when too few articles qualify, the overflow fills the remaining places in order."""

from __future__ import annotations

from collections import defaultdict

from rag.models import RetrievedChunk
from rag.retrieve.base import Query


class Diversity:
    name = "diversity"

    def __init__(self, max_per_doc: int = 2) -> None:
        self.max_per_doc = max_per_doc

    def process(
        self, query: Query, items: list[RetrievedChunk], top_k: int
    ) -> list[RetrievedChunk]:
        per_doc: dict[str, int] = defaultdict(int)
        chosen: list[RetrievedChunk] = []
        overflow: list[RetrievedChunk] = []
        for item in items:
            doc = item.chunk.doc_id
            if per_doc[doc] < self.max_per_doc:
                per_doc[doc] += 1
                chosen.append(item)
            else:
                overflow.append(item)
            if len(chosen) == top_k:
                return chosen
        return (chosen + overflow)[:top_k]
