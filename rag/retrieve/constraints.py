"""What a question pins down, and how well an article meets it.

"Who signed the 2016 Australia MoU?" names a partner and a year; "whom did the minister
receive on 4 March?" a day and month; "the third dialogue" an ordinal. A same-topic article
about another partner, year or meeting is the most common wrong answer on a real corpus,
and embeddings barely see these words. So the question's constraints are read here, each
article's facets are read once at index time, and retrieval rewards articles that meet the
constraints and demotes those that contradict them.

A year matches the article's publication date as well as its text ("in November 2021" is
met by an article dated 2021 whose text says only "on November 21"). Vietnam is a side of
every agreement in this domain, so it never counts as a partner constraint.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rag.lang.dates import find_dates, find_relative, resolve
from rag.lang.fold import fold_aligned
from rag.lang.pack import Packs, packs
from rag.lang.places import Places
from rag.lang.text import fold, name_titles
from rag.models import Article, PartialDate
from rag.retrieve.coordination import cut

HOME = "VN"  # the domain: Vietnam is one side of every cooperation in the corpus
LEAD_CHARS = 400  # a partner named this early is what the article is about
_DAY_CHARS = 40  # room for a relative day ("chiều thứ Tư") that starts in the lead
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
QUESTIONS_CACHE = 1024  # questions whose constraints are kept
FACETS_VERSION = 10  # bump when facets are read differently: indexed articles are then re-read
_READ = f"facets{FACETS_VERSION}"  # first stored token: these facets were read at index time


@dataclass(frozen=True)
class Constraints:
    partners: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    days: frozenset[tuple[int, int]] = frozenset()  # (month, day) without a year
    ordinal: int | None = None
    months: frozenset[int] = frozenset()  # a month asked without its day ("in November 2025")
    # Years asked with their month or day ("in March 2024"): when an event happened, not
    # the year in a document's name ("the 2023 plan") or a span's start ("since 2011").
    dated: frozenset[int] = frozenset()
    # Every ordinal named: two ("the 10th and the 11th conference") ask two meetings.
    ordinals: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.partners or self.years or self.days or self.ordinal or self.months)

    @property
    def several(self) -> bool:
        """Two partners, years, days or meetings asked at once ("with Spain and with Italy",
        "in 2020 and in 2021", "the first and the fifth dialogue"): the answer is told
        across reports, one for each."""
        return max(len(self.partners), len(self.years), len(self.days), len(self.ordinals)) >= 2

    def met_together(self, facets: Facets) -> bool:
        """One article names the asked partners, years and meeting together: "the 16th
        meeting in 2022" is not told by a report of the 16th meeting and another of 2022.
        (``agreement`` grades how well an article fits; this asks whether one fits whole.)"""
        return (
            self.partners <= facets.mentioned
            and self.years <= facets.years
            and (self.ordinal is None or self.ordinal in facets.ordinals)
        )


@dataclass(frozen=True)
class Facets:
    """What an article is about, read once when it is indexed."""

    partners: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    days: frozenset[tuple[int, int]] = frozenset()
    ordinals: frozenset[int] = frozenset()
    mentioned: frozenset[str] = frozenset()  # every territory named, however briefly
    months: frozenset[int] = frozenset()  # of every date named, and of publication

    def tokens(self) -> tuple[str, ...]:
        """Flat tokens for the chunk metadata ("p:GB", "y:2016", "d:3-4", "o:2", "m:FR",
        "n:11" for November).

        Reading an article's facets costs about a millisecond (every place name in every
        language is looked for); read once at index time, a question over 10,000 articles
        no longer pays it for each new candidate.
        """
        return (
            _READ,
            *(f"p:{c}" for c in sorted(self.partners)),
            *(f"y:{y}" for y in sorted(self.years)),
            *(f"d:{m}-{d}" for m, d in sorted(self.days)),
            *(f"o:{n}" for n in sorted(self.ordinals)),
            *(f"m:{c}" for c in sorted(self.mentioned)),
            *(f"n:{m}" for m in sorted(self.months)),
        )

    @classmethod
    def from_tokens(cls, tokens: Iterable[str]) -> Facets | None:
        """The facets stored by ``tokens``; None when there are none of this version."""
        items = list(tokens)
        if not items or items[0] != _READ:
            return None
        by: dict[str, list[str]] = {}
        for token in items[1:]:
            kind, _sep, value = token.partition(":")
            by.setdefault(kind, []).append(value)
        days = (value.split("-") for value in by.get("d", []))
        return cls(
            partners=frozenset(by.get("p", [])),
            years=frozenset(int(y) for y in by.get("y", [])),
            days=frozenset((int(m), int(d)) for m, d in days),
            ordinals=frozenset(int(n) for n in by.get("o", [])),
            mentioned=frozenset(by.get("m", [])),
            months=frozenset(int(m) for m in by.get("n", [])),
        )


@dataclass
class ConstraintReader:
    """Reads constraints from questions and facets from articles with the same vocabulary."""

    places: Places
    ordinals: Mapping[str, int] = field(default_factory=dict)  # folded phrase -> n, all languages
    posts: tuple[str, ...] = ()  # "premier ministre": an ordinal word that is no ordinal
    # Ordinals in figures ("14th", "lần thứ XIV"), the figure as the group ``n``, folded text
    forms: tuple[str, ...] = ()
    # Capitals name their country as a partner: "in Bangkok in 2023 and in Beijing in 2024"
    # asks about Thailand and China. Only constraints read them; answers name a city as such.
    capitals: Places = field(default_factory=lambda: Places({}))

    @classmethod
    def from_packs(
        cls, places: Places, packs: Packs, capitals: Places | None = None
    ) -> ConstraintReader:
        """``capitals``: the glossary's places that name a territory (``Glossary.territories``)."""
        ordinals: dict[str, int] = {}
        for pack in packs.languages.values():
            ordinals.update(pack.entities.ordinals)
        posts = packs.union(lambda pack: pack.entities.ordinal_posts)
        forms = packs.union(lambda pack: pack.entities.ordinal_forms)
        return cls(places, ordinals, posts, forms, capitals or Places({}))

    def _codes(self, text: str) -> set[str]:
        """Territories a text names, by their names or their capitals'."""
        return self.places.codes(text) | self.capitals.codes(text)

    def __post_init__(self) -> None:
        words = sorted(self.ordinals, key=len, reverse=True)
        body = "|".join(re.escape(w) for w in words) or r"(?!)"
        self._ordinal = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        posts = "|".join(re.escape(p) for p in self.posts) or r"(?!)"
        self._posts = re.compile(rf"(?<!\w)(?:{posts})(?!\w)")
        self._forms = [re.compile(form) for form in self.forms]
        # A question is read by retrieval, the support check and the answerer: once.
        self._asked = lru_cache(maxsize=QUESTIONS_CACHE)(self._read_question)

    @cached_property
    def fingerprint(self) -> str:
        """Changes when stored facets would be read differently (names, ordinals, the packs'
        date forms, version): a refresh then re-reads every article."""
        dates = [pack.dates.model_dump() for pack in packs().languages.values()]
        places = [
            self.places.names,
            self.capitals.names,
            self.places.suffixes,
            sorted(self.places.ordinary),
            sorted(name_titles()),
        ]
        data = [FACETS_VERSION, *places, dict(self.ordinals), self.posts, self.forms, dates]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]

    def tags(self, article: Article) -> tuple[str, ...]:
        """The article's facets as chunk metadata tokens (the Chunker's ``ArticleTagger``)."""
        return self.article(article.title, article.text, article.date).tokens()

    def _ordinals(self, text: str) -> list[int]:
        """The ordinals named, in the order they come: words from the packs' list, figures
        from their forms."""
        return [n for _span, n in self._ordinal_spans(fold(text))]

    def _ordinal_spans(self, folded: str) -> list[tuple[tuple[int, int], int]]:
        """Each ordinal of a folded text with its span, in text order."""
        text = self._posts.sub(lambda m: " " * len(m.group(0)), folded)
        found = [(m.span(), self.ordinals[m.group(0)]) for m in self._ordinal.finditer(text)]
        for form in self._forms:
            for m in form.finditer(text):
                n = figure(m.group("n"))
                if n:
                    found.append((m.span(), n))
        return sorted(found)

    def ordinals_in(self, text: str) -> frozenset[int]:
        """The ordinals a text names, in any language ("sixth", "sixième", "lần thứ 6")."""
        return frozenset(self._ordinals(text))

    def question(self, text: str) -> Constraints:
        return self._asked(text)

    def one_each(self, text: str) -> list[str]:
        """A question about two years or partners joined by "and" ("the officials met in
        2020 and in 2023", "de Singapour et de Malaisie"), asked once for each
        (``coordination.cut``): each event is reported apart, and each report is found and
        read best when the question asks for it alone. [] otherwise."""
        asked = self.question(text)
        firsts: dict[object, tuple[int, int]] = {}  # each value's first mention
        if len(asked.years) == 2:
            for m in _YEAR.finditer(text):
                firsts.setdefault(int(m.group(0)), m.span())
        elif len(asked.partners) == 2:
            for place in self.places.find(text):
                if place.code in asked.partners:
                    firsts.setdefault(place.code, (place.start, place.end))
        elif len(asked.ordinals) == 2:
            aligned = fold_aligned(text)
            for span, n in self._ordinal_spans(aligned) if aligned else ():
                firsts.setdefault(n, span)
        if len(firsts) != 2:
            return []
        first, second = sorted(firsts.values())
        parts = cut(text, first, second)
        return list(parts) if parts else []

    def _read_question(self, text: str) -> Constraints:
        dates = [d for d, _a, _b in find_dates(text)]
        years = {d.year for d in dates if d.year} | years_named(text)
        days = {(d.month, d.day) for d in dates if d.month and d.day}
        ordinals = self._ordinals(text)
        return Constraints(
            partners=frozenset(self._codes(text) - {HOME}),
            years=frozenset(years),
            days=frozenset(days),
            ordinal=ordinals[0] if len(set(ordinals)) == 1 else None,
            months=frozenset(d.month for d in dates if d.month and not d.day),
            dated=frozenset(d.year for d in dates if d.year and d.month),
            ordinals=frozenset(ordinals),
        )

    def article(self, title: str, text: str, date: PartialDate) -> Facets:
        """Partners named in the title or lead, or at least twice; every year and day named."""
        found = self.places.find(text) + self.capitals.find(text)
        mentions = Counter(m.code for m in found)
        central = self._codes(title) | {m.code for m in found if m.start < LEAD_CHARS}
        partners = {c for c, n in mentions.items() if n >= 2 or c in central} | central
        dates = [d for d, _a, _b in find_dates(f"{title}\n{text}")]
        years = {d.year for d in dates if d.year} | years_named(text)
        if date.year:
            years.add(date.year)
        days = {(d.month, d.day) for d in dates if d.month and d.day}
        if date.month and date.day:
            days.add((date.month, date.day))
        # The lead's "on Wednesday" dates the reported event: the day it names is met too.
        for relative, start, _end in find_relative(text[: LEAD_CHARS + _DAY_CHARS]):
            day = resolve(relative, date) if start < LEAD_CHARS else None
            if day and day.month and day.day:
                days.add((day.month, day.day))
        months = {d.month for d in dates if d.month} | ({date.month} if date.month else set())
        return Facets(
            partners=frozenset(partners - {HOME}),
            years=frozenset(years),
            days=frozenset(days),
            ordinals=frozenset(self._ordinals(f"{title}\n{text}")),
            mentioned=frozenset(mentions) | central,
            months=frozenset(months),
        )


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
MAX_ORDINAL = 200  # no meeting series in the domain runs longer; a larger figure is no ordinal


