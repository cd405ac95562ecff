"""Names channel: only names, numbers and concepts of a question reach BM25."""

from __future__ import annotations

from rag.index.bm25 import LexicalIndex
from rag.retrieve.base import Query
from rag.retrieve.lexical import LexicalChannel
from rag.retrieve.names import NamesChannel, neutral_words
from tests.support.chunks import make_chunk

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
