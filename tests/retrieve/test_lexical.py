"""Lexical channel: words, glossary names and concept tokens against BM25, masked by filters."""

from __future__ import annotations

from rag.index.bm25 import LexicalIndex
from rag.models import Filters
from rag.retrieve.base import Query
from rag.retrieve.lexical import LexicalChannel
from tests.support.chunks import make_chunk

CHUNKS = [
    make_chunk("mou-en", text="They signed a memorandum.", language="en", concepts=("mou",)),
    make_chunk("police-fr", text="La police des frontières.", language="fr"),
    make_chunk("mou-vi", text="Hai bên ký kết.", language="vi", concepts=("mou",)),
]


def test_concept_tokens_bridge_languages() -> None:
    channel = LexicalChannel(LexicalIndex(CHUNKS))
    query = Query("bản ghi nhớ", concepts=frozenset({"mou"}))
    assert "__mou" in channel.query_tokens(query)
    assert {h.chunk.doc_id for h in channel.retrieve(query, 5)} == {"mou-en", "mou-vi"}


def test_expansion_terms_match_words_and_unknown_words_are_dropped() -> None:
    channel = LexicalChannel(LexicalIndex(CHUNKS))
    query = Query("zzz", expansion=("border police",))
    assert "zzz" not in channel.query_tokens(query)
    hits = channel.retrieve(query, 5)
    assert [(h.chunk.doc_id, h.rank) for h in hits] == [("police-fr", 0)]


def test_filters_mask_chunks_out_and_masks_are_reused() -> None:
    channel = LexicalChannel(LexicalIndex(CHUNKS))
    only_vi = Filters(languages=("vi",))
    query = Query("memorandum", concepts=frozenset({"mou"}), filters=only_vi)
    assert [h.chunk.doc_id for h in channel.retrieve(query, 5)] == ["mou-vi"]
    assert channel.mask(only_vi) is channel.mask(Filters(languages=("vi",)))
    assert channel.mask(Filters()) is None


def test_an_empty_index_answers_nothing() -> None:
    assert LexicalChannel(LexicalIndex([])).retrieve(Query("memorandum"), 5) == []