def figure(written: str) -> int | None:
    """An ordinal's figure, Arabic ("14") or Roman ("xiv", as folded): None when it is no
    well-formed number ("iiii", "vx") or none an ordinal names."""
    if written.isdigit():
        n = int(written)
    else:
        values = [_ROMAN[c] for c in written]
        n = sum(
            -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
        )
        if roman(n) != written:
            return None
    return n if 0 < n <= MAX_ORDINAL else None


def roman(n: int) -> str:
    """``n`` in Roman numerals, lower case (for checking that a numeral is well formed)."""
    out = []
    for value, letters in (
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def years_named(text: str) -> set[int]:
    """The years a text writes in figures ("2016", "in 2021-2025")."""
    return {int(year) for year in _YEAR.findall(text)}


MENTIONED_EVENT = 0.5  # an asked month's year met only by a report published in another year


def agreement(constraints: Constraints, facets: Facets, published: int | None = None) -> float:
    """+1 per constraint the article meets, -1 per one it contradicts, 0 when it is silent.

    An article contradicts a partner constraint when it is about other partners; it is
    silent when it names no partner at all. A year, day or ordinal the article never
    mentions counts against it: those are what tell same-topic articles apart. An article
    that dates nothing to any year (a year-less dateline, no publication year) is silent
    on the year: it may well be of the asked one. An event dated to a month of a year ("the
    talks in March 2024") is reported by a report published that year; one published in
    another year (``published``) that names the year recalls the event: it meets the year
    by half.
    """
    score = 0.0
    if constraints.partners:
        if constraints.partners & facets.partners:
            score += len(constraints.partners & facets.partners) / len(constraints.partners)
        elif facets.partners:
            score -= 1.0
    for wanted, present in (
        (constraints.years, facets.years),
        (constraints.days, facets.days),
    ):
        if wanted and present:
            score += 1.0 if wanted & present else -1.0
    recalled = published is not None and published not in constraints.years
    if recalled and constraints.dated and constraints.dated & facets.years:
        score -= 1.0 - MENTIONED_EVENT
    if constraints.ordinal is not None:
        score += 1.0 if constraints.ordinal in facets.ordinals else -0.5
    if constraints.months and not constraints.days:
        # A month is weaker evidence than a day: a report can look back a month or two.
        score += 0.5 if constraints.months & facets.months else -0.5
    return score
