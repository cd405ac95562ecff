import pytest

from rag.lang.stems import cognate, stem_set, word_stems


def test_inflected_forms_share_a_stem_in_english_and_french() -> None:
    assert (
        word_stems("established", "en")["established"] == word_stems("establish", "en")["establish"]
    )
    stems = [
        {f for f in stem_set(text, "fr") if f.startswith("~")}
        for text in ("La France a proposé et signé le plan.", "Les plans proposés sont signés.")
    ]
    assert stems[0] == stems[1]


def test_names_are_not_stemmed() -> None:
    """Capitals mark names: "Cooper" stays a name, it is no inflection of "cooper"."""
    assert word_stems("Yvette Cooper met the cooperation office", "fr").keys() == {
        "cooperation",
        "office",
    }


@pytest.mark.parametrize("language", ["vi", "xx"])
def test_languages_without_inflection_or_pack_have_no_stems(language: str) -> None:
    assert word_stems("hai bên đã ký kết bản ghi nhớ", language) == {}


def test_stems_are_kept_apart_from_words() -> None:
    """A stem or a root never passes for a word: "sign" the stem is not "sign" the word."""
    assert all(f[0] in "~^" for f in stem_set("They signed agreements.", "en"))


def test_english_and_french_words_of_one_root_share_their_first_letters() -> None:
    """ "illégalement" meets "illegally", "coopération" "cooperation"; short words never do
    ("traite" is no "trait")."""
    assert cognate("illegalement") in stem_set("They crossed the border illegally.", "en")
    assert cognate("cooperation") in stem_set("La coopération policière progresse.", "fr")
    assert cognate("traite") == ""
