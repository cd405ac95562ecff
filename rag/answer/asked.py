"""What a question asks for: its kind of answer and its shape, from the packs' cues.

The cues of every language pack are matched on folded text, since a question's language
is not always the one detected (names, mixed wording).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.kinds import Kind, rules_from_packs
from rag.lang.fold import fold_aligned
from rag.lang.pack import Packs, any_of, packs
from rag.lang.pack_schema import Questions
from rag.lang.text import fold


@dataclass(frozen=True)
class QuestionCues:
    """What a question asks for, from the cues of every language pack (on folded text)."""

    when: re.Pattern[str]
    when_clause: re.Pattern[str]
    who: re.Pattern[str]
    where: re.Pattern[str]
    country: re.Pattern[str]
    chronology: re.Pattern[str]
    alternative: re.Pattern[str]
    latest: re.Pattern[str]
    earliest: re.Pattern[str]
    listing: re.Pattern[str]
    how_many: re.Pattern[str]
    money: re.Pattern[str]
    which_document: re.Pattern[str]
    crime: re.Pattern[str]
    org: re.Pattern[str]
    content: re.Pattern[str]
    commitments: re.Pattern[str]


@lru_cache(maxsize=1)
def question_cues(loaded: Packs) -> QuestionCues:
    def cue(part: Callable[[Questions], Iterable[str]]) -> re.Pattern[str]:
        return re.compile(rf"\b{any_of(loaded.union(lambda pack: part(pack.questions)))}\b")

    return QuestionCues(
        when=cue(lambda q: q.when),
        when_clause=cue(lambda q: q.when_clause),
        who=cue(lambda q: q.who),
        where=cue(lambda q: q.where),
        country=cue(lambda q: q.country),
        chronology=cue(lambda q: q.chronology),
        alternative=cue(lambda q: q.alternative),
        latest=cue(lambda q: q.latest),
        earliest=cue(lambda q: q.earliest),
        listing=cue(lambda q: q.listing),
        how_many=cue(lambda q: q.how_many),
        money=cue(lambda q: q.money),
        which_document=cue(lambda q: q.which_document),
        crime=cue(lambda q: q.crime),
        org=cue(lambda q: q.org),
        content=cue(lambda q: q.content),
        commitments=cue(lambda q: q.commitments),
    )


def asked_kinds(question: str) -> set[Kind]:
    """The kind of thing the question asks for, from the packs' cues.

    When cues of several kinds occur, the first one is asked: English and French put
    the interrogative first, and a later "when" or "where" ("who represented Cambodia
    at the conference where...", "qui dirigeait la police quand...") is a relative
    word; Vietnamese interrogatives ("ai", "ở đâu", "ngày nào") are question-only
    words, so their order decides nothing there. "How many years" asks a count, and
    "how much did the UK fund" a sum of money: a figure with its currency.
    """
    asks = fold(question)
    cues = question_cues(packs())
    found = {
        kind: match.start()
        for kind, cue in (
            (Kind.DATE, cues.when),
            (Kind.PERSON, cues.who),
            (Kind.PLACE, cues.where),
            (Kind.COUNTRY, cues.country),
            (Kind.NUMBER, cues.how_many),
            (Kind.DOCUMENT, cues.which_document),
            (Kind.CRIME, cues.crime),
            (Kind.ORG, cues.org),
        )
        if (match := cue.search(asks))
    }
    if Kind.DATE in found and cues.when_clause.search(asks):
        del found[Kind.DATE]  # "what did he ask when he received...": a clause, not the question
    if cues.money.search(asks):
        return {Kind.AMOUNT}
    if Kind.NUMBER in found:
        return {Kind.NUMBER}
    return {min(found, key=found.__getitem__)} if found else set()


def asks_local_place(question: str) -> bool:
    """The question asks for a place within a country: its "where" names a head noun of
    one ("which province", "dans quelle ville", "thành phố nào"), and a country is no answer
    to it, however often the quotes name one."""
    match = question_cues(packs()).where.search(fold(question))
    return match is not None and bool(_place_heads(packs()).search(match.group(0)))


@lru_cache(maxsize=4)
def _place_heads(loaded: Packs) -> re.Pattern[str]:
    return re.compile(rf"\b{any_of(sorted(rules_from_packs(loaded).place_heads), literal=True)}\b")


def spans_articles(question: str) -> bool:
    """A list, "the latest", "the first" or "which came first" is answered across several
    articles: such a question is given more passages than one about a single fact."""
    asks = fold(question)
    cues = question_cues(packs())
    return any(
        cue.search(asks) for cue in (cues.listing, cues.latest, cues.earliest, cues.chronology)
    )


def asks_order(question: str) -> bool:
    """ "The latest", "the first": judged over every report of the asked kind, of which the
    newest (or oldest) need not match the question's words best, so such a question is given
    more passages than a list."""
    asks = fold(question)
    cues = question_cues(packs())
    return any(cue.search(asks) for cue in (cues.latest, cues.earliest))


def alternatives(question: str) -> list[str]:
    """The events a "which came first" question compares, each to be looked for on its own:
    "Which happened first: the first dialogue or the October phone call?" -> ["the first
    dialogue", "the October phone call"]. Scored as one question, the words of both pull
    toward articles that mention a bit of each instead of the report of either. The
    events follow the colon when there is one; [] unless two or more, of two words each."""
    cues = question_cues(packs())
    if not cues.chronology.search(fold(question)):
        return []
    text = question.rsplit(":", 1)[-1]
    folded = fold_aligned(text)
    if folded is None:  # decomposed accents: no offsets to cut the question by
        return []
    cuts = [m.span() for m in cues.alternative.finditer(folded.lower())]
    bounds = [0, *(x for span in cuts for x in span), len(text)]
    parts = [text[a:b].strip(" ,;?!.") for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    return parts if len(parts) >= 2 and all(len(p.split()) >= 2 for p in parts) else []
