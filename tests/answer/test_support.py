"""Refusing questions about what no candidate article has, read from whole articles."""

import pytest

from rag.answer.asked import asked_kinds
from rag.answer.entities import EntityFinder
from rag.answer.kinds import rules_from_packs
from rag.answer.support import SupportCheck
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.models import RetrievedChunk
from rag.retrieve.constraints import ConstraintReader
from rag.retrieve.facets import ArticleFacets
from tests.support.chunks import make_chunk
from tests.support.glossary import GLOSSARY

TEXTS = [
    "Vietnam and Australia signed an MoU on crime.",
    # The name sits in another chunk of the same article than the one retrieved.
    "Minister Tran Dai Quang met Peter Dutton at the third dialogue.",
    "The agreement took effect in 2017.",
    # A former holder of a post does not hold it.
    "He later met former Prime Minister Malcolm Turnbull.",
]
# Concepts tagged as the index tags them.
CHUNKS = [
    make_chunk(
        "au-2016",
        position,
        text,
        date_sort=20160318,
        concepts=tuple(sorted(GLOSSARY.concepts_in(text))),
    )
    for position, text in enumerate(TEXTS)
]


@pytest.fixture(scope="module")
def check() -> SupportCheck:
    places = Places.from_packs(packs())
    reader = ConstraintReader.from_packs(places, packs())
    return SupportCheck(
        reader,
        ArticleFacets(CHUNKS, reader),
        EntityFinder(places, rules_from_packs(packs())),
        GLOSSARY,
    )


RETRIEVED = [RetrievedChunk(CHUNKS[0], 1.0)]


@pytest.mark.parametrize(
    ("question", "language", "missing"),
    [
        ("What did Vietnam and Australia sign in 2016?", "en", []),
        ("Quand le Vietnam et le Brésil ont-ils signé un accord ?", "fr", ["BR"]),
        ("What did Vietnam and Australia sign in 2019?", "en", ["2019"]),
        ("Where was the fourth dialogue held?", "en", ["#4"]),
        ("Where was the third dialogue held?", "en", []),
        ("Whom did Peter Dutton meet?", "en", []),
        ("Whom did Karen Andrews meet?", "en", ["Karen Andrews"]),
        # "Who is the <post>?" asks for a post's holder: no article naming the post, no holder.
        ("Who is the minister?", "en", []),
        ("Who is the Prime Minister of Australia?", "en", ["prime_minister"]),
        ("Qui est le Premier ministre australien ?", "fr", ["prime_minister"]),
        # Asked about something else, the post is only context.
        ("When did the Prime Minister of Australia sign?", "en", []),
        # A particular reports often leave out: asked for, some candidate must mention it.
        ("What prison sentences did the court hand down?", "en", ["prison_sentence"]),
        ("Phía Úc đã bồi thường bao nhiêu tiền?", "vi", ["compensation"]),
        ("Depuis quand l'accord est-il en vigueur ?", "fr", []),
        ("Hiệp định có hiệu lực từ ngày nào?", "vi", []),
    ],
)
def test_missing(check: SupportCheck, question: str, language: str, missing: list[str]) -> None:
    assert check.missing(question, language, RETRIEVED, asked_kinds(question)) == missing


def test_the_partner_year_and_ordinal_must_meet_in_one_article() -> None:
    """The 6th meeting with Japan is not told by a report of Japan's 1st meeting beside one
    of Australia's 6th; a question about two partners is told across reports."""
    texts = {
        "jp-2013": "Vietnam and Japan held their first security dialogue in Tokyo in 2013.",
        "au-2019": "Vietnam and Australia held their sixth security dialogue in Canberra in 2019.",
    }
    chunks = [
        make_chunk(doc, 0, text, concepts=tuple(sorted(GLOSSARY.concepts_in(text))))
        for doc, text in texts.items()
    ]
    places = Places.from_packs(packs())
    reader = ConstraintReader.from_packs(places, packs())
    two = SupportCheck(
        reader,
        ArticleFacets(chunks, reader),
        EntityFinder(places, rules_from_packs(packs())),
        GLOSSARY,
    )
    retrieved = [RetrievedChunk(chunk, 1.0) for chunk in chunks]

    def missing(question: str) -> list[str]:
        return two.missing(question, "en", retrieved, asked_kinds(question))

    assert missing("Where was the sixth Vietnam-Japan security dialogue held?") == ["together"]
    assert missing("Where was the sixth Vietnam-Australia security dialogue held?") == []
    assert missing("Who attended the Japan dialogue in 2019?") == ["together"]
    assert missing("Where did Vietnam meet Japan and Australia in 2019?") == []
