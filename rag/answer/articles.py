"""Which articles may answer a question: the crime it names, the partners it asks about, and
one report for each partner or year when it asks about several.

Sentence scores say how well a sentence matches the words of a question; these checks say
whether its article can answer at all. They read what was tagged on every article when it
was indexed (its glossary concepts and facets: ``rag/retrieve/facets.py``), not the text.
"""

from __future__ import annotations

from rag.answer.kinds import Kind
from rag.answer.selection import Scored
from rag.answer.terms import GENERIC
from rag.lang.dates import find_dates
from rag.lang.glossary import Glossary
from rag.models import RetrievedChunk
from rag.retrieve.constraints import ConstraintReader
from rag.retrieve.facets import ArticleFacets

# A sentence of the best-fitting report answers one fact when it scores at least this share
# of the best sentence (measured on the dev parts: 1.0, only when the best sentence is its
# own, fixed 1 question; 0.8 fixed 4 and lost 1; 0.6 fixed 5 and lost 1).
BEST_FIT_SHARE = 0.6


class ArticleFit:
    """Filters and heads over scored sentences, by what their articles are about."""

    def __init__(self, glossary: Glossary, facets: ArticleFacets, reader: ConstraintReader) -> None:
        self.glossary = glossary
        self.facets = facets
        self.reader = reader

    def on_topic(self, question: str, scored: list[Scored]) -> list[Scored]:
        """Sentences of articles that deal with every kind of crime the question names: a
        report on interns sent to Japan does not answer how many were victims of forced
        labour, whatever numbers it gives. Crime types are the domain's subjects, tagged on
        every chunk by the glossary in all three languages; the bare word "crime" is none."""
        found = self.glossary.concepts_in(question)
        wanted = self.glossary.of_type(found, "crime") - GENERIC
        if not wanted:
            return scored
        return [s for s in scored if wanted <= self.facets.concepts(s.doc)]

    def may_answer(self, question: str, scored: list[Scored]) -> list[Scored]:
        """Sentences of articles that may answer the question: on its topic, about the
        partner it asks (``on_topic``, ``with_partners``)."""
        return self.with_partners(question, self.on_topic(question, scored))

    def with_partners(self, question: str, scored: list[Scored]) -> list[Scored]:
        """Sentences of articles that name a partner the question asks about: what the UK
        and Vietnam signed is no answer to when Canada did, however alike the wording."""
        asked = self.reader.question(question).partners
        if not asked:
            return scored
        return [s for s in scored if asked & self.facets.get(s.doc).mentioned]

    @staticmethod
    def best_fitting(
        items: list[RetrievedChunk], scored: list[Scored], kinds: set[Kind]
    ) -> list[Scored]:
        """For one fact, the sentences of the articles that meet the question's constraints
        best, when one of theirs scores near the best sentence (BEST_FIT_SHARE): a report of
        another year or partner that only looks back on the asked one ("Hamacek's 2019
        visit", recalled by the 2022 report on a new ambassador) names its own people and
        figures, and its words can match the question better than the report asked about
        ("the agreement was reached" in 2024 against "they exchanged the minutes" in June
        2023). Kept as they are when the asked kind of thing would be lost."""
        fit = max(item.fit for item in items)
        if fit <= 0:
            return scored
        kept = [s for s in scored if items[s.item_index].fit >= fit]
        if not kept or kept[0].score < BEST_FIT_SHARE * scored[0].score:
            return scored
        if kinds and any(s.typed for s in scored) and not any(s.typed for s in kept):
            return scored
        return kept

    def of_the_year(self, question: str, scored: list[Scored], kinds: set[Kind]) -> list[Scored]:
        """For one fact of an asked year, the sentences of a report published that year
        first: "who spoke for UNODC at the opening in 2020" is told by the 2020 report, not by
        a later one that recalls the 2020 opening while reporting its own news. Kept as they
        are when that report's best sentence scores under BEST_FIT_SHARE of the best one, or
        when it loses the asked kind of thing. (Lists get one report per year:
        ``covering``.)"""
        years = self.reader.question(question).years
        if len(years) != 1 or not scored:
            return scored
        own = [s for s in scored if self._published(s.doc) in years]
        if not own or own[0] is scored[0] or own[0].score < BEST_FIT_SHARE * scored[0].score:
            return scored
        if kinds and scored[0].typed and not any(s.typed for s in own):
            return scored
        return own + [s for s in scored if s not in own]

    def preferred(self, question: str, scored: list[Scored]) -> str | None:
        """The report the question's strongest constraint points to, whatever its sentences
        score: asked about one year, the best-scored report published that year
        (``of_the_year`` puts it first only when one of its sentences scores near the best);
        asked about one numbered meeting, the best-scored report that names its ordinal
        ("the 15th conference": not the 12th's report, which matches the words better). None
        when the question asks neither or no report meets it."""
        asked = self.reader.question(question)
        if len(asked.years) == 1:
            return next((s.doc for s in scored if self._published(s.doc) in asked.years), None)
        if asked.ordinal is not None and len(asked.ordinals) <= 1:
            ordinal = asked.ordinal
            return next((s.doc for s in scored if ordinal in self.facets.get(s.doc).ordinals), None)
        return None

    def naming(self, question: str, scored: list[Scored], kinds: set[Kind]) -> list[Scored]:
        """The sentences of reports that name every body and meeting the question names,
        first ("Interpol's Secretary General in 2018": not the secretary general of Thailand's
        security council, reported that year), as ``covering`` orders a year's reports. Kept
        as they are when no such report holds the asked kind of thing."""
        named = self.glossary.of_type(self.glossary.concepts_in(question), "org", "event")
        if not named:
            return scored
        own = [s for s in scored if named <= self.facets.concepts(s.doc)]
        if not own or (kinds and not any(s.typed for s in own)):
            return scored
        return own + [s for s in scored if s not in own]

    def covering(self, question: str, scored: list[Scored]) -> list[Scored]:
        """For a question about several partners or years, the best sentence of an article
        about each one: "with Spain and with Italy" is not answered by two Italian reports."""
        asked = self.reader.question(question)
        if not asked.several:
            return []
        heads: list[Scored] = []
        named = self.glossary.of_type(self.glossary.concepts_in(question), "org", "event")
        # A report published in an asked year first; one that only looks back on it after.
        dated = sorted(scored, key=lambda s: self._published(s.doc) not in asked.years)
        for value in sorted(asked.partners) if len(asked.partners) >= 2 else ():
            best = next((s for s in dated if value in self.facets.get(s.doc).partners), None)
            if best is not None and best not in heads:
                heads.append(best)
        for year in sorted(asked.years) if len(asked.years) >= 2 else ():
            # A report published that year first; one that only mentions the year after. Of
            # its sentences, one that dates no event to another year: "on November 4, 2021"
            # in the 2022 report is about 2021 (a bare year, "the 2015 Act", dates nothing).
            own = [s for s in scored if self._published(s.doc) == year]
            # Of that year's reports, those naming the bodies and meetings asked first
            # ("Interpol's Secretary General in 2018": not the 2018 report on Thailand).
            own.sort(key=lambda s: -len(named & self.facets.concepts(s.doc)))
            best = (
                next((s for s in own if _dated_years(s.sentence) <= {year}), None)
                or next(iter(own), None)
                or next((s for s in scored if year in self.facets.get(s.doc).years), None)
            )
            if best is not None and best not in heads:
                heads.append(best)
        return heads

    def _published(self, doc: str) -> int | None:
        chunks = self.facets.chunks(doc)
        return chunks[0].meta.date_year if chunks else None


def _dated_years(sentence: str) -> set[int]:
    """The years of the dates with a month the sentence gives ("du 16 au 19 juillet 2017")."""
    return {d.year for d, _a, _b in find_dates(sentence) if d.year and d.month}
