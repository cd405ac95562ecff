"""Sentence scoring: what the abstention floor reads of a passage in another language."""

from __future__ import annotations

import pytest

from rag.answer.entities import EntityFinder
from rag.answer.kinds import rules_from_packs
from rag.answer.lead import FactLead
from rag.answer.scoring import SentenceScorer
from rag.answer.selection import Scored
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
    finder = EntityFinder(places, rules_from_packs(packs()))
    reader = ConstraintReader.from_packs(places, packs())
    return SentenceScorer(
        GLOSSARY,
        idf=lambda token: 2.0,
        known=lambda token: True,
        entities=finder,
        lead=FactLead(finder, places, GLOSSARY),
        facets=ArticleFacets([], reader),
    )


def _best(language: str) -> tuple[Scored, list[RetrievedChunk]]:
    items = [RetrievedChunk(make_chunk("yunlin", text=SENTENCE, language=language), 1.0)]
    return Scored(1.0, 0.1, 0, SENTENCE, frozenset({"lam"})), items


def test_a_passage_in_another_language_is_not_held_to_the_question_s_words(
    scorer: SentenceScorer,
) -> None:
    needs = scorer.needs(QUESTION, set())
    assert {"moi", "gioi", "cong", "ty"} <= set(needs)
    best, items = _best("en")
    # Half of each word it cannot hold, none of the name it could ("Vân Lâm").
    plain = sum(w for k, w in needs.items() if k not in {"van", "lam", "nhom"})
    expected = 0.1 + 0.5 * plain / sum(needs.values())
    assert scorer.coverage(best, items, needs, QUESTION, "vi") == pytest.approx(expected)


def test_a_passage_in_the_question_s_language_is_read_as_scored(scorer: SentenceScorer) -> None:
    needs = scorer.needs(QUESTION, set())
    best, items = _best("vi")
    assert scorer.coverage(best, items, needs, QUESTION, "vi") == 0.1
