"""Answerers turn retrieved passages into a short cited answer, or abstain.

``ExtractiveAnswerer`` is the offline default: it quotes the 1-3 sentences of
the passages that best cover the question, each followed by its citation [n].
Nothing is paraphrased, so nothing can be invented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rag.answer.articles import ArticleFit
from rag.answer.asked import alternatives, asked_kinds, question_cues
from rag.answer.base import AnswerRequest, abstain, answered
from rag.answer.citations import split_cited
from rag.answer.counting import Counted, counted
from rag.answer.guards import out_of_scope
from rag.answer.kinds import Kind
from rag.answer.lead import FactLead, Quoted
from rag.answer.reports import Reading, WholeReports
from rag.answer.scoring import SentenceScorer
from rag.answer.selection import (
    Scored,
    chronology,
    count_missing,
    one_article,
    pick,
    reading_order,
    reported,
    same,
    with_lists,
)
from rag.answer.support import SupportCheck
from rag.answer.terms import GENERIC, GENERIC_DOCUMENTS, GENERIC_EVENTS
from rag.lang.datefmt import format_partial
from rag.lang.glossary import Glossary
from rag.lang.pack import packs
from rag.lang.text import fold, holds_name
from rag.models import Answer, Chunk, RetrievedChunk

TYPED_FLOOR = 0.6  # share of the coverage floor a typed best sentence needs
FIGURE_READS = 3  # reports of the best sentences read whole for a figure none gives
# Concept types that say what kind of thing a report is about (not who or where).
REPORTED_TYPES = ("event", "document", "action", "crime")
CONTEXT_SHARE = 0.5  # weight of a follow-up's earlier-turn words in choosing its quotes


class ExtractiveAnswerer:
    """Quotes the best-supported sentences; abstains when coverage is too thin."""

    name = "extractive"

    def __init__(
        self,
        glossary: Glossary,
        scorer: SentenceScorer,
        *,
        support: SupportCheck,
        lead: FactLead,
        min_coverage: float = 0.45,
    ) -> None:
        self.glossary = glossary
        self.scorer = scorer
        self.min_coverage = min_coverage
        self.support = support
        self.lead = lead
        self.articles = ArticleFit(glossary, support.facets, support.reader)
        self.reports = WholeReports(scorer, self.articles, support.facets)

    def answer(self, request: AnswerRequest) -> Answer:
        if out_of_scope(request.question):
            return abstain(request, self.name, "out_of_scope")
        items = request.retrieval.chunks
        kinds = self.asked_kinds(request.question)
        if not items or self._unsupported(request, kinds):
            return abstain(request, self.name)
        needs = self.needs_for(request)
        count = (
            counted(request.question, request.language, self.glossary)
            if Kind.NUMBER in kinds
            else None
        )
        scored = self.articles.may_answer(
            request.question,
            self.scorer.score(items, needs, request.question, request.language, kinds, count),
        )
        if not scored or scored[0].coverage < self._floor(scored[0]):
            return abstain(request, self.name)
        reading = Reading(needs, request.question, request.language, frozenset(kinds), count)
        milestone = self.scorer.needs_of(needs, ("milestone",)) if Kind.DATE in kinds else None
        if count_missing(kinds, scored, milestone):
            # The figure often sits in a paragraph retrieval left out of the best reports.
            items, scored = self.reports.whole(items, scored, reading, FIGURE_READS)
            if count_missing(kinds, scored, milestone):
                return abstain(request, self.name)
        asks = fold(request.question)
        cues = question_cues(packs())
        newest = bool(cues.latest.search(asks))
        asked = self.support.reader.question(request.question)
        listing = asked.several or bool(cues.listing.search(asks))
        ordered = newest or bool(cues.earliest.search(asks))
        events = alternatives(request.question)
        if events:  # "which came first: A or B?": the report of each, oldest first
            dated = self._events(items, events, request.language, kinds)
            if len(dated) >= 2:
                return self._compose(request, items, dated, kinds, True)
        if ordered:
            reports_of = self._reported_kinds(request.question)
            about = self._reporting(reports_of)
            if reports_of:
                openings = self._openings(items, about)
                items, scored = self.reports.added(items, scored, openings, reading)
            # "The latest meeting chaired by To Lam": reports not naming him are not in it.
            named = self._naming(request.question, request.language, scored)
            one = one_article(items, named, newest, about)
            if not one and named != scored and len({s.doc for s in named}) == 1:
                one = named  # only one report names them: it is the latest there is
            if one:
                return self._compose(request, items, pick(one, False), kinds, True)
        # "The latest" that no two dated articles settle is shown as a dated list: the
        # reader sees which is newest instead of a guess.
        if ordered or cues.chronology.search(asks):
            dated = chronology(items, scored, year_less=ordered)
            if len(dated) >= 2:
                return self._compose(request, items, dated, kinds, True)
        if not kinds and cues.content.search(asks):
            content = Reading(needs, request.question, request.language)
            items, scored = self.reports.whole(items, scored, content)
            picked = reported(items, scored, cues.commitments)
        else:
            if not listing:
                items, scored = self.reports.fitted(items, scored, reading)
            elif kinds:
                items, scored = self.reports.whole(items, scored, reading)
            each = self._one_each(request, items, reading) if listing else None
            if each:
                items, picked = each
            else:
                picked = pick(scored, listing, self.articles.covering(request.question, scored))
            if kinds & {Kind.NUMBER, Kind.AMOUNT} and not any(p.typed for p in picked):
                return abstain(request, self.name)  # a count answered without a number
        picked = with_lists(items, picked)
        return self._compose(
            request, items, reading_order(items, picked), kinds, listing=listing, count=count
        )

    def _one_each(
        self,
        request: AnswerRequest,
        items: list[RetrievedChunk],
        reading: Reading,
    ) -> tuple[list[RetrievedChunk], list[Scored]] | None:
        """A list over two years or partners told as two questions (``one_each``, each
        retrieved by ``AnswerRequest.retrieve``): each part's best sentence, chosen as for a
        question about that year or partner alone (its own retrieval, the whole best article
        read, the best-fitting report), its passage added after the others. None unless at
        least two parts are answered."""
        if request.retrieve is None:
            return None
        merged = list(items)
        at = {item.chunk.chunk_id: i for i, item in enumerate(merged)}
        picks: list[Scored] = []
        for part in self.support.reader.one_each(request.question):
            retrieval = request.retrieve(part)
            found = retrieval.chunks
            own = reading.of(part, self.scorer.needs(part, retrieval.concepts))
            kinds = set(own.kinds)
            scored = self.articles.may_answer(
                part, self.scorer.score(found, own.needs, part, own.language, kinds, own.count)
            )
            if not scored or scored[0].coverage < self._floor(scored[0]):
                continue
            found, scored = self.reports.fitted(found, scored, own)
            scored = self.articles.naming(part, scored, kinds)
            chosen = pick(scored, False, [])
            if not chosen:
                continue
            best = chosen[0]
            chunk = found[best.item_index]
            if chunk.chunk.chunk_id not in at:
                at[chunk.chunk.chunk_id] = len(merged)
                merged.append(chunk)
            best = replace(best, item_index=at[chunk.chunk.chunk_id])
            if not any(same(best.sentence, p.sentence) for p in picks):
                picks.append(best)
        return (merged, picks) if len(picks) >= 2 else None

    def needs_for(self, request: AnswerRequest) -> dict[str, float]:
        """What the quotes should cover. A follow-up is retrieved with the earlier turn's
        words, which find the article; the words it asks with pick the sentence, so the
        earlier turn's count for CONTEXT_SHARE of their weight ("And what did he propose?"
        after "Who received Rycroft?" is not answered by the sentence naming Rycroft)."""
        query = request.retrieval_query or request.question
        needs = self.scorer.needs(query, request.retrieval.concepts)
        if query == request.question:
            return needs
        own = self.scorer.needs(request.question, self.glossary.concepts_in(request.question))
        return {k: w if k in own else w * CONTEXT_SHARE for k, w in needs.items()}

    def _openings(self, items: list[RetrievedChunk], about: Callable[[str], bool]) -> list[Chunk]:
        """The opening passage of each candidate report ``about`` the asked kind of event,
        document, act or crime, when retrieval kept only a later one: which report is the
        latest of a kind is judged on what each reports, and a report says what it is about
        in its opening (its later passages only match a few words). Reports about something
        else are not given that chance: their openings would crowd in newer reports that
        only mention the kind."""
        docs = dict.fromkeys(item.chunk.doc_id for item in items)
        return [
            chunks[0] for doc in docs if about(doc) and (chunks := self.support.facets.chunks(doc))
        ]

    def _reported_kinds(self, question: str) -> set[str]:
        """The kinds of event, document, act or crime the question names (not "crime" or
        "agreement", which name no kind)."""
        found = self.glossary.concepts_in(question)
        generic = GENERIC | GENERIC_DOCUMENTS | GENERIC_EVENTS
        return self.glossary.of_type(found, *REPORTED_TYPES) - generic

    def _reporting(self, asked: set[str]) -> Callable[[str], bool]:
        """Whether an article reports the asked kinds (``_reported_kinds``): its headline or
        opening sentence names every one ("the latest security conference" is reported by
        the report whose lead is that conference)."""
        if not asked:
            return lambda _doc: True

        return lambda doc: asked <= self.scorer.head(doc)

    def _naming(self, question: str, language: str, scored: list[Scored]) -> list[Scored]:
        """Sentences of the articles that name every person the question names."""
        people = self.support.finder.people(question, language)
        if not people:
            return scored
        texts = {s.doc: self.support.facets.folded(s.doc) for s in scored}
        return [s for s in scored if all(holds_name(texts[s.doc], p) for p in people)]

    def _events(
        self, items: list[RetrievedChunk], events: list[str], language: str, kinds: set[Kind]
    ) -> list[Scored]:
        """The best sentence of a dated report for each event compared, scored for that
        event's words alone; in date order, one report per event."""
        found: list[Scored] = []
        for event in events:
            needs = self.scorer.needs(event, self.glossary.concepts_in(event))
            scored = self.scorer.score(items, needs, event, language, kinds)
            scored = self.articles.with_partners(event, scored)
            best = next(
                (
                    s
                    for s in scored
                    if items[s.item_index].chunk.meta.date_year
                    and all(s.doc != f.doc for f in found)
                ),
                None,
            )
            if best is not None:
                found.append(best)
        return sorted(found, key=lambda s: items[s.item_index].chunk.meta.date_sort)

    def _floor(self, best: Scored) -> float:
        """The coverage below which the answerer abstains. A best sentence that holds the
        kind of thing asked (the number for "how many", the date for "when") is evidence
        word overlap cannot give across languages, so it needs less of the question's words."""
        return self.min_coverage * (TYPED_FLOOR if best.typed else 1.0)

    def _unsupported(self, request: AnswerRequest, kinds: set[Kind]) -> bool:
        items = request.retrieval.chunks
        return bool(self.support.missing(request.question, request.language, items, kinds))

    def asked_kinds(self, question: str) -> set[Kind]:
        return asked_kinds(question)

    def _compose(
        self,
        request: AnswerRequest,
        items: list[RetrievedChunk],
        picked: list[Scored],
        kinds: set[Kind],
        with_dates: bool = False,
        listing: bool = False,
        count: Counted | None = None,
    ) -> Answer:
        order = list(dict.fromkeys(p.item_index + 1 for p in picked))
        quotes: dict[int, str] = {}
        for p in picked:
            quotes[p.item_index + 1] = " ".join(
                filter(None, [quotes.get(p.item_index + 1), p.sentence])
            )
        citations, related, mapping = split_cited(items, order, quotes)
        # Passages added after the retrieved ones (_whole_article) are shown only when quoted;
        # unquoted they come last among the related passages, so cutting them leaves no gap.
        added = range(len(request.retrieval.chunks), len(items))
        related = related[: len(related) - sum(1 for i in added if i + 1 not in order)]

        display = packs().for_language(request.language).dates.display

        def line(p: Scored) -> str:
            published = items[p.item_index].chunk.meta.published()
            shown = format_partial(published, request.language, "long", display)
            date = f"{shown}: " if with_dates and shown else ""
            return f"{date}{p.sentence} [{mapping[p.item_index + 1]}]"

        text = " ".join(line(p) for p in picked)
        facts: list[str] = []
        if not with_dates:
            quoted = [
                Quoted(
                    p.sentence,
                    items[p.item_index].chunk.meta.language,
                    items[p.item_index].chunk.meta.published(),
                    self.support.facets.get(items[p.item_index].chunk.doc_id).partners,
                    same(p.sentence, self.scorer.lede(items[p.item_index].chunk.doc_id)),
                    items[p.item_index].chunk.doc_id,
                )
                # The lead says the facts best quote first; the quotes keep reading order.
                for p in sorted(picked, key=lambda p: -p.score)
            ]
            # A follow-up's retrieval query holds the earlier turn: what the conversation has
            # already named is not the asked fact either.
            asked = " ".join(dict.fromkeys([request.question, request.retrieval_query or ""]))
            counts = (
                (
                    lambda q, e, strict: count.counts(
                        q.sentence, e.start, e.end, q.language, self.scorer.features, strict
                    )
                )
                if count
                else None
            )
            opening, facts = self.lead.opening(
                asked, kinds, quoted, request.language, listing, counts
            )
            text = f"{opening}\n{text}" if opening else text
        return answered(request, self.name, text, citations, related, facts)
