"""Typed entities in a sentence: people, places, dates, numbers and documents.

"Who", "where", "when", "how many" and "which document" questions are answered by the
sentence that holds a thing of the asked type; finding those things needs no model, only
general properties of the three languages: names are runs of capitalised words
(``names.py``); places are CLDR territories (``Places``) and datelines; dates come from
``find_dates``; numbers are digit groups and the number words of the language pack, sums a
number with its currency; documents, crimes and known bodies are the glossary's terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache

from rag.answer.kinds import Entity, Kind, NameRules
from rag.answer.names import WORD, NameReader, capitalised
from rag.ingest.dating import split_dateline
from rag.ingest.metadata import is_signature
from rag.lang.dates import find_dates, find_relative
from rag.lang.places import Places
from rag.lang.text import fold, word_bounded

_NUMBER = re.compile(
    r"(?<![\w/-])\d{1,3}(?:[ ,.\u202f]\d{3})+(?![\d/])|(?<![\w/-])\d+(?:[.,]\d+)?(?![\d/])"
)
# "3rd", "23e", "lần thứ 3" are ranks, not counts (the last read by the packs' ordinal forms).
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|e|er|ère|ème|eme)\b", re.IGNORECASE)
RANK_CHARS = 12  # room for the words before a rank's figure ("lần thứ ")
MAX_DAY = 31
# "AMMTC 18", "SOMTC 23": a body's acronym and a small figure number a meeting of a series.
SERIES_DIGITS = 2
_YEARLIKE = re.compile(r"^(?:19|20)\d{2}$")
_DIGIT_BEFORE = re.compile(r"\d\s?$")
FIND_CACHE = 50_000


@dataclass
class EntityFinder:
    places: Places
    rules: NameRules = field(default_factory=NameRules)
    common: Callable[[str], bool] = lambda _w: False  # an ordinary word of the corpus?
    documents: Collection[str] = ()  # folded document-type terms (MoU, bản ghi nhớ...)
    crimes: Collection[str] = ()  # folded crime-type terms (money laundering, rửa tiền...)
    bodies: Collection[str] = ()  # folded names of bodies the glossary knows (Interpol, IOM...)
    known_places: Collection[str] = ()  # folded names of the glossary's places (TP.HCM...)
    regions: Places | None = None  # CLDR's world regions ("Southeast Asia"): places, no partner

    def __post_init__(self) -> None:
        # Kept per sentence (FIND_CACHE of them, a few tens of MB at most): the same article sentences are read question after question.
        self._found = lru_cache(maxsize=FIND_CACHE)(self._find)
        self.reader = NameReader(self.rules, self.common)
        self._ranks = [re.compile(form) for form in self.rules.ordinal_forms]

    def find(self, sentence: str, language: str = "en") -> list[Entity]:
        """Every typed entity of the sentence."""
        return list(self._found(sentence, language))

    def _find(self, sentence: str, language: str) -> tuple[Entity, ...]:
        found: list[Entity] = []
        places = self.places.find(sentence)
        found += [Entity(Kind.PLACE, m.text, m.start, m.end) for m in places]
        found += [Entity(Kind.COUNTRY, m.text, m.start, m.end) for m in places]
        place_spans = [(m.start, m.end) for m in places]
        folded = fold(sentence)
        for other in self._other_places(sentence, folded):
            if not any(a < other.end and other.start < b for a, b in place_spans):
                found.append(other)
                place_spans.append((other.start, other.end))
        dateline = dateline_place(sentence)
        if dateline and not any(a <= dateline.start < b for a, b in place_spans):
            found.append(dateline)
            place_spans.append((dateline.start, dateline.end))
        found += self.names(sentence, language, place_spans)
        dates = [(a, b) for _d, a, b in find_dates(sentence)]
        found += [Entity(Kind.DATE, sentence[a:b], a, b) for a, b in dates]
        # "on Wednesday", "hôm nay": a day too, dated from the story's filing (lead.py)
        found += [
            Entity(Kind.DATE, sentence[a:b], a, b, vague=True)
            for _r, a, b in find_relative(sentence)
            if not any(x < b and a < y for x, y in dates)
        ]
        for m in _NUMBER.finditer(sentence):
            inside = any(a <= m.start() < b for a, b in dates)
            ordinal = _ORDINAL_SUFFIX.match(sentence, m.end()) or self._ranked(sentence, m)
            ordinal = ordinal or self._joined_day(sentence, m, dates)
            in_name = self._names_number(sentence, m.start(), m.end())
            # "Chuyên án 0524M", "Project 088": a leading zero marks a code, never a count.
            code = m.group(0)[:1] == "0" and m.group(0)[1:2].isdigit()
            if inside or ordinal or in_name or code:
                continue
            if _YEARLIKE.match(m.group(0)):
                # "established in 2010": a year is a date, though no day or month comes with it
                found.append(Entity(Kind.DATE, m.group(0), m.start(), m.end(), vague=True))
                continue
            # A sum of money counts nothing: "€3 million" answers no "how many officials".
            amount = self._amount(sentence, m.start(), m.end())
            found.append(amount or Entity(Kind.NUMBER, m.group(0), m.start(), m.end()))
        found += _terms(Kind.DOCUMENT, self.documents, sentence, folded)
        found += _terms(Kind.CRIME, self.crimes, sentence, folded)
        found += _terms(Kind.ORG, self.bodies, sentence, folded)
        found += self._number_words(sentence)
        return tuple(found)

    def _names_number(self, sentence: str, start: int, end: int) -> bool:
        """A number right after a capitalised word completes a name ("Project 88", "Decree
        2548", "Boeing 777"), unless the word is a month, a number word or a currency, or
        opens the sentence: such a number counts nothing. After an acronym, a figure of two
        digits at most numbers a meeting of a series ("AMMTC 18", "SOMTC 23"); a larger one
        is left to the other checks (a currency's code makes it a sum)."""
        before = list(WORD.finditer(sentence, 0, start))
        if not before or sentence[before[-1].end() : start] != " ":
            return False
        word = before[-1].group(0)
        key = fold(word.rstrip(".,’'"))
        if key in self.rules.number_words or key in self.rules.currencies:
            return False
        if word.isupper() and len(word) >= 3 and word.isalpha():
            return end - start <= SERIES_DIGITS
        if not capitalised(word) or word.isupper() or key in self.rules.not_names:
            return False
        return len(before) >= 2

    def _ranked(self, sentence: str, number: re.Match[str]) -> bool:
        """The figure ends a rank the packs' ordinal forms read ("lần thứ 2")."""
        window = fold(sentence[max(0, number.start() - RANK_CHARS) : number.end()])
        return any(
            found.end("n") == len(window) for form in self._ranks for found in form.finditer(window)
        )

    def _joined_day(
        self, sentence: str, number: re.Match[str], dates: list[tuple[int, int]]
    ) -> bool:
        """A bare day joined to a date ("from August 20 to 23", "từ 14 đến 18/10", "les 25
        et 26 novembre"): the other day of the date, never a count."""
        if not number.group(0).isdigit() or not 0 < int(number.group(0)) <= MAX_DAY:
            return False
        for a, b in dates:
            if a >= number.end():
                between = sentence[number.end() : a]
            elif b <= number.start():
                between = sentence[b : number.start()]
            else:
                continue
            if fold(between).strip() in self.rules.day_joints:
                return True
        return False

    def _amount(self, sentence: str, start: int, end: int) -> Entity | None:
        """The figure with its currency, when a currency sign or word touches it: before
        ("£7", "US$ 500") or within the next few words ("7 millions de livres", "1 triệu
        bảng Anh", "500,000 dollars")."""
        currencies = self.rules.currencies
        before = sentence[max(0, start - 4) : start].rstrip().lower()
        # The longest sign that touches it: "US$" rather than "$" (a set has no order).
        lead = max(
            (c for c in currencies if not c[-1].isalnum() and before.endswith(c)),
            key=len,
            default="",
        )
        if lead:
            at = start - (len(sentence[:start]) - len(sentence[:start].rstrip())) - len(lead)
            scale = WORD.match(sentence, end + 1) if sentence[end : end + 1] == " " else None
            if scale and scale.group(0).lower() in self.rules.number_words:
                end = scale.end()  # "£7 million"
            return Entity(Kind.AMOUNT, sentence[at:end], at, end)
        after = list(WORD.finditer(sentence, end, min(len(sentence), end + 40)))[:4]
        bare = fold(sentence) == sentence.lower()
        for i in range(len(after)):
            for size in (2, 1):  # "đô la", "livres sterling" before "livres"
                if i + size > len(after):
                    continue
                words = after[i : i + size]
                text = sentence[words[0].start() : words[-1].end()].lower().rstrip(".,’'")
                if text in currencies or (bare and fold(text) in {fold(c) for c in currencies}):
                    stop = words[0].start() + len(text)
                    return Entity(Kind.AMOUNT, sentence[start:stop], start, stop)
        return None

    def _number_words(self, sentence: str) -> list[Entity]:
        """Counts said in words ("six provinces", "hundreds of", "hàng trăm"), matched as
        written; folded only in text typed without diacritics, where "tram" can only be
        meant as "trăm". Capitalised inside a sentence, such a word is a name ("Ba Lan")."""
        bare = fold(sentence) == sentence.lower()
        words = self.rules.number_words
        folded = {fold(w) for w in words} if bare else set()
        return [
            Entity(Kind.NUMBER, m.group(0), m.start(), m.end())
            for m in WORD.finditer(sentence)
            if (m.group(0).lower() in words or fold(m.group(0)) in folded)
            and (m.group(0).islower() or m.start() == 0)
            and not _DIGIT_BEFORE.search(sentence, 0, m.start())  # "3 million" is one number
        ]

    def kinds(self, sentence: str, language: str = "en") -> set[Kind]:
        return {e.kind for e in self.find(sentence, language)}

    def names(
        self, sentence: str, language: str, exclude: list[tuple[int, int]] | None = None
    ) -> list[Entity]:
        """Places, people and bodies in runs of capitalised words (``names.py``)."""
        return self.reader.names(sentence, language, exclude)

    def people(self, sentence: str, language: str = "en") -> list[str]:
        spans = [(m.start, m.end) for m in self.places.find(sentence)]
        spans += [(e.start, e.end) for e in self._other_places(sentence, fold(sentence))]
        return [e.text for e in self.names(sentence, language, spans) if e.kind is Kind.PERSON]

    def _other_places(self, sentence: str, folded: str) -> list[Entity]:
        """Places that are no territory: the glossary's cities, read whole ("Ho Chi Minh
        City": its "Chi" is no title), and CLDR's world regions ("Southeast Asia" names no
        person)."""
        regions = self.regions.find(sentence) if self.regions is not None else []
        found = [Entity(Kind.PLACE, m.text, m.start, m.end) for m in regions]
        return found + _terms(Kind.PLACE, self.known_places, sentence, folded)


def filed_date(entity: Entity, sentence: str) -> bool:
    """The date is the dateline's ("ZENDA, Sept 15 -"): when the story was filed, not when
    what it reports happened."""
    head = split_dateline(sentence)[0]
    return bool(head) and entity.kind is Kind.DATE and entity.end <= len(head)


def dateline_place(sentence: str) -> Entity | None:
    """The place a news story was filed from, when the sentence opens with its dateline
    ("HCM City (VNA) –", "Huê, 12 juillet (VNA) -", "HÀ NỘI —"): where the reported meeting
    or signing took place, most of the time. An outlet's name alone ("MPS -") is no place."""
    head, _rest = split_dateline(sentence)
    place = re.split(r"[,(]", head, maxsplit=1)[0].strip()
    words = place.split()
    if not words or is_signature(place) or not all(w[:1].isupper() for w in words):
        return None
    start = sentence.find(place)
    return Entity(Kind.PLACE, place, start, start + len(place))


def _terms(kind: Kind, terms: Collection[str], sentence: str, folded: str) -> list[Entity]:
    """Glossary terms of one kind in the sentence, longest first ("protocole d'accord", not
    "accord"), each place taken once."""
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for term in terms:
        at = folded.find(term)
        end = at + len(term)
        if at < 0 or not word_bounded(folded, at, end):
            continue
        if any(a < end and at < b for a, b in taken):
            continue
        taken.append((at, end))
        found.append(Entity(kind, sentence[at:end], at, end))
    return found
