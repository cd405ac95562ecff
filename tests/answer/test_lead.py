"""The asked facts in the asker's language before quotes in another language."""

from typing import Any

import pytest

from rag.answer.entities import EntityFinder
from rag.answer.kinds import Entity, Kind, rules_from_packs
from rag.answer.lead import FactLead, Quoted, complete_year, foreign_post
from rag.answer.sides import Sides
from rag.answer.terms import type_terms
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.models import PartialDate
from tests.support.glossary import GLOSSARY


def said(lead: FactLead, *args: Any, **kwargs: Any) -> str:
    """The opening line(s) alone."""
    return lead.opening(*args, **kwargs)[0]


@pytest.fixture(scope="module")
def lead() -> FactLead:
    places = Places.from_packs(packs())
    finder = EntityFinder(
        places, rules_from_packs(packs()), documents=type_terms(GLOSSARY, "document")
    )
    return FactLead(finder, places, GLOSSARY)


def test_a_year_less_date_takes_the_publication_year() -> None:
    assert complete_year(PartialDate(None, 11, 21), PartialDate(2018, 11, 22)) == PartialDate(
        2018, 11, 21
    )
    # Published in January: a December date is the year before.
    assert complete_year(PartialDate(None, 12, 30), PartialDate(2020, 1, 3)).year == 2019
    assert complete_year(PartialDate(None, 12, 30), PartialDate()) == PartialDate(None, 12, 30)


def test_a_date_from_an_english_quote_is_said_in_vietnamese(lead: FactLead) -> None:
    quoted = [Quoted("The talks were held in London on April 17.", "en", PartialDate(2024, 4, 18))]
    opening = said(lead, "Cuộc đối thoại diễn ra khi nào?", {Kind.DATE}, quoted, "vi")
    assert opening == "ngày 17 tháng 4 năm 2024. Theo nguồn tiếng Anh:"


def test_on_wednesday_is_said_as_the_date_it_names(lead: FactLead) -> None:
    """News dates the past week's events by weekday: the lead counts back from the day
    the story was filed, its dateline's when it has one, else its publication's."""
    quoted = [
        Quoted("Border guards on Wednesday received 63 citizens.", "en", PartialDate(2025, 12, 18))
    ]
    assert said(lead, "When were the citizens received?", {Kind.DATE}, quoted, "en") == (
        "December 17, 2025."
    )
    filed = "Hanoi, Feb. 19 (VNA) - The ministers met in Hanoi on Friday."
    quoted = [Quoted(filed, "en", PartialDate(2021, 2, 22))]
    opening = said(lead, "Quand les ministres se sont-ils rencontrés ?", {Kind.DATE}, quoted, "fr")
    assert opening.startswith("19 février 2021")


def test_a_when_whose_quotes_date_nothing_says_the_reports_date_as_such(lead: FactLead) -> None:
    sentence = "After a day of trial, the court sentenced four defendants to prison."
    quoted = [Quoted(sentence, "en", PartialDate(2020, 9, 14))]
    assert said(lead, "When was the trial?", {Kind.DATE}, quoted, "en") == (
        "Reported on September 14, 2020."
    )
    opening = said(lead, "Phiên tòa diễn ra khi nào?", {Kind.DATE}, quoted, "vi")
    assert opening.startswith("Tin đăng ngày 14 tháng 9 năm 2020.")
    # A year alone is said, then the report's day, which tells more.
    partnership = "The two countries established their strategic partnership in 2010."
    quoted = [Quoted(partnership, "en", PartialDate(2018, 11, 22))]
    assert said(lead, "When was the partnership established?", {Kind.DATE}, quoted, "en") == (
        "2010. Reported on November 22, 2018."
    )
    # Without the report's day there is nothing to say; a dated quote says its own date.
    assert (
        said(
            lead,
            "When was the trial?",
            {Kind.DATE},
            [Quoted(sentence, "en", PartialDate(2020))],
            "en",
        )
        == ""
    )


