"""Typed entities in a sentence: people, places, dates, numbers and documents.

"Who", "where", "when", "how many" and "which document" questions are answered by the
sentence that holds a thing of the asked type; finding those things needs no model, only
general properties of the three languages:

- a person's name is a run of capitalised words that are not ordinary words of the corpus
  (English, French) or, in Vietnamese, where every syllable of a name is capitalised and
  ordinary phrases are not, a run of capitalised syllables that does not open with an
  organisation word ("Bộ Công an") — titles before the name ("Minister", "Đại tướng",
  "M.") are cut off, and a single surname counts after a title ("Mr Javid", "ông Quang");
- places are CLDR territories (``Places``); dates come from ``find_dates``; numbers are
  digit groups and the number words of the language pack.

The per-language words (titles, organisation heads, name particles) come from the packs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from rag.ingest.dating import split_dateline
from rag.ingest.metadata import is_signature
from rag.lang.dates import find_dates, months
from rag.lang.pack import Entities, Packs
from rag.lang.places import Places
from rag.lang.text import fold


class Kind(StrEnum):
    PERSON = "person"
    PLACE = "place"
    COUNTRY = "country"  # a territory CLDR names (a place too)
    DATE = "date"
    NUMBER = "number"
    AMOUNT = "amount"  # a number with its currency: a sum of money
    DOCUMENT = "document"
    CRIME = "crime"  # a kind of crime the glossary names (trafficking, money laundering...)
    ORG = "org"  # a body: a run of capitalised words headed by "Foundation", "Quỹ", "Agency"...


@dataclass(frozen=True)
class Entity:
    kind: Kind
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class NameRules:
    """Language words that frame names; folded, all languages together."""

    titles: frozenset[str] = frozenset()  # Minister, Secretary, General, M, Mme, ông, tướng...
    org_heads: frozenset[str] = frozenset()  # Ministry, Department, Office, ministère...
    org_openers: frozenset[str] = frozenset()  # Bộ, Cục, Văn phòng: heads only as first words
    org_connectors: frozenset[str] = frozenset()  # of, for: "Ministry of National Defence"
    particles: frozenset[str] = frozenset()  # de, van, von, bin, le (inside names)
    number_words: frozenset[str] = frozenset()  # dozens, hundreds, trăm, nghìn...
    currencies: frozenset[str] = frozenset()  # £, $, dollars, euros, bảng, đô la...
    locatives: frozenset[str] = frozenset()  # in, at, à, en, tại, ở: a name after one is a place
    place_heads: frozenset[str] = frozenset()  # province, ville, tỉnh: a name soon after is one
    not_names: frozenset[str] = frozenset()  # months, weekdays: capitalised, never names
    leading: frozenset[str] = frozenset()  # stopwords capitalised at a sentence's start: "On", "Le"
    compound_titles: frozenset[str] = frozenset()  # "chu tich", "bo truong": a capital, then lower


_WORD = re.compile(r"[^\W\d_][\w’'.-]*", re.UNICODE)
_NUMBER = re.compile(
    r"(?<![\w/-])\d{1,3}(?:[ ,.\u202f]\d{3})+(?![\d/])|(?<![\w/-])\d+(?:[.,]\d+)?(?![\d/])"
)
# "3rd", "23e", "lần thứ 3" are ranks, not counts.
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|e|er|ère|ème|eme)\b", re.IGNORECASE)
_YEARLIKE = re.compile(r"^(?:19|20)\d{2}$")
_DIGIT_BEFORE = re.compile(r"\d\s?$")


def _capitalised(word: str) -> bool:
    return (word[:1].isupper() and not word.isupper()) or (len(word) <= 3 and word.isupper())


def rules_from_packs(packs: Packs) -> NameRules:
    """Every pack's words together: a sentence's language is not always the question's."""

    def union(part: Callable[[Entities], Iterable[str]]) -> frozenset[str]:
        return frozenset(packs.union(lambda pack: part(pack.entities)))

    return NameRules(
        titles=union(lambda e: e.titles),
        org_heads=union(lambda e: e.org_heads),
        org_openers=union(lambda e: e.org_openers),
        org_connectors=union(lambda e: e.org_connectors),
        particles=union(lambda e: e.particles),
        number_words=union(lambda e: e.number_words),
        currencies=union(lambda e: e.currencies),
        locatives=union(lambda e: e.locatives),
        place_heads=union(lambda e: e.place_heads),
        not_names=frozenset(months()),
        leading=union(lambda e: e.leading),
        compound_titles=union(lambda e: e.compound_titles),
    )


