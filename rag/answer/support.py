"""Is the question about something the candidate articles have? Abstaining beats inventing.

A question that names a partner, a year, an ordinal or a person that none of the candidate
articles mentions cannot be answered from them, however well its other words match: "When
did Vietnam and Brazil sign...", "the fourth dialogue". Asked about one partner, year and
meeting, one article must name them together: "the sixth Japan dialogue" is not told by the
report of the first Japan dialogue beside one of the sixth with Australia. The check reads
whole articles (their facets and text), not just the passages shown, so a detail that sits
in another paragraph of the right article does not cause a refusal. "Who is the Prime Minister of Japan?" asks for the
holder of a post: when no candidate article names that post, none can name its holder (a post
only framing another question, "when did the Prime Minister sign", is not checked). A question
asking for a particular that reports often leave out (a glossary "detail": a prison sentence,
compensation; or a "milestone": entry into force) is refused when no candidate article
mentions one: the report of an indictment or of a signing does not hold the sentence or the
date the treaty took effect.
"""

from __future__ import annotations

from rag.answer.entities import EntityFinder
from rag.answer.kinds import Kind
from rag.lang.glossary import Glossary
from rag.lang.text import holds_name
from rag.models import RetrievedChunk
from rag.retrieve.constraints import ConstraintReader
from rag.retrieve.facets import ArticleFacets

# Glossary types a question may name that some candidate article must mention too.
REQUIRED_TYPES = ("country", "person", "place", "detail", "milestone")


class SupportCheck:
    def __init__(
        self,
        reader: ConstraintReader,
        facets: ArticleFacets,
        finder: EntityFinder,
        glossary: Glossary,
    ) -> None:
        self.reader = reader
        self.facets = facets
        self.finder = finder
        self.glossary = glossary

    def missing(
        self, question: str, language: str, items: list[RetrievedChunk], kinds: set[Kind]
    ) -> list[str]:
        """What the question names that no candidate article has (empty: no objection).
        ``kinds``: what the question asks for (``asked_kinds``), read once by the caller."""
        docs = list(dict.fromkeys(item.chunk.doc_id for item in items))
        facets = [self.facets.get(doc) for doc in docs]
        folded = "\n".join(self.facets.folded(doc) for doc in docs)
        asked = self.reader.question(question)
        mentioned = set().union(*(f.mentioned for f in facets)) if facets else set()
        years = set().union(*(f.years for f in facets)) if facets else set()
        missing = [code for code in sorted(asked.partners) if code not in mentioned]
        missing += [str(year) for year in sorted(asked.years) if year not in years]
        if asked.ordinal is not None and not any(asked.ordinal in f.ordinals for f in facets):
            missing.append(f"#{asked.ordinal}")
        if not missing and not asked.several and not any(asked.met_together(f) for f in facets):
            missing.append("together")
        for person in self.finder.people(question, language):
            if not holds_name(folded, person):
                missing.append(person)
        types = REQUIRED_TYPES + (("role",) if Kind.PERSON in kinds else ())
        concepts = self.glossary.of_type(self.glossary.concepts_in(question), *types)
        present = set().union(*(self.facets.concepts(doc) for doc in docs)) if docs else set()
        missing += sorted(concepts - present)
        return missing
