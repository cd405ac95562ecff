"""Whose side a person speaks for, in a question and in a sentence.

Every report in this domain has two sides, Vietnam and a partner, and names people of both
in one sentence ("co-chaired by Bui Van Nam, Deputy Minister of Public Security of Vietnam,
and Kongthong Phongvichith, Deputy Minister of Security of Laos"). "Who headed the Chinese
delegation?" is not answered by the Vietnamese co-chair, however well his sentence matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rag.lang.fold import fold_aligned
from rag.lang.pack import Packs, any_of
from rag.lang.places import PlaceMention, Places
from rag.lang.text import CLAUSE_BREAK, fold
from rag.retrieve.constraints import HOME

SIDE_GAP = 2  # words between a country and the side noun it qualifies ("Lao deputy minister")
POST_WINDOW = 40  # characters before a name that hold its post ("French Interior Minister")
TITLE_WORDS = 5  # of them, the words of a title ("Thứ trưởng Bộ Công an", "Lao Deputy Minister")
APPOSITION = 80  # characters of a post set off after a name (", Deputy Minister of ...")
CACHED = 4096  # questions and named people whose sides are kept
_WORD = re.compile(r"\w+")


class Sides:
    """Reads the side a "who" question asks about and the side a named person is on."""

    def __init__(self, places: Places, packs: Packs, meetings: Iterable[str] = ()) -> None:
        """``meetings``: the words for meeting someone ("received", "reçu", "tiếp"), from the
        glossary: the people a question's subject met are the other side."""
        self.places = places
        self._nouns = _alternation(packs.union(lambda p: p.entities.side_nouns))
        self._meetings = _alternation(fold(term).lower() for term in meetings)
        self._service = tuple(packs.union(lambda p: p.entities.service_words))
        # Two countries joined by a dash or the packs' "and" ("Vietnam-Laos", "Việt Nam và
        # Lào") name the two sides of a meeting.
        joining = any_of(packs.union(lambda p: p.questions.coordination), literal=True)
        self._joined = re.compile(rf"\s*(?:[-–—/&]|{joining})?\s*")
        # Asked once per question by the scorer and the lead; each person once per sentence.
        self._asked_cache = lru_cache(maxsize=CACHED)(self._read_asked)
        self._person_cache = lru_cache(maxsize=CACHED)(self._read_person)

    def asked(self, question: str) -> str | None:
        """The side the question asks about (``_read_asked``), read once per question."""
        return self._asked_cache(question)

    def of_person(self, sentence: str, start: int, end: int) -> str | None:
        """The side of the person named at ``start:end`` (``_read_person``), read once."""
        return self._person_cache(sentence, start, end)

    def _read_asked(self, question: str) -> str | None:
        """The one country (a CLDR code) the question puts right before or after a noun for
        people of one side: "the Chinese delegation", "le vice-ministre laotien", "quan chức
        Nhật Bản", "Vietnam's side". None when no country or two qualify such nouns, and for
        a country paired with another ("Vietnam-Laos police cooperation" names no side).
        Nouns after a word for meeting are the people met ("who received the Vietnamese
        delegation?" asks for the host), not the side asked about."""
        folded = fold_aligned(question)
        if folded is None:
            return None
        lower = folded.lower()
        mentions = self.places.find(question)
        met = self._meetings.search(lower) if self._meetings else None
        until = met.start() if met else len(lower)
        found = self._nouns.finditer(lower) if self._nouns else iter(())
        nouns = [m.span() for m in found if m.start() < until]
        sides = {
            m.code
            for m in mentions
            if not self._paired(m, mentions, folded) and any(_next_to(m, n, folded) for n in nouns)
        }
        return next(iter(sides)) if len(sides) == 1 else None

    def _read_person(self, sentence: str, start: int, end: int) -> str | None:
        """The country of the post of the person named at ``start:end``: the one country in
        the title before the name ("Chinese Vice Minister Wang") or in a post set off after
        it (", Deputy Minister of Security of Laos"); Vietnam when that post names no country
        but the Vietnamese ministry ("Thứ trưởng Bộ Công an"). None when unsaid or unclear."""
        clause = title_before(sentence, start)
        # The title right before the name, not the verb and object before it ("Thứ trưởng
        # Bộ Công an đã làm việc với ông Bolcsik": the ministry is the other man's).
        before = " ".join(clause.split()[-TITLE_WORDS:])
        rest = sentence[end : end + APPOSITION]
        after = CLAUSE_BREAK.split(rest.lstrip()[1:])[0] if rest.lstrip()[:1] in ",(" else ""
        post = f"{before} {after}"
        codes = self.places.codes(post)
        if len(codes) == 1:
            return next(iter(codes))
        if not codes and any(word in fold(post) for word in self._service):
            return HOME
        return None

    def against(self, asked: str | None, sentence: str, start: int, end: int) -> bool:
        """The person at ``start:end`` is on another side than the one asked about."""
        if asked is None:
            return False
        side = self.of_person(sentence, start, end)
        return side is not None and side != asked

    def _paired(self, mention: PlaceMention, mentions: list[PlaceMention], folded: str) -> bool:
        """The country is one of two joined ("Vietnam-Laos", "Việt Nam - Lào", "China and
        Vietnam"): a pair names the two sides, not the one asked about."""
        for other in mentions:
            if other is mention:
                continue
            a, b = (mention, other) if other.start >= mention.end else (other, mention)
            if b.start >= a.end and self._joined.fullmatch(folded[a.end : b.start].lower()):
                return True
        return False


def title_before(sentence: str, start: int) -> str:
    """The words before the name at ``start`` that may hold its post, within its clause
    ("French Interior Minister" in "met French Interior Minister Bruno Retailleau")."""
    return CLAUSE_BREAK.split(sentence[max(0, start - POST_WINDOW) : start])[-1]


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for whole words or phrases, the longest first; None for none."""
    ordered = sorted(set(words), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, ordered))})(?!\w)")


def _next_to(mention: PlaceMention, noun: tuple[int, int], folded: str) -> bool:
    """The country is at most SIDE_GAP words before or after the noun, in one clause."""
    if noun[0] >= mention.end:
        gap = folded[mention.end : noun[0]]
    elif mention.start >= noun[1]:
        gap = folded[noun[1] : mention.start]
    else:
        return False
    return len(_WORD.findall(gap)) <= SIDE_GAP and not CLAUSE_BREAK.search(gap)