def test_names_stay_as_written_and_countries_take_their_cldr_name(lead: FactLead) -> None:
    quoted = [Quoted("The MoU was signed by Sajid Javid in Cambodia.", "en", PartialDate(2018))]
    kinds = {Kind.PERSON, Kind.PLACE}
    assert lead.facts("Qui a signé ?", kinds, quoted, "fr") == ["Cambodge", "Sajid Javid"]


def test_no_lead_when_the_quotes_speak_the_askers_language(lead: FactLead) -> None:
    quoted = [Quoted("Sajid Javid signed it on 21 November 2018.", "en", PartialDate(2018))]
    assert said(lead, "Who signed it?", {Kind.PERSON}, quoted, "en") == ""
    # ...unless a "when" answer would otherwise lack its year.
    quoted = [Quoted("They signed it on 21 November.", "en", PartialDate(2018, 11, 22))]
    assert said(lead, "When was it signed?", {Kind.DATE}, quoted, "en") == "November 21, 2018."


def test_a_list_is_said_first_even_in_the_askers_language(lead: FactLead) -> None:
    """Quotes from several reports rarely name every item ("the two countries"): the list
    is what was asked, so it opens the answer in any language."""
    quoted = [
        Quoted("Laos signed its plan in Hanoi.", "en", PartialDate(2023)),
        Quoted("The two countries signed a plan.", "en", PartialDate(2023), frozenset({"KH"})),
    ]
    kinds = {Kind.COUNTRY}
    assert said(lead, "Which countries signed plans?", kinds, quoted, "en") == ""
    opening = said(lead, "Which countries signed plans?", kinds, quoted, "en", listing=True)
    assert opening == "Laos, Cambodia."


def test_a_place_the_question_names_in_another_language_is_not_the_answer(lead: FactLead) -> None:
    """ "Royaume-Uni" asked (in this turn or the one it follows): "the UK" is no answer; nor
    is Vietnam, a side of every agreement in this domain, whatever the question."""
    quoted = [Quoted("The UK and Vietnam signed it in Hanoi.", "en", PartialDate(2018))]
    asked = "Et où a-t-il eu lieu ? Qui a signé le protocole avec le Royaume-Uni ?"
    assert lead.facts(asked, {Kind.PLACE}, quoted, "fr") == ["Hanoi"]


def test_a_province_or_city_asked_is_not_answered_by_a_country(lead: FactLead) -> None:
    """ "Which province?", "thành phố nào?": the countries the quote names are no answer;
    a plain "where" still takes one."""
    quoted = [
        Quoted(
            "The ASEAN-ACT programme was launched in Bangkok, Thailand.", "en", PartialDate(2019)
        )
    ]
    asked = "Chương trình ASEAN-ACT được khởi động ở thành phố nào?"
    assert lead.facts(asked, {Kind.PLACE}, quoted, "vi") == ["Bangkok"]
    assert "Thái Lan" in lead.facts("Ở đâu?", {Kind.PLACE}, quoted, "vi")


def test_which_countries_is_answered_by_the_articles_partner(lead: FactLead) -> None:
    """A sentence that says "the two governments signed" names no country: its article's
    partner does, and a country the question names is not the answer."""
    quoted = [
        Quoted(
            "The agreement was signed by the two governments in Hanoi.",
            "en",
            PartialDate(2010),
            frozenset({"LA", "VN"}),
        ),
        Quoted(
            "China and Vietnam signed theirs in Beijing.",
            "en",
            PartialDate(2010),
            frozenset({"CN", "VN"}),
        ),
    ]
    asked = "Avec quels pays le Vietnam a-t-il signé des accords ?"
    assert lead.facts(asked, {Kind.COUNTRY}, quoted, "fr") == ["Laos", "Chine"]


