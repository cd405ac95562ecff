"""The asked facts, said first in the asker's language, before quotes in another language.

A Vietnamese question answered by an English sentence is hard to read for the person who
asked in Vietnamese. The extractive answerer writes nothing of its own, but it can say the
facts it is about to quote in the asker's language without inventing any: names as
written, dates formatted for the language (Babel), countries by their CLDR name, counts as
numbers. Then it names the language of the quotes that follow.

A date quoted without its year ("on 21 November") takes the year of the article's
publication when the article has one: a news report's year-less date falls in the twelve
months before it was published (so a month after the publication month is the year
before). The lead says that date in full, since "when" questions ask for the year too.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from rag.answer.asked import asks_local_place
from rag.answer.entities import EntityFinder, filed_date
from rag.answer.kinds import Entity, Kind
from rag.answer.sides import Sides, title_before
from rag.ingest.dating import split_dateline
from rag.lang.datefmt import format_partial
from rag.lang.dates import find_dates, find_relative, resolve
from rag.lang.glossary import Glossary
from rag.lang.messages import t
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.lang.text import fold, named_in
from rag.models import PartialDate
from rag.retrieve.constraints import HOME

LEAD_KINDS = (
    Kind.DATE,
    Kind.PERSON,
    Kind.PLACE,
    Kind.COUNTRY,
    Kind.NUMBER,
    Kind.AMOUNT,
    Kind.DOCUMENT,
    Kind.CRIME,
    Kind.ORG,
)
MAX_FACTS = 3
TITLE_WORDS = 4  # words before a name that can be its title ("Thủ tướng Hàn Quốc")
POST_CHARS = 80  # the post after a name (", Director General of the National Police")


@dataclass(frozen=True)
class Quoted:
    """A sentence about to be quoted, with what the lead needs of its article."""

    sentence: str
    language: str
    published: PartialDate
    partners: frozenset[str] = frozenset()  # the article's partner territories (its facets)
    lede: bool = False  # the article's first sentence: the news its report is dated by
    doc: str = ""  # the article's id: which quotes are of one report


def filed_on(item: Quoted) -> PartialDate:
    """The day the quoted story was filed: its dateline's ("Hanoi, Feb. 19 (VNA) -"), else
    its publication's. "On Friday" in that sentence is counted back from it."""
    head = split_dateline(item.sentence)[0]
    dateline = next((d for d, _a, b in find_dates(item.sentence) if b <= len(head)), None)
    return complete_year(dateline, item.published) if dateline and dateline.day else item.published


def complete_year(date: PartialDate, published: PartialDate) -> PartialDate:
    """A year-less day and month, dated by the article's publication year (see above)."""
    if date.year or not published.year or not date.month:
        return date
    year = published.year
    if published.month and date.month > published.month:
        year -= 1
    return PartialDate(year, date.month, date.day)


def language_label(code: str, asker: str) -> str:
    """The quotes' language named in the asker's language, from CLDR ("anglais", "tiếng Anh")."""
    from babel import Locale  # only answers that need a lead pay for it

    name = Locale.parse(asker).languages.get(code, code)
    return name[:1].lower() + name[1:] if asker != "en" else name


# Does the quote's number count what was asked? (strict: the asked noun itself, not a count
# of plain people in another language)
Counts = Callable[[Quoted, Entity, bool], bool]


