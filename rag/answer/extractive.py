"""Answerers turn retrieved passages into a short cited answer, or abstain.

``ExtractiveAnswerer`` is the offline default: it quotes the 1-3 sentences of
the passages that best cover the question, each followed by its citation [n].
Nothing is paraphrased, so nothing can be invented.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rag.answer.articles import ArticleFit
from rag.answer.asked import asked_kinds, question_cues
from rag.answer.base import AnswerRequest, abstain, answered
from rag.answer.citations import split_cited
from rag.answer.counting import Counted, counted
from rag.answer.entities import EntityFinder, filed_date
from rag.answer.guards import is_injection
from rag.answer.kinds import Kind
from rag.answer.lead import FactLead, Quoted, known_place
from rag.answer.selection import (
    Scored,
    chronology,
    count_missing,
    one_article,
    pick,
    quotable,
    reading_order,
    reported,
    with_lists,
)
from rag.answer.support import SupportCheck
from rag.lang.datefmt import format_partial
from rag.lang.glossary import Glossary
from rag.lang.pack import packs
from rag.lang.stems import cognate, stem_set, word_stems
from rag.lang.text import content_tokens, fold, named_in, split_sentences, topic_tokens
from rag.models import Answer, RetrievedChunk

CONCEPT_WEIGHT = {"topic": 1.0, "role": 1.0, "ordinal": 1.5}
DEFAULT_CONCEPT_WEIGHT = 2.5
# A word no article contains is usually phrasing; missing names and years are caught in support.py.
UNKNOWN_WEIGHT = 0.5
ANSWER_TYPE_BONUS = 0.35
FEATURES_CACHE = 50_000  # sentences whose words and concepts are kept
FIT_WEIGHT = 0.1  # per constraint the sentence's article meets (RetrievedChunk.fit)
TYPED_FLOOR = 0.6  # share of the coverage floor a typed best sentence needs
_PLACES = {Kind.PLACE, Kind.COUNTRY}


class ExtractiveAnswerer:
    """Quotes the best-supported sentences; abstains when coverage is too thin."""

    name = "extractive"

    def __init__(
        self,
        glossary: Glossary,
        idf: Callable[[str], float],
        known: Callable[[str], bool],
        *,
        support: SupportCheck,
        entities: EntityFinder,
        lead: FactLead,
        min_coverage: float = 0.45,
    ) -> None:
        self.glossary = glossary
        self.idf = idf
        self.known = known
        self.min_coverage = min_coverage
        self.support = support
        self.entities = entities
        self.lead = lead
        self.articles = ArticleFit(glossary, support.facets, support.reader)
        # Kept per sentence: the same article sentences are read question after question.
        self._features = lru_cache(maxsize=FEATURES_CACHE)(self._read_features)
        self._sentences = lru_cache(maxsize=FEATURES_CACHE)(_sentences)
        self._codes = lru_cache(maxsize=FEATURES_CACHE)(entities.places.codes)
        self._places = lru_cache(maxsize=FEATURES_CACHE)(self._read_places)
        self._words = lru_cache(maxsize=FEATURES_CACHE)(_words)

    def answer(self, request: AnswerRequest) -> Answer:
        if is_injection(request.question):
            return abstain(request, self.name, "out_of_scope")
        items = request.retrieval.chunks
        if not items or self._unsupported(request):
            return abstain(request, self.name)
        needs = self._needs(request.retrieval_query or request.question, request.retrieval.concepts)
        kinds = self.asked_kinds(request.question)
        count = (
            counted(request.question, request.language, self.glossary)
            if Kind.NUMBER in kinds
            else None
        )
        scored = self._score_sentences(
            items, needs, request.question, request.language, kinds, count
        )
        scored = self.articles.with_partners(
            request.question, self.articles.on_topic(request.question, scored)
        )
        if not scored or scored[0].coverage < self._floor(scored[0]):
            return abstain(request, self.name)
        if count_missing(kinds, scored):
            return abstain(request, self.name)
        asks = fold(request.question)
        cues = question_cues(packs())
        newest = bool(cues.latest.search(asks))
        asked = self.support.reader.question(request.question)
        listing = asked.several or bool(cues.listing.search(asks))
        ordered = newest or bool(cues.earliest.search(asks))
        if ordered:
            one = one_article(items, scored, newest)
            if one:
                return self._compose(request, items, pick(one, False), kinds, True)
        # "The latest" that no two dated articles settle is shown as a dated list: the
        # reader sees which is newest instead of a guess.
        if ordered or cues.chronology.search(asks):
            dated = chronology(items, scored, year_less=ordered)
            if len(dated) >= 2:
                return self._compose(request, items, dated, kinds, True)
        if not kinds and cues.content.search(asks):
            items, scored = self._whole_article(
                items, scored, needs, request.question, request.language
            )
            picked = reported(items, scored, cues.commitments)
        else:
            if kinds and not listing:
                items, scored = self._whole_article(
                    items, scored, needs, request.question, request.language, kinds, count
                )
            picked = pick(scored, listing, self.articles.covering(asked, scored))
            if kinds & {Kind.NUMBER, Kind.AMOUNT} and not any(p.typed for p in picked):
                return abstain(request, self.name)  # a count answered without a number
        picked = with_lists(items, picked)
        return self._compose(
            request, items, reading_order(items, picked), kinds, listing=listing, count=count
        )

    def _whole_article(
        self,
        items: list[RetrievedChunk],
        scored: list[Scored],
        needs: dict[str, float],
        question: str,
        language: str,
        kinds: set[Kind] | None = None,
        count: Counted | None = None,
    ) -> tuple[list[RetrievedChunk], list[Scored]]:
        """The best article's passages that retrieval left out, added after the others: what
        an agreement provides is often told a few paragraphs after the passages that matched
        the question, and "what was agreed" is answered from that one article; the asked
        date or name often sits in a passage that matched less than two others of the same
        article (retrieval keeps two per article). The added sentences pass the same checks
        as the others: the topic, and the partner asked."""
        # The article of the best sentence, and that of the best passage when it differs
        docs = dict.fromkeys([items[scored[0].item_index].chunk.doc_id, items[0].chunk.doc_id])
        have = {item.chunk.chunk_id for item in items}
        more = [
            RetrievedChunk(chunk, 0.0)
            for doc in docs
            for chunk in self.support.facets.chunks(doc)
            if chunk.chunk_id not in have
        ]
        if not more:
            return items, scored
        extended = [*items, *more]
        added = self._score_sentences(
            extended, needs, question, language, kinds or set(), count, first=len(items)
        )
        added = self.articles.with_partners(question, self.articles.on_topic(question, added))
        return extended, sorted([*scored, *added], key=lambda s: -s.score)

    def _floor(self, best: Scored) -> float:
        """The coverage below which the answerer abstains. A best sentence that holds the
        kind of thing asked (the number for "how many", the date for "when") is evidence
        word overlap cannot give across languages, so it needs less of the question's words."""
        return self.min_coverage * (TYPED_FLOOR if best.typed else 1.0)

    def _unsupported(self, request: AnswerRequest) -> bool:
        items = request.retrieval.chunks
        return bool(self.support.missing(request.question, request.language, items))

    def _needs(self, question: str, concepts: set[str]) -> dict[str, float]:
        """What an answer should cover: concepts, plus question words no concept explains."""
        needs = {
            f"@{c}": CONCEPT_WEIGHT.get(self.glossary.concepts[c].type, DEFAULT_CONCEPT_WEIGHT)
            for c in sorted(concepts)  # one order: sums of weights tie the same way every run
        }
        covered = set(content_tokens(" ".join(self.glossary.expansion_terms(concepts))))
        # Countries the glossary does not name are met by any of their CLDR names in any
        # language: "tchèque" by "Czech Republic" and "Séc", not by the French word.
        for place in self.entities.places.find(question):
            words = set(content_tokens(place.text))
            if not words <= covered:
                needs[f"#{place.code}"] = DEFAULT_CONCEPT_WEIGHT
                covered |= words
        for token in topic_tokens(question):
            if token not in covered:
                needs[token] = min(self.idf(token), 4.0) if self.known(token) else UNKNOWN_WEIGHT
        return needs

    def _read_features(self, text: str) -> frozenset[str]:
        """Content words and glossary concepts (``_features`` keeps them per sentence or
        passage)."""
        concepts = {f"@{c}" for c in self.glossary.concepts_in(text)}
        return frozenset(content_tokens(text)) | concepts

    def _read_places(self, text: str) -> frozenset[str]:
        """Countries named, as features ("#CZ"); ``_places`` keeps them per text."""
        return frozenset(f"#{code}" for code in self._codes(text))

    def _score_sentences(
        self,
        items: list[RetrievedChunk],
        needs: dict[str, float],
        question: str,
        language: str,
        kinds: set[Kind],
        count: Counted | None = None,
        first: int = 0,
    ) -> list[Scored]:
        """Every quotable sentence of ``items[first:]``, scored for the question."""
        total = sum(needs.values()) or 1.0
        # A need is met by its word or by the word's stem ("proposed" by "proposes"); countries
        # and stems are read only when the question has such needs (each costs per sentence).
        stems = word_stems(question, language)
        places = any(k.startswith("#") for k in needs)
        alternatives = {
            word: tuple(a for a in (stem, cognate(word)) if a) for word, stem in stems.items()
        }

        def met(need: str, found: frozenset[str]) -> bool:
            return need in found or any(a in found for a in alternatives.get(need, ()))

        def enriched(found: frozenset[str], text: str, language: str) -> frozenset[str]:
            """``found`` with the text's stems and countries, when the question needs them."""
            if stems:
                found |= stem_set(text, language)
            if places:
                found |= self._places(text)
            return found

        # "Who signed?" is answered by a name next to the signing, not by any name, and "when
        # did they meet?" by the date of the meeting; a count or a sum belongs to its noun
        # ("how many women had received visas" is no reception).
        # "Who is the Prime Minister?" is answered by a name with that post, not any name.
        none: frozenset[str] = frozenset()
        required = [
            self._needs_of(needs, ("action", "event"))
            if kinds & {Kind.PERSON, Kind.DATE}
            else none,
            self._needs_of(needs, ("role",)) if Kind.PERSON in kinds else none,
        ]
        scored: list[Scored] = []
        for index, item in enumerate(items):
            if index < first:
                continue
            meta = item.chunk.meta
            # The chunk's concepts were tagged at index time (title + text): no need to redo it.
            passage = f"{meta.title}\n{item.chunk.text}"
            context = enriched(
                self._words(passage) | {f"@{c}" for c in meta.concepts}, passage, meta.language
            )
            coverage = sum(w for k, w in needs.items() if met(k, context))
            coverage /= total
            for sentence in self._sentences(item.chunk.text):
                if len(sentence) < 25 or not quotable(sentence):
                    continue
                feats = enriched(self._features(sentence), sentence, meta.language)
                gains = frozenset(k for k in needs if met(k, feats))
                own = sum(needs[k] for k in gains) / total
                typed = (
                    bool(kinds)
                    and all(not group or not group.isdisjoint(feats) for group in required)
                    and (
                        self._typed(question, kinds, sentence, meta.language, count)
                        or self._partner_typed(question, kinds, meta.doc_id)
                    )
                )
                bonus = ANSWER_TYPE_BONUS if typed else 0.0
                score = own + 0.3 * coverage + 0.15 / (index + 1) + bonus
                score += FIT_WEIGHT * item.fit
                scored.append(
                    Scored(score, coverage, index, sentence, gains, bonus > 0, meta.doc_id)
                )
        scored.sort(key=lambda s: -s.score)
        return scored

    def asked_kinds(self, question: str) -> set[Kind]:
        return asked_kinds(question)

    def _typed(
        self,
        question: str,
        kinds: set[Kind],
        sentence: str,
        language: str,
        count: Counted | None = None,
    ) -> bool:
        """The sentence holds a thing of an asked kind that the question does not already
        name, in any language: "China's" is no answer to "where did Chinese police...?";
        a number answers "how many X" only next to X (``counting.py``)."""
        asks = fold(question)
        named = self._codes(question) if kinds & _PLACES else set()
        for e in self.entities.find(sentence, language):
            if e.kind not in kinds or named_in(e.text, asks) or filed_date(e, sentence):
                continue
            if e.kind is Kind.CRIME and not self.lead.new_term(e.text, question):
                continue  # "besides illegal migration, which crimes?": not illegal migration
            counts = count.counts if count and e.kind is Kind.NUMBER else None
            if counts and not counts(sentence, e.start, e.end, language, self._features):
                continue
            if e.kind in _PLACES and known_place(self._codes(e.text), named):
                continue
            return True
        return False

    def _partner_typed(self, question: str, kinds: set[Kind], doc_id: str) -> bool:
        """ "Which countries...?" is also answered by the article's partner when its sentence
        only says "the two governments": the partner is in the headline or the lead."""
        if Kind.COUNTRY not in kinds:
            return False
        named = self.entities.places.codes(question)
        return bool(self.support.facets.get(doc_id).partners - named)

    def _needs_of(self, needs: dict[str, float], types: tuple[str, ...]) -> frozenset[str]:
        """The question's concepts of these glossary types ("@sign", "@prime_minister")."""
        return frozenset(k for k in needs if self._concept_type(k) in types)

    def _concept_type(self, feature: str) -> str:
        concept = self.glossary.concepts.get(feature[1:]) if feature.startswith("@") else None
        return concept.type if concept else ""

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
        if not with_dates:
            quoted = [
                Quoted(
                    p.sentence,
                    items[p.item_index].chunk.meta.language,
                    items[p.item_index].chunk.meta.published(),
                    self.support.facets.get(items[p.item_index].chunk.doc_id).partners,
                )
                # The lead says the facts best quote first; the quotes keep reading order.
                for p in sorted(picked, key=lambda p: -p.score)
            ]
            # A follow-up's retrieval query holds the earlier turn: what the conversation has
            # already named is not the asked fact either.
            asked = " ".join(dict.fromkeys([request.question, request.retrieval_query or ""]))
            counts = (
                (lambda q, e: count.counts(q.sentence, e.start, e.end, q.language, self._features))
                if count
                else None
            )
            opening = self.lead.lead(asked, kinds, quoted, request.language, listing, counts)
            text = f"{opening}\n{text}" if opening else text
        return answered(request, self.name, text, citations, related)


def _sentences(text: str) -> tuple[str, ...]:
    """A passage's sentences (``ExtractiveAnswerer._sentences`` keeps them per passage)."""
    return tuple(split_sentences(text))


def _words(text: str) -> frozenset[str]:
    """A passage's content words (``ExtractiveAnswerer._words`` keeps them per passage)."""
    return frozenset(content_tokens(text))
