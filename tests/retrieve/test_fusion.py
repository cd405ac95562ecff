"""Reciprocal-rank fusion over any number of channels, with weights and per-group ranks."""

from __future__ import annotations

import pytest

from rag.retrieve.base import Hit
from rag.retrieve.fusion import ReciprocalRankFusion
from tests.support.chunks import make_chunk

A, B, C, D = (make_chunk(doc) for doc in "abcd")


def test_three_lists_are_fused_by_weighted_reciprocal_rank() -> None:
    fusion = ReciprocalRankFusion(k=60, weights={"dense": 1.0, "bm25": 1.0, "third": 0.5})
    fused = fusion.fuse(
        [
            # per-language dense ranks: B is first in its language, as A is in its own
            ("dense", [Hit(A, 0.9, 0), Hit(B, 0.8, 0), Hit(C, 0.7, 1)]),
            ("bm25", [Hit(C, 7.0, 0), Hit(A, 5.0, 1)]),
            ("third", [Hit(D, 1.0, 0), Hit(A, 0.5, 1)]),
        ]
    )
    assert [item.chunk.doc_id for item in fused] == ["a", "c", "b", "d"]
    scores = {item.chunk.doc_id: item.score for item in fused}
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 62 + 0.5 / 62)
    assert scores["c"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["b"] == pytest.approx(1 / 61)
    assert scores["d"] == pytest.approx(0.5 / 61)
    assert fused[0].ranks == {"dense": 1, "bm25": 2, "third": 2}
    assert fused[3].ranks == {"third": 1}


def test_ties_keep_the_order_first_seen() -> None:
    fused = ReciprocalRankFusion().fuse(
        [("one", [Hit(B, 1.0, 0)]), ("two", [Hit(A, 1.0, 0)]), ("three", [Hit(C, 1.0, 0)])]
    )
    assert [item.chunk.doc_id for item in fused] == ["b", "a", "c"]


def test_unweighted_channels_count_once_and_empty_lists_add_nothing() -> None:
    fused = ReciprocalRankFusion(k=10).fuse([("dense", []), ("new", [Hit(A, 0.1, 4)])])
    assert [(i.chunk.doc_id, i.score) for i in fused] == [("a", pytest.approx(1 / 15))]
