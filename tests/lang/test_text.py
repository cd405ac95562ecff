from hypothesis import given
from hypothesis import strategies as st

from rag.lang.fold import fold
from rag.lang.text import (
    content_tokens,
    holds_name,
    named_in,
    split_sentences,
    split_sentences_lossless,
    topic_tokens,
)


def test_abbreviated_titles_do_not_end_sentences() -> None:
    text = (
        "The document was inked by Sen. Lt. Gen. To Lam and UK Home Secretary Sajid Javid. "
        "Mr. Javid welcomed it."
    )
    assert split_sentences(text) == [
        "The document was inked by Sen. Lt. Gen. To Lam and UK Home Secretary Sajid Javid.",
        "Mr. Javid welcomed it.",
    ]


def test_vietnamese_dates_and_dotted_acronyms_stay_inside_sentences() -> None:
    text = "Ngày 15.8.2022, tại Hà Nội, hai bên họp. Phái đoàn U.K. Home Office đến dự."
    assert split_sentences(text) == [
        "Ngày 15.8.2022, tại Hà Nội, hai bên họp.",
        "Phái đoàn U.K. Home Office đến dự.",
    ]


def test_missing_space_after_full_stop_still_splits() -> None:
    assert split_sentences("sur l'immigration.Elles sont convenues.") == [
        "sur l'immigration.",
        "Elles sont convenues.",
    ]


def test_content_tokens_drop_stopwords_in_three_languages() -> None:
    assert content_tokens("Who signed the MoU with the UK?") == ["signed", "mou", "uk"]
    assert "ky" in content_tokens("Ai đã ký bản ghi nhớ?")
    assert content_tokens("Qui a signé le protocole ?") == ["signe", "protocole"]


def test_topic_tokens_drop_the_words_that_phrase_a_question() -> None:
    assert topic_tokens("In which year did the dialogue take place?") == ["dialogue"]
    assert topic_tokens("Đối thoại diễn ra vào năm nào?") == ["doi", "thoai"]


@given(st.text(alphabet=st.sampled_from("ab .!?\nCDÀ1/,"), max_size=80))
def test_lossless_split_reassembles_the_text(text: str) -> None:
    assert "".join(split_sentences_lossless(text)) == text


@given(st.text(max_size=200))
def test_sentences_are_verbatim_substrings(text: str) -> None:
    for sentence in split_sentences(text):
        assert sentence in text


def test_a_vietnamese_word_is_no_abbreviation_of_another_language() -> None:
    """Folded, "hơn" (more) is "hon", an English abbreviation ("Hon. John Smith")."""
    assert split_sentences("Hợp tác sẽ mạnh mẽ hơn. Ông Stock cam kết.") == [
        "Hợp tác sẽ mạnh mẽ hơn.",
        "Ông Stock cam kết.",
    ]
    assert split_sentences("The Hon. John Smith spoke.") == ["The Hon. John Smith spoke."]


def test_a_name_is_in_a_question_only_as_whole_words() -> None:
    asks = fold("By mid-2022, what did Tô Lâm sign?")
    assert named_in("To Lam", asks)
    assert not named_in("202", asks)
    assert not named_in("Lâm Đồng", asks)


def test_a_name_is_held_by_a_text_holding_each_of_its_words() -> None:
    folded = "le ministre luong tam quang a recu m. rycroft"
    assert holds_name(folded, "Lương Tam Quang")
    assert not holds_name(folded, "Tô Lâm")
