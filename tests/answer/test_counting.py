"""What a "how many" question counts, and which numbers count it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer.counting import Counted, counted
from rag.lang.glossary import Glossary
from rag.lang.text import content_tokens
from tests.support.glossary import GLOSSARY


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return GLOSSARY


def features(glossary: Glossary) -> Callable[[str], set[str]]:
    return lambda text: set(content_tokens(text)) | {f"@{c}" for c in glossary.concepts_in(text)}


@pytest.mark.parametrize(
    ("question", "language", "words"),
    [
        ("How many suspects were arrested in 2023?", "en", {"suspects"}),
        ("Combien de trafiquants les tribunaux ont-ils condamnés ?", "fr", {"trafiquants"}),
        ("Có bao nhiêu công dân được tiếp nhận?", "vi", {"cong", "dan"}),
    ],
)
def test_the_counted_noun_is_read_in_each_language(
    glossary: Glossary, question: str, language: str, words: set[str]
) -> None:
    count = counted(question, language, glossary)
    assert count is not None and words <= count.words


def test_a_question_that_names_nothing_counted_has_no_noun(glossary: Glossary) -> None:
    assert counted("Combien ?", "fr", glossary) is None
    assert counted("Who signed the MoU?", "en", glossary) is None


@pytest.mark.parametrize(
    ("sentence", "number", "language", "counts"),
    [
        ("Police arrested 16 suspects in four countries.", "16", "en", True),
        ("Project 88 accused officials of facilitating forced labour.", "88", "en", False),
        ("A man in his 30s was arrested at the port.", "30", "en", False),
        # The noun right after the number is what it counts, whatever follows.
        ("The report rates 188 countries, and suspects were named.", "188", "en", False),
        ("The number of suspects rose to 213.", "213", "en", True),
        # Across languages, a noun without a glossary concept cannot be checked: taken.
        ("Cảnh sát đã bắt 16 đối tượng.", "16", "vi", True),
    ],
)
def test_a_number_counts_the_noun_only_next_to_it(
    glossary: Glossary, sentence: str, number: str, language: str, counts: bool
) -> None:
    count = Counted(frozenset({"suspects"}), frozenset(), "en")
    start = sentence.index(number)
    end = start + len(number)
    assert count.counts(sentence, start, end, language, features(glossary)) is counts


def test_a_french_noun_with_an_elided_complement_keeps_its_concept(glossary: Glossary) -> None:
    """ "trafiquants d'êtres humains" is one noun: its concept lets a number in an English
    sentence be told apart ("188 countries" counts no traffickers)."""
    question = "Combien de trafiquants d'êtres humains ont été condamnés en 2021 ?"
    count = counted(question, "fr", glossary)
    assert count is not None and "human_trafficking" in count.concepts
    sentence = "The report, which rates 188 countries and territories, removed Vietnam."
    start = sentence.index("188")
    assert not count.counts(sentence, start, start + 3, "en", features(glossary))


def test_an_english_noun_phrase_runs_to_its_head(glossary: Glossary) -> None:
    """ "joint crackdown campaigns had...": the head is the third word, and the verb after
    it is no part of what is counted."""
    count = counted("How many joint crackdown campaigns had they run?", "en", glossary)
    assert count is not None and "campaign" in count.concepts and "had" not in count.words
    sentence = "Công an hai nước đã phối hợp triển khai 7 đợt cao điểm đấu tranh với tội phạm."
    start = sentence.index("7")
    assert count.counts(sentence, start, start + 1, "vi", features(glossary))


@pytest.mark.parametrize(
    ("question", "sentence", "number", "counts"),
    [
        # Another language counts migrants, citizens, victims as plain people.
        (
            "How many migrants were on the boat?",
            "Câu chuyện của 17 người đến từ Việt Nam.",
            "17",
            True,
        ),
        ("Combien de victimes ?", "Police found 12 people in the truck.", "12", True),
        # Things are not people, and in the question's own language the noun must be there.
        ("How many campaigns were run?", "Câu chuyện của 17 người đến từ Việt Nam.", "17", False),
        ("How many migrants were on the boat?", "Cảnh sát thu giữ 17 điện thoại.", "17", False),
    ],
)
def test_a_plain_people_noun_in_another_language_counts_people(
    glossary: Glossary, question: str, sentence: str, number: str, counts: bool
) -> None:
    language = "fr" if question.startswith("Combien") else "en"
    count = counted(question, language, glossary)
    assert count is not None
    start = sentence.index(number)
    sentence_language = "en" if sentence.startswith("Police") else "vi"
    assert (
        count.counts(sentence, start, start + len(number), sentence_language, features(glossary))
        is counts
    )


@pytest.mark.parametrize(
    ("sentence", "number", "counts"),
    [
        # "How many people" is answered by a count of persons of any kind.
        ("The team of 12 police officers and staff flew out in February.", "12", True),
        ("Border guards received 63 citizens on Wednesday.", "63", True),
        ("The ministers signed 3 documents.", "3", False),
    ],
)
def test_plain_people_are_counted_by_any_persons(
    glossary: Glossary, sentence: str, number: str, counts: bool
) -> None:
    count = counted("How many people did the police send to Vietnam?", "en", glossary)
    assert count is not None
    start = sentence.index(number)
    end = start + len(number)
    assert count.counts(sentence, start, end, "en", features(glossary)) is counts


def test_a_count_of_criminals_is_not_answered_by_citizens_in_another_language(
    glossary: Glossary,
) -> None:
    """ "Combien de criminels" has a concept: an English number next to citizens counts no
    criminals, though the sentence is in another language than the question."""
    count = counted("Combien de criminels en fuite ont été remis ?", "fr", glossary)
    assert count is not None and "crime" in count.concepts
    sentence = "Vietnam flew home 1,020 citizens on nine flights."
    start = sentence.index("1,020")
    assert not count.counts(sentence, start, start + 5, "en", features(glossary))


def test_strictly_only_the_asked_noun_counts(glossary: Glossary) -> None:
    """Asked in French how many migrant workers, "four people" in English counts them only
    loosely (plain people, another language); "100 migrant workers" counts them strictly."""
    count = counted("Combien de travailleurs migrants sont entrés ?", "fr", glossary)
    assert count is not None
    sentence = "Prosecutors indicted four people accused of bringing about 100 migrant workers."
    four, hundred = sentence.index("four"), sentence.index("100")
    read = features(glossary)
    assert count.counts(sentence, four, four + 4, "en", read)
    assert not count.counts(sentence, four, four + 4, "en", read, strict=True)
    assert count.counts(sentence, hundred, hundred + 3, "en", read, strict=True)


def test_the_counted_noun_is_read_as_written(glossary: Glossary) -> None:
    """Folded, "người tham gia" (participants) would hold "thăm" (a visit)."""
    noun = counted("Có khoảng bao nhiêu người tham gia khóa học?", "vi", glossary)
    assert noun is not None and "visit" not in noun.concepts


def test_delegates_are_counted_by_a_number_beside_them_in_any_language(
    glossary: Glossary,
) -> None:
    """A meeting's attendance is a count of delegates ("200 đại biểu", "70 délégués"): the
    21 provinces or the 3 days a report in another language gives count none of them."""
    count = counted("How many delegates took part in the conference?", "en", glossary)
    assert count is not None and "delegates" in count.concepts
    read = features(glossary)

    def counts(sentence: str, number: str, language: str) -> bool:
        start = sentence.index(number)
        return count.counts(sentence, start, start + len(number), language, read)

    assert counts("Hội nghị có sự tham dự của 200 đại biểu.", "200", "vi")
    assert counts("La conférence a réuni 70 délégués.", "70", "fr")
    assert not counts("Công an 21 tỉnh biên giới đã tham dự.", "21", "vi")
    assert not counts("La réunion a duré 3 jours.", "3", "fr")
