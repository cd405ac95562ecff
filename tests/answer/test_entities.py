import pytest

from rag.answer.entities import EntityFinder, dateline_place
from rag.answer.kinds import Kind, NameRules, rules_from_packs
from rag.answer.terms import named_bodies, named_places, type_terms
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.lang.text import fold
from tests.support.glossary import GLOSSARY


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


RULES = NameRules(
    titles=_folded("minister secretary general gen lt sen colonel mr m mme ông bà ngài anh chị"),
    org_heads=_folded("ministry department office embassy garde bộ cục"),
    particles=_folded("de van von"),
    locatives=_folded("in at à tại ở"),
    not_names=_folded("january march august mai"),
    leading=_folded("a an the on le la"),
    compound_titles=frozenset({"chu tich", "thu truong", "bo truong", "tong bi thu"}),
    number_words=frozenset({"hundreds", "trăm", "chục", "ngàn"}),
)
COMMON = _folded("home security public court state")


@pytest.fixture(scope="module")
def finder() -> EntityFinder:
    places = Places.from_cldr(extra={"en": {"GB": ["UK"]}}, suffixes={"en": ["an"]})
    return EntityFinder(
        places, RULES, common=lambda w: w in COMMON, documents=["memorandum of understanding"]
    )


@pytest.mark.parametrize(
    ("sentence", "language", "people"),
    [
        (
            "The document was inked by Minister of Public Security Sen. Lt. Gen. To Lam "
            "and UK Home Secretary Sajid Javid during the talks.",
            "en",
            ["To Lam", "Sajid Javid"],
        ),
        (
            "On March 4, in Hanoi, General Luong Tam Quang received Simon Ridley.",
            "en",
            ["Luong Tam Quang", "Simon Ridley"],
        ),
        (
            "Thượng tướng Lương Tam Quang, Thứ trưởng Bộ Công an và ngài Matthew Rycroft.",
            "vi",
            ["Lương Tam Quang", "Matthew Rycroft"],
        ),
        (
            "Cựu Chủ tịch nước Trần Đại Quang và ông Quang gặp nhau.",
            "vi",
            ["Trần Đại Quang", "Quang"],
        ),
        ("Le vice-ministre Pham Thê Tùng a reçu M. Buffet.", "fr", ["Pham Thê Tùng", "Buffet"]),
        # A three-word title is passed whole; a one-syllable title capitalised inside a
        # run of names is the name's own syllable (chị / Chí, anh / Anh).
        (
            "Tổng Bí thư Nguyễn Phú Trọng đã tiếp ông Triệu Khắc Chí tại Hà Nội.",
            "vi",
            ["Nguyễn Phú Trọng", "Triệu Khắc Chí"],
        ),
        (
            "Theo anh Nguyễn Tuấn Anh, chị Lê Thị Hoa đã về nước.",
            "vi",
            ["Nguyễn Tuấn Anh", "Lê Thị Hoa"],
        ),
        # A title's abbreviation ends no sentence; a name's full stop does; "To" opening a
        # sentence is a word, after "Gen." it starts a name.
        ("It was signed by Gen. To Lam. To close, Mr Javid spoke.", "en", ["To Lam", "Javid"]),
        # Ordinary capitalised words, months and organisations are not people.
        ("Sáng 15/8, tại Hà Nội, Bộ Công an phối hợp với Bộ Nội vụ.", "vi", []),
        ("Public Security forces met on Home Office premises in August.", "en", []),
        # A hyphenated word whose part heads an organisation names no one.
        ("Il a salué la Garde-Frontière Nationale pour son travail.", "fr", []),
    ],
)
def test_people(finder: EntityFinder, sentence: str, language: str, people: list[str]) -> None:
    assert finder.people(sentence, language) == people


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        ("INL Assistant Secretary Todd D. Robinson attended the launch.", ["Todd D. Robinson"]),
        (
            "Britain's Independent Anti-Slavery Commissioner, Kevin Hyland, will travel there.",
            ["Kevin Hyland"],
        ),
        # a name its title opens keeps its next title: no qualifier, the person
        (
            "He met General Chakthip Chaijinda Commissioner-General of the police.",
            ["Chakthip Chaijinda"],
        ),
    ],
)
def test_capitalised_words_right_before_a_title_qualify_the_post(
    sentence: str, people: list[str]
) -> None:
    """ "INL Assistant Secretary", "Anti-Slavery Commissioner": no person, the post's kind."""
    finder = EntityFinder(Places.from_packs(packs()), rules_from_packs(packs()))
    assert finder.people(sentence, "en") == people


