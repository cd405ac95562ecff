import pytest

from rag.lang.pack import packs
from rag.lang.places import Places

EXTRA = {
    "en": {"GB": ["UK", "Britain", "British"], "US": ["US", "American"], "KR": ["Korea"]},
    "fr": {"GB": ["britannique"], "US": ["américain"]},
    "vi": {"GB": ["Anh"], "US": ["Mỹ"], "AU": ["Úc"]},
}
SUFFIXES = {"en": ["an", "ian"], "fr": ["ien", "ienne", "en", "enne", "ais", "aise"]}


@pytest.fixture(scope="module")
def places() -> Places:
    return Places.from_cldr(extra=EXTRA, suffixes=SUFFIXES)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # A partner no article or glossary knows is still recognised, in each language.
        ("When did Vietnam and Brazil sign an MoU?", ["VN", "BR"]),
        ("Quand le Vietnam et le Brésil ont-ils signé ?", ["VN", "BR"]),
        ("Việt Nam và Brazil ký khi nào?", ["VN", "BR"]),
        # Typed without diacritics.
        ("nguoi Viet Nam o Campuchia va Trung Quoc", ["VN", "KH", "CN"]),
        # Nationality adjectives: stem + suffix, and language names sharing the stem.
        ("the Cambodian side and Australian police", ["KH", "AU"]),
        ("le ministre cambodgien et la police australienne", ["KH", "AU"]),
        ("Japanese interns, Korean brides, Chinese police", ["JP", "KR", "CN"]),
        ("policiers japonais, coréens, allemands, français", ["JP", "KR", "DE", "FR"]),
        # French agrees the adjective with its noun: every gender and number of the form.
        ("la police sud-coréenne et la partie italienne", ["KR", "IT"]),
        ("la police japonaise et une Vietnamienne", ["JP", "VN"]),
        ("la commande, le contrôle, la parole, la demande", []),
        # CLDR's parenthetical alternates and multi-word names.
        ("Myanmar (Burma)", ["MM", "MM"]),
        ("Royaume-Uni et États-Unis", ["GB", "US"]),
        ("South Korea and North Korea", ["KR", "KP"]),
        # Short names only where written as names.
        ("UK Home Secretary met US officials", ["GB", "US"]),
        ("us and them in the US", ["US"]),
        ("Tô Lâm gặp Đại sứ Mỹ và Úc tại Lào", ["US", "AU", "LA"]),
        ("Bộ trưởng Nội vụ Anh Yvette Cooper", ["GB"]),
        # Typed without diacritics, lower-case short syllables are ordinary words ("Bộ Công
        # an do..." is no "Ấn Độ"); written as a name, or with longer syllables, they count.
        ("doan Bo Cong an do Bo truong dan dau", []),
        ("An Do va trung quoc", ["IN", "CN"]),
        # The given name ending a Vietnamese personal name is not a country.
        ("ông Nguyễn Tuấn Anh cho biết", []),
        ("Đại tá Trần Minh Đức phát biểu", []),
    ],
)
def test_mentions(places: Places, text: str, codes: list[str]) -> None:
    assert [m.code for m in places.find(text)] == codes


def test_mentions_carry_offsets(places: Places) -> None:
    text = "Talks with Cambodia ended."
    (mention,) = places.find(text)
    assert text[mention.start : mention.end] == mention.text == "Cambodia"


def test_display_names_come_from_cldr(places: Places) -> None:
    assert places.name("BR", "fr") == "Brésil"
    assert places.name("GB", "vi") == "Vương quốc Anh"
    assert places.name("KH", "en") == "Cambodia"
    assert places.name("XX", "fr") == "XX"


def test_a_known_adjective_settles_the_suffix_so_given_names_are_not_coined() -> None:
    """French "français" is the language's own adjective of France ("franç" + "ais"): the
    other suffixes are not guessed, so "François" (a given name) names no country, while
    territories whose adjective is not the language's name keep their guesses."""
    places = Places.from_packs(packs())
    assert places.codes("François-Noël Buffet et François Bayrou") == set()
    assert places.codes("la police française et le ministre français") == {"FR"}
    assert places.codes("le ministre thaïlandais et le ministre malaisien") == {"TH", "MY"}


