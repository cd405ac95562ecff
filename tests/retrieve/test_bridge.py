"""Bridge channel: a question in a language the embedder lacks, searched by its glossary
names, its proper names and its figures, among the articles the embedder can read."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.index.store import ChunkIndex
from rag.retrieve.base import Query
from rag.retrieve.bridge import BridgeChannel, BridgeText
from rag.retrieve.dense import DenseChannel, QueryEmbedding
from rag.retrieve.glossary import GlossaryExpansion
from tests.support.chunks import make_chunk
from tests.support.embedding import hash_index
from tests.support.glossary import GLOSSARY

KNOWN = frozenset({"en", "fr"})
CHUNKS = [
    make_chunk("en1", text="memorandum of understanding Luong Tam Quang 2019", language="en"),
    make_chunk("vi1", text="memorandum of understanding Luong Tam Quang 2019", language="vi"),
    make_chunk("fr1", text="rapport météo", language="fr"),
]


def bridged(text: str, language: str, known: frozenset[str] | None = KNOWN) -> Query:
    query = GlossaryExpansion(GLOSSARY).transform(Query(text, language=language))
    return BridgeText(GLOSSARY, known).transform(query)


def test_a_vietnamese_question_is_bridged_by_its_glossary_names_names_and_figures() -> None:
    query = bridged("Năm 2019, Bộ trưởng Lương Tam Quang ký bản ghi nhớ gì?", "vi")
    assert query.bridged
    terms = query.dense_text.split("; ")
    assert "memorandum of understanding" in terms  # the concept's English name
    assert "protocole d'accord" in terms  # and its French one
    assert not any("bản ghi nhớ" in t for t in terms)  # not the Vietnamese one
    assert {"luong", "tam", "quang", "2019"} <= set(terms)
    assert "nam" not in terms  # the first word is capitalised as any sentence's is


@pytest.mark.parametrize(
    ("text", "language", "known"),
    [
        ("Who signed the memorandum in 2019?", "en", KNOWN),  # the embedder reads it
        ("Ai đã ký bản ghi nhớ?", "vi", None),  # an embedder of every language
    ],
)
def test_questions_the_embedder_reads_are_not_bridged(
    text: str, language: str, known: frozenset[str] | None
) -> None:
    query = bridged(text, language, known)
    assert (
        not query.bridged
        and query.dense_text
        == GlossaryExpansion(GLOSSARY).transform(Query(text, language=language)).dense_text
    )


@pytest.fixture
def index(tmp_path: Path) -> ChunkIndex:
    return hash_index(tmp_path, "bridge", CHUNKS)


def test_the_bridge_searches_only_articles_in_the_embedder_s_languages(index: ChunkIndex) -> None:
    """The dense channel still skips the Vietnamese question; the bridge finds the English
    article and leaves the Vietnamese one, whose vector is as unreadable as the question's."""
    query = QueryEmbedding(index.embedder, KNOWN).transform(
        bridged("Năm 2019, Bộ trưởng Lương Tam Quang ký bản ghi nhớ gì?", "vi")
    )
    assert query.vector is not None
    assert DenseChannel(index, CHUNKS, languages=KNOWN).retrieve(query, 10) == []
    docs = [
        h.chunk.doc_id for h in BridgeChannel(index, CHUNKS, languages=KNOWN).retrieve(query, 10)
    ]
    assert docs[0] == "en1" and "vi1" not in docs


def test_the_bridge_is_silent_for_questions_the_embedder_reads(index: ChunkIndex) -> None:
    query = QueryEmbedding(index.embedder, KNOWN).transform(
        bridged("memorandum of understanding", "en")
    )
    assert BridgeChannel(index, CHUNKS, languages=KNOWN).retrieve(query, 10) == []