def test_kinds_in_one_sentence(finder: EntityFinder) -> None:
    found = finder.find(
        "On 21 November in London the UK signed a memorandum of understanding; 23 people, "
        "hundreds of victims.",
        "en",
    )
    by_kind = {kind: [e.text for e in found if e.kind is kind] for kind in Kind}
    assert by_kind[Kind.DATE] == ["21 November"]
    assert by_kind[Kind.PLACE] == ["UK", "London"]
    assert by_kind[Kind.DOCUMENT] == ["memorandum of understanding"]
    # "21" sits inside the date; the number word counts as a number too.
    assert by_kind[Kind.NUMBER] == ["23", "hundreds"]
    assert by_kind[Kind.PERSON] == []


def test_number_words_are_matched_as_written() -> None:
    """Folded, "chục" (tens) is "chức" of "tổ chức" (organise) and "ngàn" (thousand) is
    "ngăn" of "ngăn chặn" (prevent): text with diacritics is matched as written."""
    finder = EntityFinder(Places({}), RULES)
    assert Kind.NUMBER not in finder.kinds("Bộ Công an tổ chức hội nghị ngăn chặn tội phạm.", "vi")
    found = finder.find("Hàng trăm nạn nhân và vài chục nghi phạm.", "vi")
    assert [e.text for e in found if e.kind is Kind.NUMBER] == ["trăm", "chục"]
    # Typed without diacritics, the folded word can only be the number.
    assert [e.text for e in finder.find("hang tram nan nhan", "vi")] == ["tram"]


def test_a_number_completing_a_name_is_not_a_count(finder: EntityFinder) -> None:
    """ "Project 88", "Decree 2548" name something; a number after an ordinary word or
    opening the sentence still counts."""
    numbers = lambda text: [e.text for e in finder.find(text, "en") if e.kind is Kind.NUMBER]  # noqa: E731
    assert numbers("The group Project 88 accused officials.") == []
    assert numbers("Police arrested 16 suspects in March.") == ["16"]
    assert numbers("39 people died; Decree 2548 followed.") == ["39"]
    # a leading zero marks a case code, however the sentence puts it
    assert numbers("Trong Chuyên án 0524M, công an bắt giữ 4 đối tượng.") == ["4"]
    assert numbers("0.5 tonnes and 07 cases") == ["0.5"]


def test_ranks_and_the_other_day_of_a_date_are_not_counts() -> None:
    """ "lần thứ 2" and "AMMTC 18" rank a meeting; "20 to 23 August" names two days: none
    answers "how many". A count beside them still does."""
    finder = EntityFinder(Places.from_cldr(extra={}, suffixes={}), rules_from_packs(packs()))
    numbers = lambda text, lang: [  # noqa: E731
        e.text for e in finder.find(text, lang) if e.kind is Kind.NUMBER
    ]
    assert numbers("Đối thoại cấp cao lần thứ 2 tại Hà Nội có 15 người dự.", "vi") == ["15"]
    assert numbers("La 18e Réunion ministérielle (AMMTC 18), ouverte à Vientiane.", "fr") == []
    assert numbers("The meetings ran from August 20 to 23 in Labuan Bajo.", "en") == []
    assert numbers("Đoàn làm việc từ 14 đến 18/10 với 30 cán bộ.", "vi") == ["30"]
    assert numbers("Les 25 et 26 novembre, 40 délégués ont siégé.", "fr") == ["40"]
    # a figure after an acronym that counts: more than a series' two digits
    assert numbers("The IOM said 1,090 people and 23 Laotians were freed.", "en") == ["1,090", "23"]


def test_years_are_not_counts(finder: EntityFinder) -> None:
    assert Kind.NUMBER not in finder.kinds("The plan runs until 2025.", "en")
    assert Kind.NUMBER in finder.kinds("The plan repatriated 1,020 people.", "en")


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("Since 2018 the UK has invested more than £7 million in the fund.", "£7 million"),
        ("Le gouvernement américain y a consacré 900.000 dollars.", "900.000 dollars"),
        ("khoản tài trợ 1 triệu bảng Anh từ Quỹ", "1 triệu bảng"),
        ("More than 40 countries attended.", None),
        # the longest sign, whatever order the set of currencies iterates in
        ("fees of up to NT$25 million (US$798,643) were paid", "NT$25 million"),
        ("about US$798,643 in fees", "US$798,643"),
    ],
)
def test_a_figure_with_its_currency_is_a_sum_of_money(sentence: str, amount: str | None) -> None:
    rules = NameRules(
        number_words=frozenset({"million", "triệu"}),
        currencies=frozenset({"£", "$", "us$", "nt$", "dollars", "bảng"}),
    )
    found = EntityFinder(Places({}), rules).find(sentence, "en")
    assert next((e.text for e in found if e.kind is Kind.AMOUNT), None) == amount


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("HCM City (VNA) – Vietnam and China agreed to step up exchanges.", "HCM City"),
        ("Huê, 12 juillet (VNA) - Le Département de la police criminelle...", "Huê"),
        ("HÀ NỘI — A total of 471 citizens have been brought home.", "HÀ NỘI"),
        ("MPS - Deputy Minister Nguyen Van Long led a delegation.", None),  # an outlet
        ("Vietnam - France : la coopération se renforce.", None),  # no dateline
    ],
)
def test_a_dateline_names_the_place_of_the_story(sentence: str, place: str | None) -> None:
    found = dateline_place(sentence)
    assert (found.text if found else None) == place
    if found:
        assert sentence[found.start : found.end] == place


