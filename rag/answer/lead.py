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

from dataclasses import dataclass

from rag.answer.entities import EntityFinder, Kind
from rag.lang.datefmt import format_partial
from rag.lang.dates import find_dates
from rag.lang.messages import t
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.lang.text import fold
from rag.models import PartialDate

LEAD_KINDS = (Kind.DATE, Kind.PERSON, Kind.PLACE, Kind.COUNTRY, Kind.NUMBER, Kind.AMOUNT)
MAX_FACTS = 3


@dataclass(frozen=True)
class Quoted:
    """A sentence about to be quoted, with what the lead needs of its article."""

    sentence: str
    language: str
    published: PartialDate
    partners: frozenset[str] = frozenset()  # the article's partner territories (its facets)


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


class FactLead:
    def __init__(self, entities: EntityFinder, places: Places) -> None:
        self.entities = entities
        self.places = places

    def facts(self, question: str, kinds: set[Kind], quoted: list[Quoted], asker: str) -> list[str]:
        """The asked facts of the quoted sentences, in quoting order, said in ``asker``."""
        asks = fold(question)
        named = self.places.codes(question)  # "Royaume-Uni" asked: "United Kingdom" is no answer
        found: list[str] = []
        for item in quoted:
            said_here = False
            for entity in self.entities.find(item.sentence, item.language):
                if entity.kind not in kinds or entity.kind not in LEAD_KINDS:
                    continue
                if fold(entity.text) in asks:
                    continue
                codes = self.places.codes(entity.text)
                if entity.kind in (Kind.PLACE, Kind.COUNTRY) and named >= (codes or {""}):
                    continue
                said = self._say(entity.kind, entity.text, item, asker)
                said_here = said_here or bool(said)
                if said and said not in found:
                    found.append(said)
            if Kind.COUNTRY in kinds and not said_here:  # "the two governments signed..."
                for code in sorted(item.partners - named):
                    said = self.places.name(code, asker)
                    if said not in found:
                        found.append(said)
        return found[:MAX_FACTS]

    def _say(self, kind: Kind, text: str, item: Quoted, asker: str) -> str:
        if kind is Kind.DATE:
            date = next((d for d, _a, _b in find_dates(text)), None)
            if date is None:
                return ""
            display = packs().for_language(asker).dates.display
            return format_partial(complete_year(date, item.published), asker, "long", display)
        if kind in (Kind.PLACE, Kind.COUNTRY):
            codes = self.places.codes(text)
            return self.places.name(next(iter(codes)), asker) if len(codes) == 1 else text
        return text

    def lead(self, question: str, kinds: set[Kind], quoted: list[Quoted], asker: str) -> str:
        """The opening line(s), or "" when the quotes speak the asker's language and need none.

        A "when" answer always gets its full date when the quote's lacks the year.
        """
        other = [q for q in quoted if q.language != asker]
        dated = Kind.DATE in kinds and any(
            d.year is None for q in quoted for d, _a, _b in find_dates(q.sentence)
        )
        if not other and not dated:
            return ""
        facts = self.facts(question, kinds, quoted, asker)
        lines = [", ".join(facts) + "." if facts else ""]
        languages = list(dict.fromkeys(q.language for q in other))
        if languages:
            names = ", ".join(language_label(code, asker) for code in languages)
            lines.append(t("from_sources", asker, languages=names))
        return " ".join(line for line in lines if line)
