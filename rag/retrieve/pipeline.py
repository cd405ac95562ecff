"""The retrieval pipeline: transforms, channels, fusion, post-processors, each timed.

Assembled from its parts in ``rag.service``; it knows no channel by name, so adding a
channel or a reranker changes the wiring, not this module.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rag.models import Filters, Retrieval
from rag.retrieve.base import Fusion, Hit, PostProcessor, Query, QueryTransform, Retriever


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


class RetrievalPipeline:
    def __init__(
        self,
        transforms: Sequence[QueryTransform],
        channels: Sequence[Retriever],
        fusion: Fusion,
        postprocessors: Sequence[PostProcessor] = (),
        pool: int = 30,
    ) -> None:
        self.transforms = list(transforms)
        self.channels = list(channels)
        self.fusion = fusion
        self.postprocessors = list(postprocessors)
        self.pool = pool  # candidates asked of each channel

    def retrieve(
        self,
        text: str,
        top_k: int = 5,
        filters: Filters | None = None,
        language: str = "",
        context: frozenset[str] = frozenset(),
    ) -> Retrieval:
        """The ``top_k`` best chunks; timings are keyed by each component's name. ``context``:
        the articles a follow-up question is about."""
        timings: dict[str, float] = {}
        query = Query(text, filters or Filters(), language, context=context)
        for transform in self.transforms:
            start = time.perf_counter()
            query = transform.transform(query)
            timings[transform.name] = _ms(start)
        ranked: list[tuple[str, list[Hit]]] = []
        for channel in self.channels:
            start = time.perf_counter()
            ranked.append((channel.name, channel.retrieve(query, self.pool)))
            timings[channel.name] = _ms(start)
        start = time.perf_counter()
        items = self.fusion.fuse(ranked)
        timings["fusion"] = _ms(start)
        for post in self.postprocessors:
            start = time.perf_counter()
            items = post.process(query, items, top_k)
            timings[post.name] = _ms(start)
        return Retrieval(items[:top_k], set(query.concepts), timings)
