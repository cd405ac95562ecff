import pytest

from rag.lang.pack import packs
from rag.lang.places import Places
from rag.models import PartialDate
from rag.retrieve.constraints import ConstraintReader, Constraints, Facets, agreement, figure
from tests.support.glossary import GLOSSARY

ORDINALS = {
    "first": 1,
    "third": 3,
    "3rd": 3,
    "troisieme": 3,
    "lan thu ba": 3,
    "premier": 1,
    "premiere": 1,
}


@pytest.fixture(scope="module")
def reader() -> ConstraintReader:
    places = Places.from_cldr(extra={"en": {"GB": ["UK"]}}, suffixes={"en": ["an"]})
    return ConstraintReader(places, ORDINALS, ("premier ministre",))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Who signed the 2016 Australia MoU with Vietnam?",
            Constraints(partners=frozenset({"AU"}), years=frozenset({2016})),
        ),
        (
            "Whom did the minister receive on 4 March?",
            Constraints(days=frozenset({(3, 4)})),
        ),
        ("Où s'est tenu le troisième dialogue ?", Constraints(ordinal=3, ordinals=frozenset({3}))),
        ("Đối thoại lần thứ ba diễn ra ở đâu?", Constraints(ordinal=3, ordinals=frozenset({3}))),
        # A post named with an ordinal word is no ordinal; the word alone still is one.
        ("Qui est le Premier ministre ?", Constraints()),
        ("Qui a reçu le vice-Premier ministre ?", Constraints()),
        (
            "Quand la première visite du Premier ministre a-t-elle eu lieu ?",
            Constraints(ordinal=1, ordinals=frozenset({1})),
        ),
        (
            "Quand le Vietnam et le Brésil ont-ils signé en novembre 2021 ?",
            Constraints(
                partners=frozenset({"BR"}),
                years=frozenset({2021}),
                months=frozenset({11}),
                dated=frozenset({2021}),
            ),
        ),
        (
            "Bao nhiêu người về nước cuối tháng 7/2025?",
            Constraints(years=frozenset({2025}), months=frozenset({7}), dated=frozenset({2025})),
        ),
        ("What did Vietnam agree with its partners?", Constraints()),
    ],
)
def test_question_constraints(
    reader: ConstraintReader, question: str, expected: Constraints
) -> None:
    assert reader.question(question) == expected


def test_article_facets_take_the_year_from_the_date(reader: ConstraintReader) -> None:
    facets = reader.article(
        "Vietnam, UK ink MoU",
        "The two governments on November 21 signed a memorandum. The UK side welcomed it. "
        + "Filler sentence. " * 40
        + "Cambodia was mentioned once, late in a long text.",
        PartialDate(2018, 11, 22),
    )
    assert facets.partners == {"GB"}
    assert 2018 in facets.years and (11, 21) in facets.days and (11, 22) in facets.days
    assert facets.months == {11}


def test_the_day_a_leads_weekday_names_is_one_of_the_articles_days(
    reader: ConstraintReader,
) -> None:
    """Published Thursday 18 December, "on Wednesday" is 17 December: a question about the
    17th finds the report. A weekday deep in the story may be another week's."""
    lead = "Border guards on Wednesday received 63 citizens handed over by Cambodia."
    facets = reader.article("Citizens received", lead, PartialDate(2025, 12, 18))
    assert (12, 17) in facets.days
    later = "x" * 500 + " The group had left on Monday."
    assert (12, 15) not in reader.article("t", later, PartialDate(2025, 12, 18)).days


def test_agreement_rewards_meeting_and_punishes_contradicting() -> None:
    asked = Constraints(partners=frozenset({"AU"}), years=frozenset({2016}))
    right = Facets(partners=frozenset({"AU"}), years=frozenset({2016}))
    other_year = Facets(partners=frozenset({"AU"}), years=frozenset({2009}))
    other_partner = Facets(partners=frozenset({"KH"}), years=frozenset({2016}))
    neither = Facets(partners=frozenset({"KH"}), years=frozenset({2009}))
    assert agreement(asked, right) > agreement(asked, other_year) > agreement(asked, neither)
    assert agreement(asked, right) > agreement(asked, other_partner) > agreement(asked, neither)
    # An article that names no partner is silent on it, not against it.
    assert agreement(asked, Facets(years=frozenset({2016}))) > agreement(asked, other_partner)
    assert agreement(Constraints(), right) == 0.0
    assert agreement(Constraints(ordinal=3), Facets(ordinals=frozenset({3}))) == 1.0
    # A month alone is weaker evidence than a day: half a point either way.
    november = Constraints(months=frozenset({11}))
    assert agreement(november, Facets(months=frozenset({11}))) == 0.5
    assert agreement(november, Facets(months=frozenset({12}))) == -0.5


def test_an_article_dated_to_no_year_is_silent_on_the_year() -> None:
    """A year-less dateline and no year in the text: it may be of the asked year, so it is
    neither rewarded nor zeroed (the reranker scales by 1 + agreement)."""
    asked = Constraints(years=frozenset({2025}))
    assert agreement(asked, Facets(days=frozenset({(5, 28)}))) == 0.0
    assert agreement(asked, Facets(years=frozenset({2025}))) == 1.0
    assert agreement(asked, Facets(years=frozenset({2019}))) == -1.0


@pytest.mark.parametrize(
    ("question", "several"),
    [
        ("Who signed the extradition treaties with Spain and with Italy?", True),
        ("Quels bureaux ont ouvert en août 2020 et en janvier 2021 ?", True),
        ("Who signed the 2016 Australia MoU with Vietnam?", False),
        ("Việt Nam và Campuchia ký kế hoạch gì?", False),  # Vietnam is a side of every deal
    ],
)
def test_two_partners_or_years_ask_for_a_report_each(
    reader: ConstraintReader, question: str, several: bool
) -> None:
    assert reader.question(question).several is several