def test_kinds_of_crime_are_glossary_terms_not_the_word_crime() -> None:
    """ "Which crimes?" is answered by a sentence that names a kind of crime."""
    finder = EntityFinder(Places({}), RULES, crimes=type_terms(GLOSSARY, "crime"))
    crimes = [e.text for e in finder.find("They will fight money laundering and crime.", "en")]
    assert crimes == ["money laundering"]
    assert Kind.CRIME in finder.kinds("Hai bên hợp tác phòng chống rửa tiền.", "vi")


def test_a_run_headed_by_an_organisation_word_is_a_body(finder: EntityFinder) -> None:
    """ "Which organisation ran it?" is answered by a named body, not by a person."""
    found = finder.find("The project was run by the Lotus Embassy staff.", "en")
    assert [(e.kind, e.text) for e in found if e.kind in (Kind.ORG, Kind.PERSON)] == [
        (Kind.ORG, "Lotus Embassy")
    ]


def test_a_body_named_with_of_is_one_organisation_not_a_person() -> None:
    """ "Ministry of National Defence": once an organisation word opens a run, "of" keeps it
    going; without the rule "National Defence" was taken for a person's name."""
    rules = NameRules(
        titles=RULES.titles, org_heads=RULES.org_heads, org_connectors=_folded("of for")
    )
    finder = EntityFinder(Places({}), rules)
    found = finder.names(
        "He led officials of the Ministry of National Defence and the Office for Migration "
        "and Minister Nguyen Van Long.",
        "en",
    )
    assert [(e.kind, e.text) for e in found] == [
        (Kind.ORG, "Ministry of National Defence"),
        (Kind.ORG, "Office for Migration"),
        (Kind.PERSON, "Nguyen Van Long"),
    ]


def test_a_month_before_a_capitalised_word_is_a_given_name(finder: EntityFinder) -> None:
    """ "Jan Hamáček", "Mai Tiến Dũng": a month's name dates only when no capitalised word
    follows it ("5 Jan", "August 2019")."""
    people = finder.people("Minister To Lam and Jan Hamacek met on Jan 5; Mai Tien Dung too.")
    assert people == ["To Lam", "Jan Hamacek", "Mai Tien Dung"]


def test_the_republic_after_a_country_is_nobody() -> None:
    """ "the Czech Republic's First Deputy Prime Minister" names no "Republic's First"."""
    finder = EntityFinder(Places.from_cldr(extra={}, suffixes={}), rules_from_packs(packs()))
    sentence = "Jan Hamacek, the Czech Republic's First Deputy Prime Minister, arrived."
    assert finder.people(sentence) == ["Jan Hamacek"]


def test_small_counts_written_in_words_are_numbers_but_names_are_not() -> None:
    """News style spells out numbers under ten ("six provinces"); "two" is left out, as in
    "the two sides" it names the parties of every bilateral report, and a capitalised "Ba"
    inside a sentence is a name ("Ba Lan", Poland), not "three"."""
    finder = EntityFinder(Places({}), rules_from_packs(packs()))
    numbers = [
        e.text
        for e in finder.find("The two sides met families in six provinces.")
        if e.kind is Kind.NUMBER
    ]
    assert numbers == ["six"]
    vi = [
        e.text
        for e in finder.find("Đoàn đại biểu Ba Lan thăm ba tỉnh.", "vi")
        if e.kind is Kind.NUMBER
    ]
    assert vi == ["ba"]


def test_a_sum_of_money_is_no_count() -> None:
    """ "How many officials came?" is not answered by "€3 million": the figure of a sum is
    typed as the sum, and "million" after a figure is part of it, no count of its own."""
    finder = EntityFinder(Places({}), rules_from_packs(packs()))
    found = finder.find("Iceland will give €3 million; 40 officials came.", "en")
    assert [(e.kind, e.text) for e in found if e.kind in (Kind.NUMBER, Kind.AMOUNT)] == [
        (Kind.AMOUNT, "€3 million"),
        (Kind.NUMBER, "40"),
    ]


