from rag.lang.fold import fold


def test_fold_strips_vietnamese_diacritics_and_d_bar() -> None:
    assert fold("Đối thoại Di cư và Xuất nhập cảnh") == "doi thoai di cu va xuat nhap canh"
    assert fold("Tô Lâm") == fold("To Lam")


def test_fold_lowercases_french_accents() -> None:
    assert fold("Coopération ÉTÉ Août") == "cooperation ete aout"


def test_the_typographic_apostrophe_is_the_typed_one() -> None:
    assert fold("protocole d’accord") == fold("protocole d'accord") == "protocole d'accord"