def test_of_several_people_the_one_whose_post_the_question_asks_is_named(lead: FactLead) -> None:
    sentence = (
        "Đại tướng Tô Lâm đã hội kiến Thủ tướng Hàn Quốc Lee Nak-yeon và hội đàm với ông "
        "Min Gap-ryong, Tổng Giám đốc Cơ quan Cảnh sát quốc gia Hàn Quốc."
    )
    quoted = [Quoted(sentence, "vi", PartialDate(2019))]
    asked = "Which Korean police chief did To Lam hold talks with?"
    assert lead.facts(asked, {Kind.PERSON}, quoted, "en") == ["Min Gap-ryong"]
    # Nothing in the question tells them apart: both are named.
    assert lead.facts("Who was there?", {Kind.PERSON}, quoted, "en") == [
        "Tô Lâm",
        "Lee Nak-yeon",
        "Min Gap-ryong",
    ]


def test_a_document_is_named_in_the_askers_language(lead: FactLead) -> None:
    quoted = [
        Quoted(
            "Les deux pays ont signé un protocole d’accord le 24 mars 2008.",
            "fr",
            PartialDate(2023),
        ),
        Quoted("A joint action plan followed in 2025.", "en", PartialDate(2025)),
    ]
    asked = "What document did Vietnam and Thailand sign in 2008?"
    # The best quote's document answers; the second quote's only adds context.
    assert lead.facts(asked, {Kind.DOCUMENT}, quoted, "en") == ["memorandum of understanding"]
    assert lead.facts("Văn bản nào đã được ký?", {Kind.DOCUMENT}, quoted, "vi") == ["bản ghi nhớ"]
    # "Which MoU?" is not answered by "MoU".
    assert lead.facts("Which MoU did they sign?", {Kind.DOCUMENT}, quoted, "en") == []


def test_one_person_spelt_with_and_without_diacritics_is_named_once(lead: FactLead) -> None:
    quoted = [
        Quoted("Le ministre Tô Lâm a reçu M. Novak.", "fr", PartialDate(2022)),
        Quoted("Minister To Lam also met Ms Lee.", "en", PartialDate(2022)),
    ]
    assert lead.facts("Ai đã gặp?", {Kind.PERSON}, quoted, "vi") == ["Tô Lâm", "Novak", "Lee"]


def test_of_numbers_the_lead_says_those_that_count_what_was_asked(lead: FactLead) -> None:
    sentence = "Viet Nam flew home 1,020 citizens on nine flights over three days."
    quoted = [Quoted(sentence, "en", PartialDate(2023))]
    question = "Combien de citoyens le Vietnam a-t-il rapatriés ?"
    assert said(lead, question, {Kind.NUMBER}, quoted, "fr").startswith("1,020, nine, three.")
    counts = lambda q, e, strict: q.sentence[e.end : e.end + 9] == " citizens"  # noqa: E731
    opening = said(lead, question, {Kind.NUMBER}, quoted, "fr", counts=counts)
    assert opening.startswith("1,020. D'après des sources en anglais")


def test_a_loose_count_is_not_said_beside_the_exact_one(lead: FactLead) -> None:
    """ "How many workers": the quotes hold "100 workers" and "four people"; the lead says
    only the number that counts workers themselves."""
    quoted = [Quoted("Four people brought in 100 workers.", "en", PartialDate(2024))]
    question = "Combien de travailleurs ?"

    def counts(q: Quoted, e: Entity, strict: bool) -> bool:
        return q.sentence[e.end : e.end + 8] == " workers" or (not strict and e.text == "Four")

    opening = said(lead, question, {Kind.NUMBER}, quoted, "fr", counts=counts)
    assert opening.startswith("100. D'après")