def test_without_suffixes_no_adjectives_are_derived() -> None:
    bare = Places.from_cldr()
    assert bare.codes("the Cambodian side") == set()
    assert bare.codes("Cambodia") == {"KH"}


def test_the_packs_add_the_parts_of_the_united_kingdom_cldr_lacks() -> None:
    """CLDR has no territory for Northern Ireland: without the packs it reads as Ireland."""
    shipped = Places.from_packs(packs())
    text = "the United Kingdom of Great Britain and Northern Ireland"
    assert [m.code for m in shipped.find(text)] == ["GB", "GB", "GB"]
    assert [m.code for m in shipped.find("l'Irlande du Nord et l'Irlande")] == ["GB", "IE"]
    assert [m.code for m in shipped.find("Bắc Ireland và Xứ Wales")] == ["GB", "GB"]


def test_a_territory_named_after_a_language_does_not_take_its_adjective() -> None:
    """ "French Polynesia" and "partie néerlandaise" share the stem of the language name, but
    a French minister is from France: without the packs' irregular adjectives, none."""
    bare = Places.from_cldr(suffixes=SUFFIXES)
    assert bare.codes("the French minister") == set()
    assert bare.codes("la police néerlandaise") == set()
    assert bare.codes("German police") == {"DE"}  # "Germany" starts with the adjective: kept


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Which French minister did he receive?", ["FR"]),
        ("Dutch, Belgian and Irish police", ["NL", "BE", "IE"]),
        ("les policiers néerlandais et laotiens", ["NL", "LA"]),
        ("les autorités allemandes et espagnoles", ["DE", "ES"]),
    ],
)
def test_the_packs_add_irregular_adjectives(text: str, codes: list[str]) -> None:
    assert [m.code for m in Places.from_packs(packs()).find(text)] == codes


def test_a_domain_word_names_a_territory_only_when_capitalised() -> None:
    """ "La première réunion ministérielle" is a meeting; "La Réunion" the island. Adjectives
    lower-case by grammar ("britannique") are no whole territory name and stay places."""
    places = Places.from_packs(packs(), ordinary=["réunion", "britannique", "meeting"])
    assert places.codes("la première réunion ministérielle Mékong-Lancang") == set()
    # with its article, lower case, the French name is a meeting too
    assert places.codes("Quand s'est ouverte la réunion des ministres ?") == set()
    assert places.codes("une visite à La Réunion") == {"RE"}
    # capitalised by its place only: a sentence's or a title's first words are a meeting
    assert places.codes("La réunion, placée sous le thème de la résilience, a duré.") == set()
    assert places.codes("Réunion ministérielle de l'ASEAN au Laos") == {"LA"}
    assert places.codes("la 14e Réunion ministérielle de l'ASEAN") == set()
    assert places.codes("la police britannique") == {"GB"}
    assert places.ordinary == {"reunion"}


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Nhóm môi giới xin hạn ngạch tuyển lao động.", []),  # labour, not Laos
        ("Người lao động được đưa sang Lào.", ["LA"]),
        ("La police lao a arrêté deux suspects.", ["LA"]),  # French writes it lower-case
        ("Đặc khu kinh tế nào ở Lào?", ["LA"]),  # "ở" (at) is lower-case, no name before it
        ("Ông Anh và bà Mỹ đã đến.", []),  # titles before given names
        ("Myanmar… Bà Ngọc bị bắt ngay tại sân bay.", ["MM"]),  # "bị" after an ellipsis
    ],
)
def test_vietnamese_text_names_a_country_only_capitalised(text: str, codes: list[str]) -> None:
    assert sorted(Places.from_packs(packs()).codes(text)) == codes


@pytest.mark.parametrize(
    ("text", "code", "mention"),
    [
        ("the South Korean police delegation", "KR", "South Korean"),
        ("North Korean hackers", "KP", "North Korean"),
        ("la police sud-coréenne", "KR", "sud-coréenne"),
        ("des pirates nord-coréens", "KP", "nord-coréens"),
    ],
)
def test_a_qualified_territory_takes_the_adjective_of_its_word(
    text: str, code: str, mention: str
) -> None:
    """ "North Korean" is not Korean (the language, named like South Korea): a qualifier
    that qualifies several territory names joins the adjective of the word it qualifies."""
    found = Places.from_packs(packs()).find(text)
    assert [(m.code, m.text) for m in found] == [(code, mention)]
