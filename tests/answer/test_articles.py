"""Which articles may answer: crime topics, partners asked, one report per partner or year."""

from __future__ import annotations

import pytest

from rag.answer.articles import ArticleFit
from rag.answer.kinds import Kind
from rag.answer.selection import Scored
from rag.lang.places import Places
from rag.models import RetrievedChunk
from rag.retrieve.constraints import ConstraintReader
from rag.retrieve.facets import ArticleFacets
from tests.support.chunks import make_chunk
from tests.support.glossary import GLOSSARY

CHUNKS = [
    make_chunk("peru", text="Vietnam and Peru signed a trafficking memorandum in Lima in 2041."),
    make_chunk("chile", text="Vietnam and Chile talked about drugs in Santiago in 2042."),
    make_chunk(
        "peru-2043",
        text="Vietnam and Peru met again in Lima in 2043.",
        concepts=("human_trafficking",),
    ),
]


@pytest.fixture(scope="module")
def fit() -> ArticleFit:
    reader = ConstraintReader(Places.from_cldr(extra={}, suffixes={}), {})
    return ArticleFit(GLOSSARY, ArticleFacets(CHUNKS, reader), reader)


def sentence(doc: str, score: float) -> Scored:
    return Scored(score, 0.5, 0, f"A sentence of {doc}.", frozenset(), doc=doc)


def test_a_partner_asked_is_answered_only_by_articles_that_name_it(fit: ArticleFit) -> None:
    scored = [sentence("peru", 1.0), sentence("chile", 0.9)]
    assert [s.doc for s in fit.with_partners("When did Chile sign?", scored)] == ["chile"]
    assert fit.with_partners("When was it signed?", scored) == scored  # no partner asked


def test_a_crime_asked_is_answered_only_by_articles_about_it(fit: ArticleFit) -> None:
    scored = [sentence("peru", 1.0), sentence("peru-2043", 0.9)]
    kept = fit.on_topic("How many trafficking victims were there?", scored)
    assert [s.doc for s in kept] == ["peru-2043"]


def test_two_years_asked_take_the_best_report_of_each(fit: ArticleFit) -> None:
    scored = [sentence("peru", 1.0), sentence("chile", 0.9), sentence("peru-2043", 0.5)]
    asked = "What did Vietnam and Peru do in 2041 and in 2043?"
    assert [s.doc for s in fit.covering(asked, scored)] == ["peru", "peru-2043"]
    assert fit.covering("What happened in 2041?", scored) == []


def test_a_report_published_in_the_year_asked_comes_before_one_that_mentions_it() -> None:
    chunks = [
        make_chunk("talks-2020", text="Plans for 2020-2021 were set in Hanoi.", date_sort=20200301),
        make_chunk("office-2021", text="A new office opened in Cha Lo.", date_sort=20210113),
    ]
    reader = ConstraintReader(Places.from_cldr(extra={}, suffixes={}), {})
    fit = ArticleFit(GLOSSARY, ArticleFacets(chunks, reader), reader)
    scored = [sentence("talks-2020", 1.0), sentence("office-2021", 0.4)]
    asked = "Which offices opened in August 2020 and January 2021?"
    assert [s.doc for s in fit.covering(asked, scored)] == ["talks-2020", "office-2021"]


def test_a_partner_s_report_published_in_the_year_asked_heads_the_list() -> None:
    """The 2044 report on Chile looks back on 2041 and matches the words better; asked
    about 2041, the 2041 report on Chile answers for Chile."""
    chunks = [
        make_chunk("peru-2041", text="Vietnam and Peru met in Lima.", date_sort=20410301),
        make_chunk("chile-2041", text="Vietnam and Chile met in Santiago.", date_sort=20410601),
        make_chunk(
            "chile-2044", text="Chile, first met in 2041, met Vietnam again.", date_sort=20440101
        ),
    ]
    reader = ConstraintReader(Places.from_cldr(extra={}, suffixes={}), {})
    fit = ArticleFit(GLOSSARY, ArticleFacets(chunks, reader), reader)
    scored = [sentence("chile-2044", 1.0), sentence("peru-2041", 0.9), sentence("chile-2041", 0.5)]
    asked = "Whom did Vietnam meet from Peru and from Chile in 2041?"
    assert [s.doc for s in fit.covering(asked, scored)] == ["chile-2041", "peru-2041"]


