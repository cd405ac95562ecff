import json
from pathlib import Path

import pytest

from rag.errors import UnsupportedLanguage
from rag.lang.detect import (
    check_supported,
    detect_article_language,
    detect_question_language,
    unsupported_language,
)


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


# --- questions in a language without a pack (issue 15, item 14) --------------------------

FOREIGN = {
    "zh": "谁与英国签署了打击人口贩运的谅解备忘录？",
    "ru": "Кто подписал меморандум о борьбе с торговлей людьми с Великобританией?",
    "ar": "من وقع مذكرة التفاهم بشأن مكافحة الاتجار بالبشر مع المملكة المتحدة؟",
    "th": "ใครลงนามในบันทึกความเข้าใจว่าด้วยการต่อต้านการค้ามนุษย์กับสหราชอาณาจักร",
    "de": "Wer hat das Abkommen über Menschenhandel mit Großbritannien unterzeichnet?",
}


@pytest.mark.parametrize(("language", "question"), FOREIGN.items())
def test_a_question_in_a_language_without_a_pack_is_named(language: str, question: str) -> None:
    assert unsupported_language(question) == language
    with pytest.raises(UnsupportedLanguage) as refused:
        check_supported(question)
    said = refused.value.user_message("vi")
    assert "I can only answer questions asked in English, French, or Vietnamese." in said
    assert "Je ne réponds qu'aux questions posées en anglais, français ou vietnamien." in said
    assert "Tiếng Anh, Tiếng Pháp hoặc Tiếng Việt" in said


def _gold_questions() -> list[str]:
    folder = Path(__file__).resolve().parents[2] / "evals" / "data"
    lines = [line for f in folder.glob("*.jsonl") for line in f.read_text().splitlines()]
    return [json.loads(line)["question"] for line in lines if line.strip()]


def test_no_question_of_the_gold_set_nor_a_mixed_or_short_one_is_refused() -> None:
    """Every gold question (Vietnamese without diacritics, names, acronyms included),
    questions mixing scripts, and too-short ones are answered as before."""
    questions = [
        *_gold_questions(),
        "Who signed bản ghi nhớ với Anh про торговлю людьми?",
        "MoU UK?",
        "🇻🇳🤝🇬🇧 MoU?",
        "Tô Lâm?",
        "¿Quién firmó?",
    ]
    assert len(questions) > 280
    assert [q for q in questions if unsupported_language(q)] == []


@pytest.mark.parametrize(
    ("question", "hint", "language"),
    [
        ("Où ?", "en", "fr"),  # a French question word, whatever the conversation was in
        ("Quand ?", "en", "fr"),
        ("Where?", "fr", "en"),
        ("Cambodia?", "vi", "vi"),  # no language's own word: the conversation's language
    ],
)
def test_a_one_word_question_is_read_by_its_word_or_the_hint(
    question: str, hint: str, language: str
) -> None:
    """ "Où ?" alone: the language model said Vietnamese (0.84), for its accent."""
    assert detect_question_language(question, hint) == language
