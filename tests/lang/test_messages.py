import pytest

from rag.lang.messages import language_name, t
from rag.lang.pack import packs


def test_one_lookup_serves_the_answer_words_and_the_bot_replies() -> None:
    assert t("not_found", "fr") == "Je n'ai pas trouvé cette information dans les articles indexés."
    assert t("sources_button", "vi") == "📄 Nguồn"
    assert (
        t("too_long", "vi", length=900, limit=500)
        == "Câu hỏi quá dài (900 ký tự; giới hạn là 500)."
    )
    assert "12 news articles" in t("help", "en", documents=12, languages="en", date_range="2024")


@pytest.mark.parametrize("language", [None, "", "de", "km"])
def test_a_language_without_a_pack_gets_the_default_words(language: str | None) -> None:
    assert t("thanks", language) == "Thanks for the feedback!"
    assert language_name(language) == "English"


def test_every_pack_names_its_language_for_the_model() -> None:
    assert [language_name(code) for code in packs().codes] == ["English", "French", "Vietnamese"]