FIND_CACHE = 50_000


@dataclass
class EntityFinder:
    places: Places
    rules: NameRules = field(default_factory=NameRules)
    common: Callable[[str], bool] = lambda _w: False  # an ordinary word of the corpus?
    documents: Collection[str] = ()  # folded document-type terms (MoU, bản ghi nhớ...)
    crimes: Collection[str] = ()  # folded crime-type terms (money laundering, rửa tiền...)
    bodies: Collection[str] = ()  # folded names of bodies the glossary knows (Interpol, IOM...)

    def __post_init__(self) -> None:
        # Kept per sentence (FIND_CACHE of them, a few tens of MB at most): the same article sentences are read question after question.
        self._found = lru_cache(maxsize=FIND_CACHE)(self._find)

    def find(self, sentence: str, language: str = "en") -> list[Entity]:
        """Every typed entity of the sentence."""
        return list(self._found(sentence, language))

    def _find(self, sentence: str, language: str) -> tuple[Entity, ...]:
        found: list[Entity] = []
        places = self.places.find(sentence)
        found += [Entity(Kind.PLACE, m.text, m.start, m.end) for m in places]
        found += [Entity(Kind.COUNTRY, m.text, m.start, m.end) for m in places]
        place_spans = [(m.start, m.end) for m in places]
        dateline = dateline_place(sentence)
        if dateline and not any(a <= dateline.start < b for a, b in place_spans):
            found.append(dateline)
            place_spans.append((dateline.start, dateline.end))
        found += self.names(sentence, language, place_spans)
        dates = [(a, b) for _d, a, b in find_dates(sentence)]
        found += [Entity(Kind.DATE, sentence[a:b], a, b) for a, b in dates]
        for m in _NUMBER.finditer(sentence):
            inside = any(a <= m.start() < b for a, b in dates)
            ordinal = _ORDINAL_SUFFIX.match(sentence, m.end())
            in_name = self._names_number(sentence, m.start())
            if not inside and not ordinal and not in_name and not _YEARLIKE.match(m.group(0)):
                # A sum of money counts nothing: "€3 million" answers no "how many officials".
                amount = self._amount(sentence, m.start(), m.end())
                found.append(amount or Entity(Kind.NUMBER, m.group(0), m.start(), m.end()))
        folded = fold(sentence)
        found += _terms(Kind.DOCUMENT, self.documents, sentence, folded)
        found += _terms(Kind.CRIME, self.crimes, sentence, folded)
        found += _terms(Kind.ORG, self.bodies, sentence, folded)
        found += self._number_words(sentence)
        return tuple(found)

    def _names_number(self, sentence: str, start: int) -> bool:
        """A number right after a capitalised word completes a name ("Project 88", "Decree
        2548", "Boeing 777"), unless the word is a month, a number word or a currency, or
        opens the sentence: such a number counts nothing."""
        before = list(_WORD.finditer(sentence, 0, start))
        if not before or sentence[before[-1].end() : start] != " " or len(before) < 2:
            return False
        word = before[-1].group(0)
        key = fold(word.rstrip(".,’'"))
        if not _capitalised(word) or word.isupper() or key in self.rules.not_names:
            return False
        return key not in self.rules.number_words and key not in self.rules.currencies

    def _amount(self, sentence: str, start: int, end: int) -> Entity | None:
        """The figure with its currency, when a currency sign or word touches it: before
        ("£7", "US$ 500") or within the next few words ("7 millions de livres", "1 triệu
        bảng Anh", "500,000 dollars")."""
        currencies = self.rules.currencies
        before = sentence[max(0, start - 4) : start].rstrip().lower()
        lead = next((c for c in currencies if not c[-1].isalnum() and before.endswith(c)), "")
        if lead:
            at = start - (len(sentence[:start]) - len(sentence[:start].rstrip())) - len(lead)
            scale = _WORD.match(sentence, end + 1) if sentence[end : end + 1] == " " else None
            if scale and scale.group(0).lower() in self.rules.number_words:
                end = scale.end()  # "£7 million"
            return Entity(Kind.AMOUNT, sentence[at:end], at, end)
        after = list(_WORD.finditer(sentence, end, min(len(sentence), end + 40)))[:4]
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
            for m in _WORD.finditer(sentence)
            if (m.group(0).lower() in words or fold(m.group(0)) in folded)
            and (m.group(0).islower() or m.start() == 0)
            and not _DIGIT_BEFORE.search(sentence, 0, m.start())  # "3 million" is one number
        ]

    def kinds(self, sentence: str, language: str = "en") -> set[Kind]:
        return {e.kind for e in self.find(sentence, language)}

    def names(
        self, sentence: str, language: str, exclude: list[tuple[int, int]] | None = None
    ) -> list[Entity]:
        """Runs of capitalised words: a place after a locative ("tại Hà Nội", "in Bruges"),
        else a person's name when they pass the checks in the module docstring."""
        words = list(_WORD.finditer(sentence))
        spans = exclude or []
        found: list[Entity] = []
        run: list[re.Match[str]] = []
        titled = located = False

        def close() -> None:
            nonlocal run, titled, located
            name = self._trim(run, sentence)
            if name:
                start, end = name[0].start(), name[-1].end()
                text = _POSSESSIVE.sub("", sentence[start:end]).rstrip(".,")
                if located and self._not_org(name):
                    found.append(Entity(Kind.PLACE, text, start, end))
                elif (len(name) >= 2 or titled) and self._is_name(name, language):
                    found.append(Entity(Kind.PERSON, text, start, end))
                elif len(name) >= 2 and not self._not_org(name):
                    found.append(Entity(Kind.ORG, text, start, end))
            run, titled, located = [], False, False

        previous = ""
        for i, m in enumerate(words):
            word = m.group(0).rstrip(".,’'")
            key = fold(word)
            in_place = any(a <= m.start() < b for a, b in spans)
            gap = sentence[words[i - 1].end() : m.start()] if i else ""
            ended = i > 0 and _ends_sentence(words[i - 1].group(0), self.rules.titles)
            if run and (gap.strip(" ") or in_place or ended):
                close()
            if in_place:
                previous = key
                continue
            following = fold(words[i + 1].group(0)) if i + 1 < len(words) else ""
            if key in self.rules.titles or f"{key} {following}" in self.rules.compound_titles:
                close()
                titled = True
            elif key in self.rules.not_names and _dating(words, i):
                close()
            elif (
                _capitalised(word)
                or (run and key in self.rules.particles)
                or (run and key in self.rules.org_connectors and not self._not_org(run))
            ):
                if not run:
                    located = previous in self.rules.locatives or self._after_place_head(words, i)
                run.append(m)
                if _CODE.search(word) and not self._not_org(run):
                    close()  # a unit's code ends its name: "Cục C04 Nguyễn Văn Viện"
            else:
                close()
            previous = key
        close()
        return found

    def _after_place_head(self, words: list[re.Match[str]], i: int) -> bool:
        """A kind of place, written lower-case, heads the run starting at ``words[i]``:
        right before it ("tỉnh Quảng Bình", "thành phố Đà Nẵng"), or before "of"/"de" and
        at most one adjective ("province of Ha Tinh", "la province frontalière de Diên
        Biên"). Capitalised, the word is part of a name ("Svay Rieng Province")."""
        before = words[max(0, i - 4) : i][::-1]
        if before and _key(before[0]) in self.rules.particles | self.rules.org_connectors:
            before = before[1:]
        for skip in (0, 1):
            head = before[skip : skip + 2]
            for size in (1, 2):
                if len(head) < size or any(not m.group(0).islower() for m in head[:size]):
                    continue
                key = " ".join(_key(m) for m in reversed(head[:size]))
                if key in self.rules.place_heads:
                    return True
        return False

    def people(self, sentence: str, language: str = "en") -> list[str]:
        spans = [(m.start, m.end) for m in self.places.find(sentence)]
        return [e.text for e in self.names(sentence, language, spans) if e.kind is Kind.PERSON]

    def _trim(self, run: list[re.Match[str]], sentence: str) -> list[re.Match[str]]:
        """Drop a stopword capitalised because it opens the sentence ("On", "Le"), and
        particles or connectors after a name. Elsewhere a capitalised "To" is a name ("To Lam")."""
        words = list(run)
        while (
            words
            and _key(words[0]) in self.rules.leading
            and _opens(sentence, words[0], self.rules.titles)
        ):
            words.pop(0)
        trailing = self.rules.particles | self.rules.org_connectors
        while words and _key(words[-1]) in trailing:
            words.pop()
        return words

    def _not_org(self, name: list[re.Match[str]]) -> bool:
        """No word, nor part of a hyphenated word ("Garde-frontière", "Border-Guard"),
        heads an organisation."""
        parts = {part for m in name for part in _key(m).split("-")}
        opening = {" ".join(_key(m) for m in name[:n]) for n in (1, 2)}
        return not (parts & self.rules.org_heads or opening & self.rules.org_openers)

    def _is_name(self, name: list[re.Match[str]], language: str) -> bool:
        if not self._not_org(name):
            return False
        if language == "vi":
            return True
        keys = [_key(m) for m in name]
        return not all(self.common(k) for k in keys if k not in self.rules.particles)


