"""Which scored sentences are quoted, by the question's shape."""

from __future__ import annotations

import re

from rag.answer.selection import Scored, one_article, pick, reported
from rag.models import RetrievedChunk
from tests.support.chunks import make_chunk

ITEMS = [
    RetrievedChunk(
        make_chunk("plan-2023", text="The 2023 plan was signed.", date_sort=20230304), 1.0
    ),
    RetrievedChunk(
        make_chunk("plan-2025", text="The 2025 plan was signed.", date_sort=20250110), 0.9
    ),
    RetrievedChunk(make_chunk("visit-2026", text="A minister visited.", date_sort=20260101), 0.5),
    RetrievedChunk(make_chunk("undated", text="A plan was signed.", date_sort=0), 0.4),
]


def scored(*scores: float) -> list[Scored]:
    return [
        Scored(score, 0.5, i, ITEMS[i].chunk.text, frozenset({f"w{i}"}), doc=ITEMS[i].chunk.doc_id)
        for i, score in enumerate(scores)
    ]


def test_the_latest_is_the_newest_article_about_what_is_asked() -> None:
    """The 2026 visit is newer but about something else (its best sentence scores far
    below the best); the undated article never wins."""
    sentences = scored(1.0, 0.95, 0.4, 0.99)
    assert {s.doc for s in one_article(ITEMS, sentences, newest=True)} == {"plan-2025"}
    assert {s.doc for s in one_article(ITEMS, sentences, newest=False)} == {"plan-2023"}


def test_the_latest_is_one_that_reports_the_asked_event_when_some_do() -> None:
    """The 2026 report recalls a plan in passing (its best sentence scores high enough);
    only the 2023 and 2025 reports lead with a plan, so the 2025 one is the latest."""
    sentences = scored(1.0, 0.95, 0.9, 0.1)
    reports = {"plan-2023", "plan-2025"}.__contains__
    assert {s.doc for s in one_article(ITEMS, sentences, newest=True)} == {"visit-2026"}
    assert {s.doc for s in one_article(ITEMS, sentences, True, reports)} == {"plan-2025"}
    nobody = one_article(ITEMS, sentences, True, lambda _doc: False)
    assert {s.doc for s in nobody} == {"visit-2026"}  # none leads with it: as before


def test_no_latest_without_two_dated_articles_on_the_topic() -> None:
    assert one_article(ITEMS, scored(1.0, 0.1, 0.1, 0.1), newest=True) == []


def test_a_sentence_is_never_quoted_twice() -> None:
    twice = [*scored(1.0), Scored(0.99, 0.5, 1, ITEMS[0].chunk.text, frozenset({"new"}))]
    assert [s.sentence for s in pick(twice, listing=False)] == [ITEMS[0].chunk.text]


def test_a_list_takes_the_best_sentence_of_each_article_first() -> None:
    """Two sentences of the 2023 report score above the 2025 report's best one; a list is
    told across reports, so the 2025 one is quoted before the 2023 report's second."""
    first = Scored(1.0, 0.5, 0, "Laos signed in 2023.", frozenset({"a"}), doc="plan-2023")
    second = Scored(0.95, 0.5, 0, "It covers drugs.", frozenset({"b"}), doc="plan-2023")
    third = Scored(0.9, 0.5, 0, "Cambodia too in 2023.", frozenset({"c"}), doc="plan-2023")
    other = Scored(0.7, 0.5, 1, "Thailand signed in 2025.", frozenset(), doc="plan-2025")
    quoted = pick([first, second, third, other], listing=True)
    assert [s.doc for s in quoted][:2] == ["plan-2023", "plan-2025"]
    assert "Thailand signed in 2025." not in [
        s.sentence for s in pick([first, second, third, other], listing=False)
    ]


def test_a_list_names_first_the_reports_that_meet_the_question() -> None:
    """Asked about 2017, a list goes on with another 2017 report (fit 1) before a 2023
    report (fit 0) whose best sentence matches the words better."""
    best = Scored(1.0, 0.5, 0, "Tokyo talks in 2017.", frozenset({"a"}), doc="japan-2017", fit=1)
    later = Scored(0.95, 0.5, 1, "Tokyo talks in 2023.", frozenset({"b"}), doc="japan-2023")
    other = Scored(0.9, 0.5, 2, "Interpol visit.", frozenset({"c"}), doc="interpol-2017", fit=1)
    quoted = pick([best, later, other], listing=True)
    assert [s.doc for s in quoted][:2] == ["japan-2017", "interpol-2017"]


