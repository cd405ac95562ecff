"""Names channel: only names, numbers and concepts of a question reach BM25."""

from __future__ import annotations

from dataclasses import replace

from rag.index.bm25 import LexicalIndex
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.models import Chunk
from rag.retrieve.base import Query
from rag.retrieve.constraints import Constraints
from rag.retrieve.glossary import GlossaryExpansion
from rag.retrieve.lexical import LexicalChannel
from rag.retrieve.names import NamesChannel, neutral_words
from tests.support.chunks import make_chunk
from tests.support.glossary import GLOSSARY

QUESTION = "Ai là người ký thỏa thuận di cư với Thủ tướng Keir Starmer tại số 10 phố Downing?"
CHUNKS = [
    make_chunk(
        "deal-en",
        text="Prime Minister Keir Starmer met To Lam at 10 Downing Street to sign the deal.",
    ),
    make_chunk(
        "talks-vi",
        language="vi",
        text="Hai bên ký thỏa thuận về di cư; người đứng đầu phía Việt Nam phát biểu tại "
        "Hà Nội với số đông người tham dự, Thủ tướng dự lễ ký.",
    ),
    *(make_chunk(f"other-{i}", text=f"Filler article {i} about borders.") for i in range(6)),
]


def test_only_capitalised_words_and_numbers_are_neutral() -> None:
    assert neutral_words(QUESTION) == ["Ai", "Thủ", "Keir", "Starmer", "10", "Downing"]
    assert neutral_words("the 3 men on 21 June") == ["21", "June"]


def test_question_words_and_common_syllables_are_left_to_the_lexical_channel() -> None:
    channel = NamesChannel(LexicalIndex(CHUNKS))
    tokens = channel.query_tokens(Query(QUESTION))
    assert {"keir", "starmer", "downing", "10"} <= set(tokens)
    assert not {"ai", "ky", "thoa", "thuan", "nguoi"} & set(tokens)


def test_a_cross_lingual_article_sharing_names_ranks_first() -> None:
    index = LexicalIndex(CHUNKS)
    words = LexicalChannel(index).retrieve(Query(QUESTION), 5)
    names = NamesChannel(index).retrieve(Query(QUESTION), 5)
    assert words[0].chunk.doc_id == "talks-vi"  # its many shared syllables win all words
    assert names[0].chunk.doc_id == "deal-en"


def test_a_question_without_names_leaves_the_channel_silent() -> None:
    channel = NamesChannel(LexicalIndex(CHUNKS))
    assert channel.retrieve(Query("who signed the deal", concepts=frozenset()), 5) == []


def _with_partner(chunk: Chunk, code: str) -> Chunk:
    """The chunk as the indexer tags it: its article's facets, here one partner."""
    return replace(chunk, meta=replace(chunk.meta, facets=("facets1", f"p:{code}")))


def test_a_partner_the_glossary_lacks_is_bridged_by_its_cldr_code() -> None:
    """ "Đài Loan" and "Taiwan" share no word; the article's partner token joins them."""
    chunks = [
        _with_partner(
            make_chunk("yunlin-en", text="Prosecutors in Yunlin indicted four brokers."), "TW"
        ),
        _with_partner(
            make_chunk(
                "bokeo-vi",
                language="vi",
                text="Nhóm môi giới ở Bokeo bị truy tố, dùng công ty ma để tuyển lao động.",
            ),
            "LA",
        ),
        *(make_chunk(f"other-{i}", text=f"Filler article {i} about borders.") for i in range(6)),
    ]
    places = Places.from_packs(packs())
    question = "Nhóm môi giới bị truy tố ở Đài Loan đã dùng bao nhiêu công ty ma?"
    query = Query(question, constraints=Constraints(partners=frozenset({"TW"})))
    hits = NamesChannel(LexicalIndex(chunks), places).retrieve(query, 5)
    assert hits[0].chunk.doc_id == "yunlin-en"
    unbridged = NamesChannel(LexicalIndex(chunks)).retrieve(query, 5)
    assert "yunlin-en" not in {h.chunk.doc_id for h in unbridged}


def test_a_partner_the_glossary_names_keeps_to_its_concept_token() -> None:
    chunks = [_with_partner(make_chunk("uk-en", text="Britain and Vietnam met."), "GB")]
    query = GlossaryExpansion(GLOSSARY).transform(
        Query("Who met the UK?", constraints=Constraints(partners=frozenset({"GB"})))
    )
    tokens = NamesChannel(LexicalIndex(chunks), Places.from_packs(packs())).query_tokens(query)
    assert "__p:GB" not in tokens