def test_a_year_s_head_is_a_sentence_about_that_year() -> None:
    """Asked about 2041 and 2042, the 2042 report's best sentence looks back on 4 May 2041;
    its head is its best sentence about 2042. A bare year ("the 2040 Act") dates nothing."""
    chunks = [
        make_chunk("talks-2041", text="Vietnam and Peru met in Lima.", date_sort=20410504),
        make_chunk("talks-2042", text="Vietnam and Peru met again.", date_sort=20420601),
    ]
    reader = ConstraintReader(Places.from_cldr(extra={}, suffixes={}), {})
    fit = ArticleFit(GLOSSARY, ArticleFacets(chunks, reader), reader)
    back = Scored(
        1.0, 0.5, 0, "On 4 May 2041 the ministers met in Lima.", frozenset(), doc="talks-2042"
    )
    act = Scored(0.9, 0.5, 0, "The 2040 Act was cited by Ana Ruiz.", frozenset(), doc="talks-2042")
    first = sentence("talks-2041", 0.8)
    asked = "Whom did the minister meet in 2041 and in 2042?"
    assert fit.covering(asked, [back, act, first]) == [first, act]


def _at(doc: str, score: float, index: int, typed: bool = False) -> Scored:
    return Scored(score, 0.5, index, f"A sentence of {doc}.", frozenset(), typed, doc=doc)


def test_one_fact_is_told_by_the_articles_that_fit_the_question_best() -> None:
    """The 2041 report meets partner and year; the 2043 one only looks back on it."""
    items = [
        RetrievedChunk(CHUNKS[0], 1.0, fit=2.0),
        RetrievedChunk(CHUNKS[2], 0.9, fit=1.0),
    ]
    scored = [_at("peru", 1.0, 0), _at("peru-2043", 0.9, 1, typed=True), _at("peru", 0.5, 0)]
    kept = ArticleFit.best_fitting(items, scored, set())
    assert [s.doc for s in kept] == ["peru", "peru"]
    # the best-fitting article's best sentence need only score near the best one...
    items[1].fit = 3.0
    assert [s.doc for s in ArticleFit.best_fitting(items, scored, set())] == ["peru-2043"]
    # ...not far below it
    low = [_at("peru", 1.0, 0), _at("peru-2043", 0.5, 1, typed=True)]
    assert ArticleFit.best_fitting(items, low, set()) == low
    # ...or when only the other article holds the kind of thing asked
    items[1].fit = 1.0
    assert ArticleFit.best_fitting(items, scored, {Kind.DATE}) == scored


def test_one_fact_of_a_year_is_told_first_by_that_year_s_report() -> None:
    """The 2044 report recalls the 2041 opening and matches the words better; asked who
    spoke at the opening in 2041, the 2041 report comes first, when it scores near."""
    chunks = [
        make_chunk("opening-2041", text="Ana Ruiz opened the office.", date_sort=20410301),
        make_chunk(
            "review-2044", text="The office, opened in 2041, was reviewed.", date_sort=20440101
        ),
    ]
    reader = ConstraintReader(Places.from_cldr(extra={}, suffixes={}), {})
    fit = ArticleFit(GLOSSARY, ArticleFacets(chunks, reader), reader)
    scored = [_at("review-2044", 1.0, 1, typed=True), _at("opening-2041", 0.7, 0, typed=True)]
    question = "Who spoke at the opening of the office in 2041?"
    assert [s.doc for s in fit.of_the_year(question, scored, {Kind.PERSON})] == [
        "opening-2041",
        "review-2044",
    ]
    # not far below the best sentence, nor without the asked kind of thing
    low = [scored[0], _at("opening-2041", 0.5, 0, typed=True)]
    assert fit.of_the_year(question, low, {Kind.PERSON}) == low
    untyped = [scored[0], _at("opening-2041", 0.7, 0)]
    assert fit.of_the_year(question, untyped, {Kind.PERSON}) == untyped
    # no year, or two years (a list: one report each), change nothing
    assert fit.of_the_year("Who spoke at the opening?", scored, {Kind.PERSON}) == scored
    two = "Who spoke in 2041 and in 2044?"
    assert fit.of_the_year(two, scored, {Kind.PERSON}) == scored


def test_a_year_s_head_is_the_report_naming_the_body_asked() -> None:
    """Asked about Interpol's chief in 2041 and UNODC's envoy in 2042, the 2041 head is the
    2041 report on Interpol, not the better-scoring 2041 report on other talks."""
    chunks = [
        make_chunk("talks-2041", text="The minister met a Thai general.", date_sort=20410301),
        make_chunk(
            "interpol-2041",
            text="The deputy minister met Interpol's chief in Lyon.",
            date_sort=20410601,
            concepts=("interpol",),
        ),
        make_chunk(
            "unodc-2042",
            text="The deputy minister received UNODC's envoy.",
            date_sort=20420901,
            concepts=("unodc",),
        ),
    ]
    reader = ConstraintReader(Places.from_cldr(extra={}, suffixes={}), {})
    fit = ArticleFit(GLOSSARY, ArticleFacets(chunks, reader), reader)
    scored = [
        sentence("talks-2041", 1.0),
        sentence("unodc-2042", 0.9),
        sentence("interpol-2041", 0.8),
    ]
    question = "Whom did they meet from Interpol in 2041 and from UNODC in 2042?"
    heads = fit.covering(question, scored)
    assert [s.doc for s in heads] == ["interpol-2041", "unodc-2042"]