@pytest.mark.parametrize(
    ("sentence", "language", "amount"),
    [
        ("the Thai government provided some 10 billion VND for vehicles", "en", "10 billion VND"),
        ("Thái Lan hỗ trợ 10 tỷ đồng cho lực lượng phòng, chống ma túy", "vi", "10 tỷ đồng"),
        ("3 đồng chí lãnh đạo đã đồng ý", "vi", None),  # comrades who agreed: no đồng
    ],
)
def test_the_vietnamese_dong_is_a_currency(
    sentence: str, language: str, amount: str | None
) -> None:
    """The packs' currencies: VND in every language, and "đồng" after its scale word (alone,
    "đồng" is also "co-" and "comrade")."""
    found = EntityFinder(Places({}), rules_from_packs(packs())).find(sentence, language)
    assert next((e.text for e in found if e.kind is Kind.AMOUNT), None) == amount


def test_a_city_the_glossary_names_and_a_world_region_are_places_not_people() -> None:
    """ "Chi" is a Vietnamese title before a name, but "Ho Chi Minh City" is read whole;
    "Southeast Asia" is a CLDR region, a place and no partner."""
    finder = EntityFinder(
        Places({}),
        rules_from_packs(packs()),
        known_places=named_places(GLOSSARY),
        regions=Places.regions(),
    )
    sentence = "Investigators from Southeast Asia met in Ho Chi Minh City with Nguyen Van An."
    found = finder.find(sentence, "en")
    assert [e.text for e in found if e.kind is Kind.PLACE] == [
        "Southeast Asia",
        "Ho Chi Minh City",
    ]
    assert finder.people(sentence, "en") == ["Nguyen Van An"]
    assert [e.text for e in found if e.kind is Kind.COUNTRY] == []


def test_a_body_the_glossary_names_is_an_organisation_though_no_org_word_heads_it() -> None:
    """ "Through which police body?" is answered by "Interpol"; "police" alone is no body."""
    finder = EntityFinder(Places({}), RULES, bodies=named_bodies(GLOSSARY))
    found = finder.find("They will share information through Interpol and the police.", "en")
    assert [e.text for e in found if e.kind is Kind.ORG] == ["Interpol"]


def test_shipped_rules_read_vietnamese_bodies_by_their_first_word() -> None:
    """Vietnamese heads open a body's name ("Cục C04"); as later syllables they are given
    names ("Nguyễn Văn Viện", "Nguyên Van Viên"), and a unit's code ends the body's name."""
    finder = EntityFinder(Places.from_packs(packs()), rules_from_packs(packs()))
    found = finder.find("Phát biểu tại hội nghị, Cục trưởng Cục C04 Nguyễn Văn Viện cho biết", "vi")
    assert [(e.kind, e.text) for e in found if e.kind in (Kind.ORG, Kind.PERSON)] == [
        (Kind.ORG, "Cục C04"),
        (Kind.PERSON, "Nguyễn Văn Viện"),
    ]
    french = "Le général de corps d’armée Nguyên Van Viên, directeur du C04, a souligné"
    assert finder.people(french, "fr") == ["Nguyên Van Viên"]


@pytest.mark.parametrize(
    ("sentence", "language", "place"),
    [
        ("la police de la province frontalière de Diên Biên a enquêté.", "fr", "Diên Biên"),
        ("Công an tỉnh Quảng Bình đã phối hợp.", "vi", "Quảng Bình"),
        ("officers from the northern province of Cao Bang met them", "en", "Cao Bang"),
        # a border gate, a village, a river, an airport or a special zone is a place too
        ("Campuchia trao trả 410 công dân qua cửa khẩu Mộc Bài.", "vi", "Mộc Bài"),
        # Japan's prefectures are its provinces
        ("Elle a travaillé avec la police de la préfecture de Hyogo.", "fr", "Hyogo"),
        ("They met the police of the prefecture of Osaka.", "en", "Osaka"),
        # a place's first word that is also a title ("Bà", Mrs) opens the place's name
        ("réunie à Vung Tàu, province de Bà Ria-Vung Tàu (Sud).", "fr", "Bà Ria-Vung Tàu"),
        ("Hội nghị diễn ra tại tỉnh Bà Rịa, bà Nguyễn Thị Hà phát biểu.", "vi", "Bà Rịa"),
    ],
)
def test_a_name_after_a_kind_of_place_is_that_place(
    sentence: str, language: str, place: str
) -> None:
    finder = EntityFinder(Places.from_packs(packs()), rules_from_packs(packs()))
    found = finder.find(sentence, language)
    assert (Kind.PLACE, place) in [(e.kind, e.text) for e in found]
    assert place not in finder.people(sentence, language)


def test_a_capitalised_kind_of_place_is_part_of_a_name() -> None:
    finder = EntityFinder(Places.from_packs(packs()), rules_from_packs(packs()))
    sentence = "He met the Governor of Svay Rieng Province, Men Vibol, on Monday."
    assert "Men Vibol" in finder.people(sentence, "en")
