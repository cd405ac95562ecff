"""A question about two coordinated years or partners, cut into one question for each."""

import pytest

from rag.retrieve.coordination import cut


def _span(text: str, value: str) -> tuple[int, int]:
    start = text.index(value)
    return start, start + len(value)


@pytest.mark.parametrize(
    ("question", "first", "second", "parts"),
    [
        (
            "Which officials did they meet in August 2044 at the academy and in May 2045 in Hanoi?",
            "2044",
            "2045",
            (
                "Which officials did they meet in August 2044 at the academy in Hanoi?",
                "Which officials did they meet in May 2045 in Hanoi?",
            ),
        ),
        (  # no word opens both parts: the first starts after the clause break
            "Name the two officials, Genovia's police chief in 2041 and Ruritania's envoy in 2042, who met him.",
            "2041",
            "2042",
            (
                "Name the two officials, Genovia's police chief in 2041, who met him.",
                "Name the two officials, Ruritania's envoy in 2042, who met him.",
            ),
        ),
        (
            "Quels ministres de Singapour et de Malaisie a-t-il rencontrés ?",
            "Singapour",
            "Malaisie",
            (
                "Quels ministres de Singapour a-t-il rencontrés ?",
                "Quels ministres de Malaisie a-t-il rencontrés ?",
            ),
        ),
        (
            "Ông ấy đã gặp những ai khi sang Lào tháng 3/2044 và khi sang Campuchia tháng 1/2045?",
            "2044",
            "2045",
            (
                "Ông ấy đã gặp những ai khi sang Lào tháng 3/2044?",
                "Ông ấy đã gặp những ai khi sang Campuchia tháng 1/2045?",
            ),
        ),
    ],
)
def test_each_part_keeps_the_head_of_the_question_and_its_own_words(
    question: str, first: str, second: str, parts: tuple[str, str]
) -> None:
    assert cut(question, _span(question, first), _span(question, second)) == parts


def test_values_not_joined_by_a_coordinating_word_are_not_cut() -> None:
    question = "Which MoU signed in 2016 replaced the one of 2009?"
    assert cut(question, _span(question, "2016"), _span(question, "2009")) is None
