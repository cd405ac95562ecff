"""Name rerank: the article that names the question's people outranks a same-topic one."""

from __future__ import annotations

import pytest

from rag.index.bm25 import LexicalIndex
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.models import RetrievedChunk
from rag.retrieve.base import Query
from rag.retrieve.constraints import ConstraintReader
from rag.retrieve.facets import ArticleFacets
from rag.retrieve.name_rerank import NameRerank
from tests.support.chunks import make_chunk

CHUNKS = [
    make_chunk(
        "call-cooper-fr",
        language="fr",
        text="Le ministre s'est entretenu au téléphone le 10 octobre avec Yvette Cooper.",
    ),
    make_chunk(
        "call-cleverly-vi",
        language="vi",
        text="Bộ trưởng Tô Lâm điện đàm với Bộ trưởng James Cleverly ngày 15/4.",
    ),
    make_chunk("review-vi", language="vi", text="Nhìn lại 12 năm thực hiện Hiệp định với Lào."),
    *(make_chunk(f"filler-{i}", text=f"Filler article {i} about borders.") for i in range(8)),
]
ORDINARY = frozenset({"quand", "ministre", "bo", "truong", "telephone"})


@pytest.fixture(scope="module")
def rerank() -> NameRerank:
    places = Places.from_packs(packs())
    facets = ArticleFacets(CHUNKS, ConstraintReader.from_packs(places, packs()))
    index = LexicalIndex(CHUNKS)
    return NameRerank(facets, places, index.idf, index.vocab.__contains__, ORDINARY.__contains__)


def test_names_are_capitalised_rare_words_not_places_dates_or_the_opening_word(
    rerank: NameRerank,
) -> None:
    question = "Octobre : le Royaume-Uni a-t-il parlé avec James Cleverly le 15 avril 2024 ?"
    assert set(rerank.names(Query(question))) == {"james", "cleverly"}


def test_a_name_no_article_holds_is_left_to_the_support_check(rerank: NameRerank) -> None:
    assert rerank.names(Query("When did Cleverly meet Zelensky?")).keys() == {"cleverly"}


def test_the_article_naming_the_person_comes_first(rerank: NameRerank) -> None:
    items = [RetrievedChunk(CHUNKS[0], 1.0), RetrievedChunk(CHUNKS[1], 0.8)]
    ranked = rerank.process(Query("Quand a eu lieu l'appel avec James Cleverly ?"), items, 5)
    assert [i.chunk.doc_id for i in ranked] == ["call-cleverly-vi", "call-cooper-fr"]


def test_a_question_without_names_keeps_the_order(rerank: NameRerank) -> None:
    items = [RetrievedChunk(CHUNKS[0], 1.0), RetrievedChunk(CHUNKS[1], 0.8)]
    ranked = rerank.process(Query("when was the phone call?"), items, 5)
    assert [i.chunk.doc_id for i in ranked] == ["call-cooper-fr", "call-cleverly-vi"]
    assert [i.score for i in ranked] == [1.0, 0.8]


def test_the_figure_of_an_ordinal_names_nothing(rerank: NameRerank) -> None:
    """The ordinal constraint reads "lần thứ 12" as the twelfth however an article writes
    it ("12e Conférence"); its bare "12" would favour a report of "12 năm" (twelve years)."""
    question = "Hội nghị với Lào lần thứ 12 họp ở đâu?"
    asked = Query(question, constraints=rerank.facets.reader.question(question))
    assert "12" not in rerank.names(asked)
    assert "12" in rerank.names(Query("Có 12 người nào?"))