def test_what_was_agreed_quotes_the_lead_then_that_article_s_commitments() -> None:
    lead = Scored(1.0, 0.5, 0, "Laos and Vietnam met in Hanoi.", frozenset(), doc="plan-2023")
    agreed = [
        Scored(
            0.5 - i / 10, 0.5, 0, f"They agreed to act on point {i}.", frozenset(), doc="plan-2023"
        )
        for i in range(4)
    ]
    elsewhere = Scored(0.9, 0.5, 1, "They agreed to share data.", frozenset(), doc="plan-2025")
    chatter = Scored(0.8, 0.5, 0, "The weather was mild.", frozenset(), doc="plan-2023")
    quoted = reported(ITEMS, [lead, elsewhere, chatter, *agreed], re.compile("agreed"))
    assert [s.sentence for s in quoted] == [lead.sentence, *(s.sentence for s in agreed[:3])]


def test_a_commitment_meeting_an_asked_concept_the_lead_misses_comes_first() -> None:
    """Asked what the two sides agreed to train staff in, the sentence on training is
    quoted though three commitments that only repeat the lead's partners score above it."""
    lead = Scored(1.0, 0.5, 0, "Laos and Vietnam agreed.", frozenset({"#LA"}), doc="plan-2023")
    repeats = [
        Scored(
            0.9 - i / 10, 0.5, 0, f"Laos agreed on point {i}.", frozenset({"#LA"}), doc="plan-2023"
        )
        for i in range(3)
    ]
    training = Scored(
        0.4, 0.5, 0, "They agreed to train staff.", frozenset({"@training"}), doc="plan-2023"
    )
    quoted = reported(ITEMS, [lead, *repeats, training], re.compile("agreed"))
    assert [s.sentence for s in quoted][:2] == [lead.sentence, training.sentence]
    assert len(quoted) == 4


def test_a_typed_sentence_of_the_best_article_is_quoted_though_it_adds_no_word() -> None:
    """ "Which envoy did the minister receive?": the lead sentence matches best, the envoy's
    name is in the next one, which shares its words; another report's sentence adding a
    word ("new") does not push it out."""
    lead = Scored(1.0, 0.5, 0, "The minister met the envoy.", frozenset({"a", "b"}), doc="x")
    named = Scored(0.9, 0.5, 0, "He received Ambassador Ann Lee.", frozenset({"a"}), True, "x")
    other = Scored(0.8, 0.5, 1, "A new envoy came.", frozenset({"c"}), doc="y")
    assert [s.sentence for s in pick([lead, named, other], listing=False)][:2] == [
        lead.sentence,
        named.sentence,
    ]


def test_one_report_for_each_partner_asked_comes_first() -> None:
    """ "With Spain and with Italy": the best Spanish sentence is quoted though two Italian
    reports score above it."""
    italy = Scored(1.0, 0.5, 0, "Italy signed in Rome.", frozenset({"a"}), doc="it-1")
    again = Scored(0.95, 0.5, 1, "Italy and Vietnam signed.", frozenset({"b"}), doc="it-2")
    spain = Scored(0.5, 0.5, 2, "Spain signed in Madrid.", frozenset(), doc="es")
    quoted = pick([italy, again, spain], listing=True, heads=[italy, spain])
    assert [s.doc for s in quoted][:2] == ["it-1", "es"]
    assert "es" not in {s.doc for s in pick([italy, again, spain], listing=True)}


def test_the_only_report_s_sentence_meeting_another_asked_concept_is_quoted() -> None:
    """ "The latest plan, and who co-chaired it?" answered from one report: the co-chairs'
    sentence scores well under the plan's but meets the asked co-chairing."""
    plan = Scored(0.9, 0.4, 0, "They signed the 2025 plan.", frozenset({"@plan"}), doc="p")
    chairs = Scored(0.54, 0.4, 0, "Sar Sokha co-chaired.", frozenset({"@co_chair"}), doc="p")
    filler = Scored(0.53, 0.4, 0, "It was a sunny day.", frozenset({"day"}), doc="p")
    assert [s.sentence for s in pick([plan, chairs, filler], listing=False)] == [
        plan.sentence,
        chairs.sentence,
    ]
    # Among several reports the usual floor holds: another report may answer better.
    other = Scored(0.8, 0.4, 1, "A 2023 plan was signed.", frozenset({"@plan"}), doc="q")
    assert chairs not in pick([plan, other, chairs], listing=False)