_POSSESSIVE = re.compile(r"['’]s$")
_CODE = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")  # letters and digits in one word: "C04", "A05"


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


def _opens(sentence: str, match: re.Match[str], titles: frozenset[str]) -> bool:
    """The word starts the sentence, or a clause after a full stop, colon or dash; the full
    stop of a title's abbreviation ("Gen. To Lam") ends nothing."""
    before = sentence[: match.start()].rstrip()
    if not before:
        return True
    if before[-1] == ".":
        previous = before[:-1].rsplit(maxsplit=1)
        return not previous or fold(previous[-1]) not in titles
    return before[-1] in ':;!?-–—"“(«'


def _dating(words: list[re.Match[str]], i: int) -> bool:
    """A month's name dates unless a capitalised word follows it: "Jan Hamáček" and "Mai
    Tiến Dũng" are names, "5 Jan", "May 2019" or "in August, the minister" are dates."""
    following = words[i + 1].group(0) if i + 1 < len(words) else ""
    gap = words[i].string[words[i].end() : words[i + 1].start()] if following else ""
    return not (following and gap == " " and _capitalised(following))


def _ends_sentence(word: str, titles: frozenset[str]) -> bool:
    """A word with a full stop that is no abbreviation ("Ridley." but not "Gen." or "M.")."""
    if not word.endswith("."):
        return False
    bare = fold(word.rstrip("."))
    return len(bare) > 1 and bare not in titles


def _key(match: re.Match[str]) -> str:
    return fold(_POSSESSIVE.sub("", match.group(0)).rstrip(".,’'"))


def _terms(kind: Kind, terms: Collection[str], sentence: str, folded: str) -> list[Entity]:
    """Glossary terms of one kind in the sentence, longest first ("protocole d'accord", not
    "accord"), each place taken once."""
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for term in terms:
        at = folded.find(term)
        end = at + len(term)
        if at < 0 or not _word_bounded(folded, at, end):
            continue
        if any(a < end and at < b for a, b in taken):
            continue
        taken.append((at, end))
        found.append(Entity(kind, sentence[at:end], at, end))
    return found


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()
