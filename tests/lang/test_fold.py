import unicodedata

from rag.lang.fold import fold, fold_aligned


def test_fold_strips_vietnamese_diacritics_and_d_bar() -> None:
    assert fold("Đối thoại Di cư và Xuất nhập cảnh") == "doi thoai di cu va xuat nhap canh"
    assert fold("Tô Lâm") == fold("To Lam")


def test_fold_lowercases_french_accents() -> None:
    assert fold("Coopération ÉTÉ Août") == "cooperation ete aout"


def test_the_typographic_apostrophe_is_the_typed_one() -> None:
    assert fold("protocole d’accord") == fold("protocole d'accord") == "protocole d'accord"


def test_aligned_folding_keeps_one_character_for_each() -> None:
    """ "…" folds to three characters; aligned, a match's offsets still point into the text."""
    text = "Campuchia, Myanmar… sang Lào"
    aligned = fold_aligned(text)
    assert aligned is not None and len(aligned) == len(text)
    start = aligned.index("lao")
    assert text[start : start + 3] == "Lào"


def test_decomposed_accents_cannot_be_aligned() -> None:
    assert fold_aligned(unicodedata.normalize("NFD", "Lào…")) is None
