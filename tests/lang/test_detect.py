import pytest

from rag.lang.detect import detect_article_language, detect_question_language


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Who signed the memorandum on human trafficking with the UK?", "en"),
        ("Qui a signé le protocole d'accord sur la traite des êtres humains ?", "fr"),
        ("Ai đã ký bản ghi nhớ về phòng chống mua bán người với Anh?", "vi"),
    ],
)
def test_questions_are_detected_among_the_languages_with_a_pack(
    question: str, language: str
) -> None:
    assert detect_question_language(question) == language


def test_the_hint_wins_only_when_the_text_says_little() -> None:
    assert detect_question_language("???", hint="fr") == "fr"
    assert detect_question_language("???", hint="de") == "en"  # no German pack
    assert detect_question_language("UK MoU?", hint="vi") == "vi"
    assert detect_question_language("Qui a coprésidé le dialogue sur la migration ?", "vi") == "fr"


def test_articles_may_be_in_any_language() -> None:
    text = "Die Minister haben in Hanoi eine Vereinbarung gegen den Menschenhandel unterzeichnet."
    assert detect_article_language(text) == "de"