def test_an_undated_lede_quoted_first_says_its_report_s_day_before_other_dates(
    lead: FactLead,
) -> None:
    """The best quote opens its report and dates nothing; another report's quote dates a
    later hearing. The lede's news is of its report's day, said first and as the report's;
    a best quote that is not its report's lede says nothing of the kind."""
    lede = "After a day of trial, the court sentenced four defendants."
    other = "Another trial started on 5 October at the Old Bailey."
    quoted = [
        Quoted(lede, "en", PartialDate(2020, 9, 14), lede=True, doc="hatinh"),
        Quoted(other, "en", PartialDate(2019, 10, 20), doc="essex"),
    ]
    opening = said(lead, "When was the trial?", {Kind.DATE}, quoted, "en")
    assert opening.startswith("Reported on September 14, 2020. October 5, 2019.")
    quoted[0] = Quoted(lede, "en", PartialDate(2020, 9, 14), doc="hatinh")
    assert said(lead, "When was the trial?", {Kind.DATE}, quoted, "en") == "October 5, 2019."


@pytest.mark.parametrize(
    ("sentence", "name", "named", "foreign"),
    [
        ("Bộ trưởng đã hội đàm với Bộ trưởng Nội vụ Pháp Bruno Retailleau.", "Bruno", {"GB"}, True),
        (
            "Bộ trưởng đã hội đàm với Bộ trưởng Nội vụ Pháp Bruno Retailleau.",
            "Bruno",
            {"FR"},
            False,
        ),
        ("French Interior Minister Bruno Retailleau met him.", "Bruno", {"GB"}, True),
        ("UK Home Secretary Yvette Cooper met him.", "Yvette", {"GB"}, False),
        # Vietnam is a side of every meeting; a post naming no country tells nothing
        ("Vietnamese Minister To Lam met Yvette Cooper.", "To Lam", {"GB"}, False),
        ("The minister, Bruno Retailleau, spoke.", "Bruno", {"GB"}, False),
        ("French Interior Minister Bruno Retailleau met him.", "Bruno", set(), False),
    ],
)
def test_a_person_whose_post_names_another_country_is_not_the_one_asked(
    sentence: str, name: str, named: set[str], foreign: bool
) -> None:
    places = Places.from_packs(packs())
    start = sentence.index(name)
    assert foreign_post(sentence, start, frozenset(named), places.codes) is foreign


def test_the_lead_does_not_name_a_minister_of_another_country(lead: FactLead) -> None:
    quoted = [
        Quoted(
            "Bộ trưởng đã hội đàm với Bộ trưởng Nội vụ Pháp Bruno Retailleau.",
            "vi",
            PartialDate(2025),
        )
    ]
    assert lead.facts("Which UK minister did he meet?", {Kind.PERSON}, quoted, "en") == []
    assert lead.facts("Which French minister did he meet?", {Kind.PERSON}, quoted, "en") == [
        "Bruno Retailleau"
    ]


def test_the_lead_names_the_person_of_the_side_asked_about() -> None:
    """Both co-chairs are quoted in one sentence (in English, so the French asker gets a
    lead); asked who headed the Chinese delegation, it names the Chinese one, whose post
    says so."""
    places = Places.from_packs(packs())
    finder = EntityFinder(places, rules_from_packs(packs()))
    sides = Sides(places, packs(), GLOSSARY.concepts["talks"].all_terms())
    lead = FactLead(finder, places, GLOSSARY, sides)
    sentence = (
        "The dialogue was co-chaired by Bui Van Nam, the Vietnamese deputy minister, and "
        "Wang Yuwen, the Chinese vice minister."
    )
    quoted = [Quoted(sentence, "en", PartialDate(2020, 11, 24))]
    asked = "Qui a dirigé la délégation chinoise lors du dialogue ?"
    assert said(lead, asked, {Kind.PERSON}, quoted, "fr").startswith("Wang Yuwen.")
    both = said(lead, "Qui a coprésidé le dialogue ?", {Kind.PERSON}, quoted, "fr")
    assert both.startswith("Bui Van Nam.")  # no side asked: the first co-chair
