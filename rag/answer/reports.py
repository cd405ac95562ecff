"""Reading more of the candidate reports than retrieval kept.

Retrieval keeps two passages per article, those that matched the question's words best; the
asked date, name or provision is often in a third. ``WholeReports`` adds the passages of
chosen reports that retrieval left out, scored and checked like the retrieved ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.answer.articles import ArticleFit
from rag.answer.counting import Counted
from rag.answer.kinds import Kind
from rag.answer.scoring import SentenceScorer
from rag.answer.selection import Scored
from rag.models import Chunk, RetrievedChunk
from rag.retrieve.facets import ArticleFacets

Candidates = tuple[list[RetrievedChunk], list[Scored]]


@dataclass(frozen=True)
class Reading:
    """What sentences are scored for: the question's needs, its words and language, the
    kinds of thing it asks and, for "how many", what is counted."""

    needs: dict[str, float]
    question: str
    language: str
    kinds: frozenset[Kind] = frozenset()
    count: Counted | None = None

    def of(self, question: str, needs: dict[str, float]) -> Reading:
        """The same reading for a part of the question (one year of a list)."""
        return Reading(needs, question, self.language, self.kinds, self.count)


class WholeReports:
    """Adds the passages retrieval left out of the reports that matter for a question."""

    def __init__(self, scorer: SentenceScorer, articles: ArticleFit, facets: ArticleFacets):
        self.scorer = scorer
        self.articles = articles
        self.facets = facets

    def added(
        self, items: list[RetrievedChunk], scored: list[Scored], chunks: list[Chunk], r: Reading
    ) -> Candidates:
        """The ``chunks`` retrieval left out, after the retrieved ones, scored alike and
        passing the same checks (the topic, the partner asked). Each meets the question's
        constraints as its article's retrieved passages do."""
        have = {item.chunk.chunk_id for item in items}
        fit = {item.chunk.doc_id: item.fit for item in items}
        more = [
            RetrievedChunk(chunk, 0.0, fit=fit.get(chunk.doc_id, 0.0))
            for chunk in chunks
            if chunk.chunk_id not in have
        ]
        if not more:
            return items, scored
        extended = [*items, *more]
        new = self.scorer.score(
            extended, r.needs, r.question, r.language, set(r.kinds), r.count, len(items)
        )
        added = self.articles.may_answer(r.question, new)
        return extended, sorted([*scored, *added], key=lambda s: -s.score)

    def whole(
        self, items: list[RetrievedChunk], scored: list[Scored], r: Reading, reads: int = 1
    ) -> Candidates:
        """The best article's passages that retrieval left out (``reads``: of the articles of
        that many best sentences), added after the others: what an agreement provides is
        often told a few paragraphs after the passages that matched the question, and "what
        was agreed" is answered from that one article; the asked date or name often sits in
        a passage that matched less than two others of the same article."""
        # The articles of the best sentences, and that of the best passage when it differs
        best = dict.fromkeys(items[s.item_index].chunk.doc_id for s in scored)
        docs = dict.fromkeys([*list(best)[:reads], items[0].chunk.doc_id])
        chunks = [chunk for doc in docs for chunk in self.facets.chunks(doc)]
        return self.added(items, scored, chunks, r)

    def fitted(self, items: list[RetrievedChunk], scored: list[Scored], r: Reading) -> Candidates:
        """For one fact: the best article read whole (a typed question), then the sentences
        of the report that meets the question's constraints best, and of the asked year's
        report, first. The report the question's year or ordinal points to
        (``ArticleFit.preferred``) is read whole too when another matched the words better:
        the asked fact of the 2024 report is no likelier in its retrieved passages than that
        of the 2023 report, and without it there the 2023 report's answer would win."""
        kinds = set(r.kinds)
        if kinds:
            items, scored = self.whole(items, scored, r)
            preferred = self.articles.preferred(r.question, scored)
            if preferred and scored and preferred != scored[0].doc:
                items, scored = self.added(items, scored, self.facets.chunks(preferred), r)
        fitted = self.articles.best_fitting(items, scored, kinds)
        return items, self.articles.of_the_year(r.question, fitted, kinds)
