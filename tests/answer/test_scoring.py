"""Sentence scoring: the coverage of a passage in another language than the question's."""

from __future__ import annotations

import pytest

from rag.answer.entities import EntityFinder
from rag.answer.kinds import Kind, rules_from_packs
from rag.answer.lead import FactLead
from rag.answer.scoring import SentenceScorer
from rag.answer.sides import Sides
from rag.answer.terms import type_terms
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.models import RetrievedChunk
from rag.retrieve.constraints import ConstraintReader
from rag.retrieve.facets import ArticleFacets
from tests.support.chunks import make_chunk
from tests.support.glossary import GLOSSARY

QUESTION = "Nhóm môi giới ở Vân Lâm đã dùng bao nhiêu công ty ma?"
SENTENCE = "In Yunlin, the agency used 19 shell companies."


@pytest.fixture(scope="module")
def scorer() -> SentenceScorer:
    places = Places.from_packs(packs())
    finder = EntityFinder(
        places,
        rules_from_packs(packs()),
        documents=type_terms(GLOSSARY, "document"),
        crimes=type_terms(GLOSSARY, "crime"),
    )
    reader = ConstraintReader.from_packs(places, packs())
    return SentenceScorer(
        GLOSSARY,
        idf=lambda token: 2.0,
        known=lambda token: True,
        entities=finder,
        lead=FactLead(finder, places, GLOSSARY),
        facets=ArticleFacets([], reader),
        sides=Sides(places, packs()),
    )


def _coverage(scorer: SentenceScorer, language: str) -> float:
    chunk = make_chunk("yunlin", text=SENTENCE, language=language)
    needs = scorer.needs(QUESTION, set())
    scored = scorer.score([RetrievedChunk(chunk, 1.0)], needs, QUESTION, "vi", set())
    return scored[0].coverage


def test_a_passage_in_another_language_is_not_held_to_the_question_s_words(
    scorer: SentenceScorer,
) -> None:
    """It meets none of "môi giới", "công ty ma"... nor, in Vietnamese, would a passage on
    something else; in English, each such word counts half met. The name it misses ("Vân
    Lâm") does not: a name is written alike in every language."""
    needs = scorer.needs(QUESTION, set())
    assert {"moi", "gioi", "cong", "ty"} <= set(needs)
    plain = sum(w for k, w in needs.items() if k not in {"van", "lam", "nhom"})
    assert _coverage(scorer, "vi") == 0.0
    assert _coverage(scorer, "en") == pytest.approx(0.5 * plain / sum(needs.values()))


def _typed(scorer: SentenceScorer, question: str, text: str, kind: Kind) -> list[bool]:
    """Whether each sentence of ``text`` holds a thing of ``kind`` that answers ``question``."""
    chunk = make_chunk("article", text=text)
    scored = scorer.score(
        [RetrievedChunk(chunk, 1.0)], scorer.needs(question, set()), question, "en", {kind}
    )
    return [s.typed for s in sorted(scored, key=lambda s: text.index(s.sentence))]


def test_a_date_in_another_year_than_the_asked_one_answers_no_when(
    scorer: SentenceScorer,
) -> None:
    text = (
        "Border guards received 92 citizens on 21 September 2022. "
        "The 410 citizens were received on 11 December 2024."
    )
    question = "On which days in December 2024 were the citizens received?"
    assert _typed(scorer, question, text, Kind.DATE) == [False, True]


def test_a_sentence_dating_its_event_to_another_year_answers_nothing_of_the_asked_one(
    scorer: SentenceScorer,
) -> None:
    """Asked who signed the 2041 memorandum, the signers of 24 March 2038 are of another
    event; a bare year ("the 2038 Act") or no date at all decides nothing."""
    text = (
        "Ana Ruiz and Tran Van Ba signed a memorandum on 24 March 2038. "
        "Ana Ruiz signed the memorandum in Lima on 3 May 2041. "
        "Ana Ruiz cited the 2038 Act. "
        "The memorandum was signed by Luis Ortega."
    )
    question = "Who signed the 2041 memorandum?"
    assert _typed(scorer, question, text, Kind.PERSON) == [False, True, True, True]


def test_a_question_naming_the_kind_of_document_is_answered_by_that_kind(
    scorer: SentenceScorer,
) -> None:
    text = (
        "The six countries signed a memorandum of understanding in 2004. "
        "The ministers adopted a joint statement on patrols on the Mekong."
    )
    question = "Which joint statement was adopted at the meeting?"
    assert _typed(scorer, question, text, Kind.DOCUMENT) == [False, True]
    # Naming only "an agreement" asks for no kind: any kind answers.
    plain = "Which agreement did the six countries sign in 2004?"
    assert _typed(scorer, plain, text, Kind.DOCUMENT) == [True, True]


def test_an_asked_ordinal_is_met_in_any_language_and_another_one_answers_nothing(
    scorer: SentenceScorer,
) -> None:
    """ "La sixième conférence" is met by "the sixth conference"; a sentence about the
    seventh one is about another meeting, however well it holds a place."""
    question = "Dans quelle ville s'est tenue la sixième conférence ?"
    needs = scorer.needs(question, set())
    assert "#o6" in needs and "sixieme" not in needs
    text = (
        "The seventh conference was held in Hanoi on Friday. "
        "The sixth conference was held in Beijing in 2018."
    )
    chunk = make_chunk("article", text=text)
    scored = scorer.score([RetrievedChunk(chunk, 1.0)], needs, question, "fr", {Kind.PLACE})
    by_text = {s.sentence: s for s in scored}
    sixth = by_text["The sixth conference was held in Beijing in 2018."]
    seventh = by_text["The seventh conference was held in Hanoi on Friday."]
    assert "#o6" in sixth.gains and sixth.typed and not seventh.typed


def test_which_crimes_is_answered_best_by_the_sentence_naming_most_of_them(
    scorer: SentenceScorer,
) -> None:
    """ "Which crimes?" asks for a list: of two sentences that each name a crime, the one
    naming three answers more than the one naming one."""
    text = (
        "The two sides will fight organised crime together. "
        "The two sides will fight fraud, money laundering and cybercrime together."
    )
    question = "Which crimes will the two sides fight together?"
    chunk = make_chunk("article", text=text)
    needs = scorer.needs(question, GLOSSARY.concepts_in(question))
    scored = scorer.score([RetrievedChunk(chunk, 1.0)], needs, question, "en", {Kind.CRIME})
    assert all(s.typed for s in scored)
    assert "fraud" in scored[0].sentence


def test_a_person_of_another_side_than_the_asked_one_answers_no_who(
    scorer: SentenceScorer,
) -> None:
    """Both sides' heads are named in one report: "who headed the Chinese delegation?" is
    answered by the Chinese one, whose post says so, not by the Vietnamese one."""
    text = (
        "The Vietnamese delegation was headed by Bui Van Nam, the Vietnamese deputy minister. "
        "The Chinese delegation was headed by Wang Yuwen, the Chinese vice minister."
    )
    question = "Who headed the Chinese delegation at the dialogue?"
    assert _typed(scorer, question, text, Kind.PERSON) == [False, True]
    assert _typed(scorer, "Who headed the delegation?", text, Kind.PERSON) == [True, True]