def test_a_capital_names_its_country_as_a_partner_in_every_language() -> None:
    """ "In Bangkok in 2023 and in Beijing in 2024" asks about Thailand and China; an article
    filed from "Phnôm Pênh" is about Cambodia though it never writes the country's name.
    The capitals are the glossary's places with a territory code."""
    capitals = Places(GLOSSARY.territories())
    shipped = ConstraintReader.from_packs(Places.from_packs(packs()), packs(), capitals)
    asked = shipped.question("Whom did Quang meet in Bangkok in 2023 and in Beijing in 2024?")
    assert asked.partners == {"TH", "CN"} and asked.several
    assert shipped.question("Qui a-t-il rencontré à Pékin ?").partners == {"CN"}
    assert shipped.question("Ông đã gặp ai tại Bắc Kinh?").partners == {"CN"}
    facets = shipped.article(
        "Hội đàm", "Phnôm Pênh (TTXVN) - Hai bộ trưởng đã hội đàm.", PartialDate()
    )
    assert "KH" in facets.partners and "KH" in facets.mentioned
    # Hanoi is home: a question about a meeting there names no partner.
    assert shipped.question("Who did the minister receive in Hanoi?").partners == frozenset()


def test_a_question_about_two_years_or_partners_is_asked_once_for_each(
    reader: ConstraintReader,
) -> None:
    """Each part keeps one of the values; a single year, or values not joined by "and",
    give no parts."""
    years = reader.one_each("Who signed the plans in March 2044 and in January 2045?")
    assert [reader.question(p).years for p in years] == [frozenset({2044}), frozenset({2045})]
    partners = reader.one_each("Quels ministres de Singapour et de Malaisie a-t-il rencontrés ?")
    assert [reader.question(p).partners for p in partners] == [
        frozenset({"SG"}),
        frozenset({"MY"}),
    ]
    assert reader.one_each("Who signed the 2044 plan?") == []
    assert reader.one_each("Which MoU signed in 2016 replaced the one of 2009?") == []


def test_two_meetings_numbered_and_joined_are_asked_once_for_each() -> None:
    """ "The 10th and the 11th conference" is a list of two meetings, each reported apart."""
    shipped = ConstraintReader.from_packs(Places.from_cldr(extra={}, suffixes={}), packs())
    question = "Dans quelles villes se sont tenues la 10e et la 11e conférence de sécurité ?"
    assert shipped.question(question).several
    assert shipped.one_each(question) == [
        "Dans quelles villes se sont tenues la 10e conférence de sécurité ?",
        "Dans quelles villes se sont tenues la 11e conférence de sécurité ?",
    ]
    parts = shipped.one_each("Ai đồng chủ trì Đối thoại lần thứ nhất và lần thứ năm?")
    assert [shipped.question(p).ordinal for p in parts] == [1, 5]
    assert not shipped.question("Who chaired the fifth dialogue?").several


def test_an_event_dated_to_a_month_is_met_by_half_by_a_later_report_recalling_it(
    reader: ConstraintReader,
) -> None:
    """ "The talks in March 2024": the 2024 report meets the year; a 2025 report that names
    2024 recalls the event and meets it by half. A bare year ("the 2023 plan") names no
    event date: any report naming it meets it."""
    talks = reader.question("What did they agree in Vientiane in March 2024?")
    assert talks.dated == frozenset({2024})
    named = Facets(years=frozenset({2024, 2025}), months=frozenset({3}))
    assert agreement(talks, named, published=2024) == 1.5
    assert agreement(talks, named, published=2025) == 1.0
    plan = reader.question("Who signed the 2023 cooperation plan?")
    assert plan.dated == frozenset()
    assert agreement(plan, Facets(years=frozenset({2022, 2023})), published=2022) == 1.0


@pytest.mark.parametrize(
    ("text", "ordinals"),
    [
        # Vietnamese numbers its meetings in Roman figures as often as in Arabic ones
        ("Hội nghị hợp tác an ninh Việt Nam - Lào lần thứ XI khai mạc", {11}),
        ("Hội nghị lần thứ 19 và lần thứ XIV", {19, 14}),
        ("the 17th ASEAN Ministerial Meeting", {17}),
        ("la 41e conférence de l'ASEANAPOL", {41}),
        # no ordinal: an ill-formed numeral, a figure inside a number, a post
        ("lần thứ IIII", set()),
        ("the first secretary", set()),
    ],
)
def test_ordinals_in_figures_are_read_past_any_word_list(text: str, ordinals: set[int]) -> None:
    reader = ConstraintReader.from_packs(Places.from_cldr(extra={}, suffixes={}), packs())
    assert reader.ordinals_in(text) == ordinals


def test_roman_figures_are_read_only_when_well_formed() -> None:
    assert [figure(x) for x in ("xi", "xiv", "xl", "14")] == [11, 14, 40, 14]
    assert [figure(x) for x in ("iiii", "vx", "0", "900")] == [None, None, None, None]


def test_constraints_are_met_together_only_by_one_article_naming_them_all() -> None:
    asked = Constraints(partners=frozenset({"JP"}), years=frozenset({2018}), ordinal=6)
    whole = Facets(
        mentioned=frozenset({"JP", "VN"}), years=frozenset({2018}), ordinals=frozenset({6})
    )
    assert asked.met_together(whole)
    assert not asked.met_together(Facets(mentioned=frozenset({"JP"}), years=frozenset({2018})))
    assert not asked.met_together(Facets(mentioned=frozenset({"AU"}), ordinals=frozenset({6})))
