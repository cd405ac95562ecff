"""Runs of capitalised words read as people, places and bodies (rag/answer/names.py)."""

from rag.answer.kinds import Kind, rules_from_packs
from rag.answer.names import NameReader, capitalised
from rag.lang.pack import packs


def test_a_run_is_a_person_a_place_or_a_body_by_the_words_around_it() -> None:
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)
    sentence = "Cục trưởng Cục C04 Nguyễn Văn Viện đến tỉnh Quảng Bình"
    found = [(e.kind, e.text) for e in reader.names(sentence, "vi")]
    assert found == [
        (Kind.ORG, "Cục C04"),
        (Kind.PERSON, "Nguyễn Văn Viện"),
        (Kind.PLACE, "Quảng Bình"),
    ]


def test_an_organisation_after_a_post_is_no_person() -> None:
    """ "Tổ chức" (organisation) opens a body's name: its capitalised first syllable, right
    after the post "Tổng Thư ký", is not a one-syllable name."""
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)
    sentence = "ông Jurgen Stock, Tổng Thư ký Tổ chức Cảnh sát Hình sự quốc tế"
    people = [e.text for e in reader.names(sentence, "vi") if e.kind is Kind.PERSON]
    assert people == ["Jurgen Stock"]


def test_a_body_named_on_its_subject_is_one_body() -> None:
    """English names bodies "on" their subject ("Office on Drugs and Crime"): the subject is
    part of the body's name, not a person's."""
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)
    sentence = "It was held by the Investigation Police Department on Drug-related Crime."
    found = [(e.kind, e.text) for e in reader.names(sentence, "en")]
    assert found == [(Kind.ORG, "Investigation Police Department on Drug-related Crime")]


def test_a_course_or_a_workshop_named_in_capitals_is_no_person() -> None:
    """Events are named in capitals ("the Regional Training Course", "l'Atelier régional"):
    the name of a course, workshop, seminar, campaign or operation is no one's."""
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)
    for sentence, language in (
        ("Lee Jang-keun opened the Regional Training Course in Da Nang.", "en"),
        ("Lee Jang-keun a ouvert le Séminaire Régional à Da Nang.", "fr"),
    ):
        people = [e.text for e in reader.names(sentence, language) if e.kind is Kind.PERSON]
        assert people == ["Lee Jang-keun"], sentence


def test_a_vietnamese_team_or_force_is_no_person() -> None:
    """ "Đội" (team) and "Lực lượng" (force) open a unit's name, like "Cục" and "Phòng":
    "Đội Điều tra án mạng" (the homicide team) is no one's name."""
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)
    sentence = (
        "Phía Mỹ có Lực lượng Đặc nhiệm truy nã và Đội Điều tra án mạng; ông Lê Quốc Hùng cảm ơn."
    )
    people = [e.text for e in reader.names(sentence, "vi") if e.kind is Kind.PERSON]
    assert people == ["Lê Quốc Hùng"]


def test_capitalised_words_and_short_acronyms_are_written_as_names() -> None:
    assert capitalised("Lâm") and capitalised("UK") and capitalised("C04")
    assert not capitalised("UNODC") and not capitalised("lâm")


def test_a_hyphenated_title_is_no_name() -> None:
    """ "Permanent Under-Secretary", "Vice-President": a compound ending in a title."""
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)
    sentence = "He met Matthew Rycroft, Permanent Under-Secretary of the Home Office."
    people = [e.text for e in reader.names(sentence, "en") if e.kind is Kind.PERSON]
    assert people == ["Matthew Rycroft"]


def test_a_bodys_first_word_is_read_as_vietnamese_writes_it() -> None:
    """ "Đảng" (the Party) opens a body; "Đặng" is a surname, whose bare form English and
    French reports write ("Dang Xuan Hong")."""
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)

    def kinds(sentence: str, language: str) -> list[tuple[Kind, str]]:
        return [(e.kind, e.text) for e in reader.names(sentence, language)]

    assert (Kind.PERSON, "Dang Xuan Hong") in kinds("General Dang Xuan Hong opened it.", "en")
    assert (Kind.PERSON, "Đặng Xuân Hồng") in kinds("Trung tướng Đặng Xuân Hồng phát biểu.", "vi")
    assert (Kind.ORG, "Đảng Cộng") in kinds("Ban Chấp hành Trung ương Đảng Cộng sản.", "vi")


def test_no_person_in_a_title_written_in_title_case() -> None:
    """A course's title ("Building Capacities for Regional Investigators through Best
    Practices") names no one; people joined by "and" are still people."""
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)
    title = (
        "The course, Building Capacities for Regional Investigators through Best Practices,"
        " runs until November 29."
    )
    assert not [e for e in reader.names(title, "en") if e.kind is Kind.PERSON]
    people = "They met Nguyen Van Long and Tran Quoc To and Le Quoc Hung in Hanoi."
    found = [e.text for e in reader.names(people, "en") if e.kind is Kind.PERSON]
    assert found == ["Nguyen Van Long", "Tran Quoc To", "Le Quoc Hung"]


def test_a_capitalised_last_syllable_that_folds_to_a_particle_ends_a_name() -> None:
    """ "Văn" folds to the particle "van", which a name does not end with when written lower
    case ("Ludwig van"); capitalised, it is the name's last syllable, as in a Chinese name
    written in Vietnamese ("Vương Dụ Văn") within a French report."""
    reader = NameReader(rules_from_packs(packs()), common=lambda _w: False)
    sentence = "La délégation chinoise était dirigée par Vương Dụ Văn, vice-ministre."
    people = [e.text for e in reader.names(sentence, "fr") if e.kind is Kind.PERSON]
    assert people == ["Vương Dụ Văn"]
    trailing = "Le peintre Hans Peter van arriva."
    assert [e.text for e in reader.names(trailing, "fr") if e.kind is Kind.PERSON] == ["Hans Peter"]
