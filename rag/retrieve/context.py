"""Post-processor: a follow-up question stays with the articles the previous answer quoted.

"And what did he propose?" after "Who did the minister receive on 4 March?" asks about that
meeting. The follow-up's words ("propose", "expand cooperation") match many reports of other
meetings as well as that one, so the articles just quoted are raised like an article meeting
one more of the question's constraints (``RetrievedChunk.fit``), not made the only ones: when
the follow-up names something they lack, another article still wins.
"""

from __future__ import annotations

from rag.models import RetrievedChunk
from rag.retrieve.base import Query


class FollowUpContext:
    name = "follow_up_context"

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight

    def process(
        self, query: Query, items: list[RetrievedChunk], top_k: int
    ) -> list[RetrievedChunk]:
        if not query.context:
            return items
        for item in items:
            if item.chunk.doc_id in query.context:
                item.score *= 1.0 + self.weight
                item.fit += 1
        return sorted(items, key=lambda item: -item.score)