class FactLead:
    def __init__(
        self,
        entities: EntityFinder,
        places: Places,
        glossary: Glossary | None = None,
        sides: Sides | None = None,
    ) -> None:
        self.entities = entities
        self.places = places
        self.glossary = glossary
        self.sides = sides

    def _asked_people(self, question: str, sentence: str, people: list[Entity]) -> list[Entity]:
        """Of several people in one sentence, those described by what the question asks:
        "which Korean police chief" is the name whose title (the few words before it) or post
        (up to the next name) holds the police, not the prime minister beside him. Countries
        describe everyone in the sentence and decide nothing; with no glossary, or when no
        stretch holds more than another, all are kept."""
        if self.glossary is None or len(people) < 2:
            return people
        asked = self.glossary.concepts_in(question)
        asked -= self.glossary.of_type(asked, "country")
        people = sorted(people, key=lambda p: p.start)
        scores = []
        for i, person in enumerate(people):
            floor = people[i - 1].end if i else 0
            ceiling = people[i + 1].start if i + 1 < len(people) else len(sentence)
            title = " ".join(sentence[floor : person.start].split()[-TITLE_WORDS:])
            post = sentence[person.end : min(ceiling, person.end + POST_CHARS)]
            scores.append(len(asked & self.glossary.concepts_in(f"{title} {post}")))
        best = max(scores)
        if best == 0 or scores.count(best) == len(scores):
            return people
        return [p for p, score in zip(people, scores, strict=True) if score == best]

    def facts(
        self,
        question: str,
        kinds: set[Kind],
        quoted: list[Quoted],
        asker: str,
        counts: Counts | None = None,
    ) -> list[str]:
        """The asked facts of the quoted sentences, in quoting order, said in ``asker``; of
        numbers, those that count what was asked (``counts``, when given): "how many
        citizens" is not answered by the "nine flights" that brought them home. When some
        quote counts the asked noun itself ("100 migrant workers"), a count of plain people in
        another language ("four people") is not said: the exact count is the answer."""
        asks = fold(question)
        entities = {id(item): self.entities.find(item.sentence, item.language) for item in quoted}
        strict = False
        if counts is not None:
            strict = any(
                counts(item, e, True)
                for item in quoted
                for e in entities[id(item)]
                if e.kind is Kind.NUMBER and not named_in(e.text, asks)
            )
        named = self.places.codes(question)  # "Royaume-Uni" asked: "United Kingdom" is no answer
        side = self.sides.asked(question) if self.sides else None  # "the Chinese delegation"
        local = asks_local_place(question)  # "which province?": no country answers it
        found: list[str] = []
        # A dateline's date is when the story was filed: said after the dates of events.
        filed: list[str] = []
        years: list[str] = []
        documented = False
        for item in quoted:
            said_here = False
            found_here = entities[id(item)]
            people = [
                e
                for e in found_here
                if e.kind is Kind.PERSON
                and not named_in(e.text, asks)
                and not (self.sides and self.sides.against(side, item.sentence, e.start, e.end))
            ]
            kept = set(self._asked_people(question, item.sentence, people))
            for entity in found_here:
                if entity.kind is Kind.PERSON and entity not in kept:
                    continue
                if entity.kind is Kind.PERSON and foreign_post(
                    item.sentence, entity.start, named, self.places.codes
                ):
                    continue

                if entity.kind not in kinds or entity.kind not in LEAD_KINDS:
                    continue
                if named_in(entity.text, asks):
                    continue
                if entity.kind is Kind.NUMBER and counts and not counts(item, entity, strict):
                    continue
                codes = self.places.codes(entity.text)
                if entity.kind in (Kind.PLACE, Kind.COUNTRY) and (
                    known_place(codes, named) or (local and codes)
                ):
                    continue
                named_kind = entity.kind in (Kind.DOCUMENT, Kind.CRIME)
                if named_kind and not self.new_term(entity.text, question):
                    continue
                if entity.kind is Kind.DOCUMENT and documented:
                    continue  # the best quote's document answers; later quotes add context
                said = self._say(entity.kind, entity.text, item, asker)
                if filed_date(entity, item.sentence):
                    filed.append(said)
                    continue
                if entity.text.isdigit():
                    years.append(said)  # a year alone says less than a day: said last
                    continue
                said_here = said_here or bool(said)
                # "Tô Lâm" in one report and "To Lam" in another are one person.
                if said and fold(said) not in {fold(f) for f in found}:
                    found.append(said)
            documented = documented or any(e.kind is Kind.DOCUMENT for e in found_here)
            if Kind.COUNTRY in kinds and not said_here:  # "the two governments signed..."
                for code in sorted(item.partners - named):
                    said = self.places.name(code, asker)
                    if said not in found:
                        found.append(said)
        found += [said for said in dict.fromkeys(filed) if said and said not in found]
        found += [
            said for said in dict.fromkeys(years) if said and not any(said in f for f in found)
        ]
        return found[:MAX_FACTS]

    def _say(self, kind: Kind, text: str, item: Quoted, asker: str) -> str:
        if kind is Kind.DATE:
            date = next((d for d, _a, _b in find_dates(text)), None)
            if date is None and text.isdigit():
                date = PartialDate(int(text))  # a year alone ("established in 2010")
            if date is None:
                relative = next((r for r, _a, _b in find_relative(text)), None)
                date = resolve(relative, filed_on(item)) if relative else None
                if date is None:
                    return ""
            display = packs().for_language(asker).dates.display
            return format_partial(complete_year(date, item.published), asker, "long", display)
        if kind in (Kind.DOCUMENT, Kind.CRIME):
            return self._document(text, asker)
        if kind in (Kind.PLACE, Kind.COUNTRY):
            codes = self.places.codes(text)
            return self.places.name(next(iter(codes)), asker) if len(codes) == 1 else text
        return text

    def _reported(self, item: Quoted, asker: str) -> str:
        """A "when" whose quotes date nothing ("after a day of trial, the court sentenced..."):
        the report's own date is the best the articles tell, said as the report's, not as
        the event's; "" when its day is unknown."""
        if not item.published.day:
            return ""
        display = packs().for_language(asker).dates.display
        date = format_partial(item.published, asker, "long", display)
        return t("reported_on", asker, date=date)

    def new_term(self, text: str, question: str) -> bool:
        """The glossary term names a concept the question does not, in any language: "Which
        agreement did they sign?" is not answered by "agreement", nor "besides illegal
        migration, which crimes?" by "immigration illégale"."""
        if self.glossary is None:
            return True
        return not self.glossary.concepts_in(text) <= self.glossary.concepts_in(question)

    def _document(self, text: str, asker: str) -> str:
        """A document type by the glossary's name in the asker's language ("protocole
        d'accord" -> "memorandum of understanding"), else as written."""
        for concept in sorted(self.glossary.concepts_in(text)) if self.glossary else ():
            names = self.glossary.concepts[concept].terms.get(asker) if self.glossary else None
            if names:
                return names[0]
        return text

    def opening(
        self,
        question: str,
        kinds: set[Kind],
        quoted: list[Quoted],
        asker: str,
        listing: bool = False,
        counts: Counts | None = None,
    ) -> tuple[str, list[str]]:
        """The opening line(s), or "" when the quotes speak the asker's language and need none,
        with the facts it states.

        A "when" answer always gets its full date when the quote's lacks the year, and a
        list its items: quotes from several reports rarely name them all ("the two
        countries"), and the list is what was asked.
        """
        other = [q for q in quoted if q.language != asker]
        # Each quote's dates, and whether it names a day relative to its filing.
        days = (
            [
                ([d for d, _a, _b in find_dates(q.sentence)], any(find_relative(q.sentence)))
                for q in quoted
            ]
            if Kind.DATE in kinds
            else []
        )
        # A quoted "on Wednesday" or date without its year is said in full.
        dated = any(relative or any(d.year is None for d in found) for found, relative in days)
        dates_something = [bool(found) or relative for found, relative in days]
        undated = bool(days) and not any(dates_something)
        # The best quote and its report's opening sentence, quoted too, date nothing, though
        # other quotes do: a lede tells the news of its report's day, which comes first,
        # said as the report's; the others' dates are of other events.
        ledes = [i for i, q in enumerate(quoted) if q.lede and q.doc == quoted[0].doc]
        first = (
            bool(ledes)
            and any(dates_something)
            and not any(dates_something[i] for i in [0, *ledes])
        )
        if not other and not dated and not undated and not first and not (listing and kinds):
            return "", []
        facts = self.facts(question, kinds, quoted, asker, counts)
        lines = [", ".join(facts) + "." if facts else ""]
        if undated:  # the quotes give a year at most: the report's own day tells more
            lines.append(self._reported(quoted[0], asker))
        elif first:
            lines.insert(0, self._reported(quoted[0], asker))
        languages = list(dict.fromkeys(q.language for q in other))
        if languages:
            names = ", ".join(language_label(code, asker) for code in languages)
            lines.append(t("from_sources", asker, languages=names))
        return " ".join(line for line in lines if line), facts


def known_place(codes: AbstractSet[str], named: AbstractSet[str]) -> bool:
    """A place that tells nothing new: one the question names in any language ("Royaume-Uni"
    asked, "the UK" is no answer), or Vietnam, a side of every agreement in this domain."""
    return (named | {HOME}) >= (codes or {""})


def foreign_post(
    sentence: str, start: int, named: AbstractSet[str], codes: Callable[[str], AbstractSet[str]]
) -> bool:
    """The post right before the name at ``start`` names a country the question does not,
    other than Vietnam: "Bộ trưởng Nội vụ Pháp Bruno Retailleau" (France) is not the one
    asked about in "which UK minister...?". ``named``: the question's countries (none:
    nothing to tell); ``codes``: the countries a text names."""
    if not named:
        return False
    found = codes(title_before(sentence, start))
    return bool(found) and not found & (named | {HOME})
