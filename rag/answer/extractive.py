"""Answerers turn retrieved passages into a short cited answer, or abstain.

``ExtractiveAnswerer`` is the offline default: it quotes the 1-3 sentences of
the passages that best cover the question, each followed by its citation [n].
Nothing is paraphrased, so nothing can be invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.answer.asked import asked_kinds, question_cues
from rag.answer.base import AnswerRequest, abstain, answered
from rag.answer.citations import has_markers, split_cited
from rag.answer.counting import Counted, counted
from rag.answer.entities import EntityFinder, Kind
from rag.answer.guards import is_injection
from rag.answer.lead import FactLead, Quoted
from rag.answer.support import SupportCheck
from rag.lang.datefmt import format_partial
from rag.lang.dates import is_stamp
from rag.lang.glossary import Glossary
from rag.lang.pack import packs
from rag.lang.text import content_tokens, fold, split_sentences, topic_tokens
from rag.models import CAPTION_MARK, Answer, RetrievedChunk

CONCEPT_WEIGHT = {"topic": 1.0, "role": 1.0, "ordinal": 1.5}
DEFAULT_CONCEPT_WEIGHT = 2.5
# A word no article contains is usually phrasing; missing names and years are caught in support.py.
UNKNOWN_WEIGHT = 0.5
ANSWER_TYPE_BONUS = 0.35
FIT_WEIGHT = 0.1  # per constraint the sentence's article meets (RetrievedChunk.fit)
MAX_SENTENCES = 3
COUNT_CANDIDATES = 12  # best sentences searched for the number a "how many" asks for
MAX_ANSWER_CHARS = 700
TYPED_FLOOR = 0.6  # share of the coverage floor a typed best sentence needs
STAMP_CHARS = 60  # a publication stamp is a short line; a story sentence with a time is longer
_PLACES = {Kind.PLACE, Kind.COUNTRY}
_LIST_ITEM = re.compile(r"\s*(?:[-–—•*·]|\d{1,2}[.)])\s")  # "- stepping up...", "2) ..."


def _same(a: str, b: str) -> bool:
    return fold(a).strip() == fold(b).strip()


def quotable(sentence: str) -> bool:
    """Article text that gives orders or carries its own "[n]" markers is never quoted back:
    passages are data, and a forged citation must not look like one of ours. Photo captions
    (marked at ingest) describe a picture, not what happened: searchable, never quoted."""
    if sentence.lstrip().startswith(CAPTION_MARK.strip()):
        return False
    if len(sentence) <= STAMP_CHARS and is_stamp(sentence):
        return False  # "Published: 19 Jan. 2020, 09:12" is page furniture, not the story
    return not has_markers(sentence) and not is_injection(sentence)


@dataclass
class _Scored:
    score: float
    coverage: float
    item_index: int
    sentence: str
    gains: frozenset[str]
    typed: bool = False  # holds the kind of thing asked for (a date for "when", a name for "who")
    doc: str = ""  # the article it is from


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

    def answer(self, request: AnswerRequest) -> Answer:
        if is_injection(request.question):
            return abstain(request, self.name, "out_of_scope")
        items = request.retrieval.chunks
        if not items or self._unsupported(request):
            return abstain(request, self.name)
        needs = self._needs(request.retrieval_query or request.question, request.retrieval.concepts)
        kinds = self.asked_kinds(request.question)
        count = counted(request.question, request.language, self.glossary)
        scored = self._score_sentences(items, needs, request.question, kinds, count)
        if not scored or scored[0].coverage < self._floor(scored[0]):
            return abstain(request, self.name)
        if self._count_missing(kinds, scored):
            return abstain(request, self.name)
        asks = fold(request.question)
        cues = question_cues(packs())
        newest = bool(cues.latest.search(asks))
        if newest or cues.earliest.search(asks):
            one = self._one_article(items, scored, newest)
            if one:
                return self._compose(request, items, self._pick(one, False), kinds, True)
        if cues.chronology.search(asks):
            dated = self._chronology(items, scored)
            if len(dated) >= 2:
                return self._compose(request, items, dated, kinds, True)
        if not kinds and cues.content.search(asks):
            items, scored = self._whole_article(items, scored, needs, request.question)
            picked = self._reported(items, scored, cues.commitments)
        else:
            picked = self._pick(scored, bool(cues.listing.search(asks)))
        picked = self._with_lists(items, picked)
        return self._compose(request, items, self._reading_order(items, picked), kinds)

    @staticmethod
    def _with_lists(items: list[RetrievedChunk], picked: list[_Scored]) -> list[_Scored]:
        """A sentence that announces a list ("the two sides committed to:") is quoted with the
        list's items that follow it in its passage: without them it says nothing."""
        out = list(picked)
        size = sum(len(p.sentence) for p in picked)
        for p in picked:
            if not p.sentence.rstrip().endswith(":"):
                continue
            sentences = split_sentences(items[p.item_index].chunk.text)
            at = next((i for i, x in enumerate(sentences) if x == p.sentence), None)
            if at is None:
                continue
            for line in sentences[at + 1 :]:
                if not _LIST_ITEM.match(line) or size + len(line) > MAX_ANSWER_CHARS:
                    break
                if any(_same(line, q.sentence) for q in out) or not quotable(line):
                    continue
                out.append(_Scored(p.score, p.coverage, p.item_index, line, frozenset(), doc=p.doc))
                size += len(line)
        return out

    def _whole_article(
        self,
        items: list[RetrievedChunk],
        scored: list[_Scored],
        needs: dict[str, float],
        question: str,
    ) -> tuple[list[RetrievedChunk], list[_Scored]]:
        """The best article's passages that retrieval left out, added after the others: what
        an agreement provides is often told a few paragraphs after the passages that matched
        the question, and "what was agreed" is answered from that one article."""
        doc = items[scored[0].item_index].chunk.doc_id
        have = {item.chunk.chunk_id for item in items}
        more = [
            RetrievedChunk(chunk, 0.0)
            for chunk in self.support.facets.chunks(doc)
            if chunk.chunk_id not in have
        ]
        if not more:
            return items, scored
        extended = [*items, *more]
        return extended, self._score_sentences(extended, needs, question, set())

    @staticmethod
    def _reported(
        items: list[RetrievedChunk], scored: list[_Scored], commitments: re.Pattern[str]
    ) -> list[_Scored]:
        """The best sentence, then the sentences of its article that report what was agreed.

        What an agreement provides is told after the sentence that names it ("The deal
        provides for...", "Les deux parties sont convenues de...") and shares few words with
        the question, so word overlap alone stops at the lead.
        """
        best = scored[0]
        doc = items[best.item_index].chunk.doc_id
        picked = [best]
        size = len(best.sentence)
        for candidate in scored[1:]:
            if len(picked) == MAX_SENTENCES:
                break
            if items[candidate.item_index].chunk.doc_id != doc:
                continue
            if not commitments.search(fold(candidate.sentence)):
                continue
            if any(_same(candidate.sentence, p.sentence) for p in picked):
                continue
            if size + len(candidate.sentence) > MAX_ANSWER_CHARS:
                continue
            picked.append(candidate)
            size += len(candidate.sentence)
        return picked

    @staticmethod
    def _reading_order(items: list[RetrievedChunk], picked: list[_Scored]) -> list[_Scored]:
        """Passages in the order they were chosen; sentences of one passage in text order."""
        first = {p.item_index: i for i, p in reversed(list(enumerate(picked)))}
        return sorted(
            picked,
            key=lambda p: (first[p.item_index], items[p.item_index].chunk.text.find(p.sentence)),
        )

    @staticmethod
    def _count_missing(kinds: set[Kind], scored: list[_Scored]) -> bool:
        """A count was asked and no candidate sentence holds a number: the articles lack it."""
        if not kinds & {Kind.NUMBER, Kind.AMOUNT}:
            return False
        return not any(s.typed for s in scored[:COUNT_CANDIDATES])

    @staticmethod
    def _one_article(
        items: list[RetrievedChunk], scored: list[_Scored], newest: bool
    ) -> list[_Scored]:
        """The sentences of the newest (or oldest) dated article among the candidates.

        Articles whose year is unknown never win: "the latest" must not be a guess.
        """
        dated = {
            items[s.item_index].chunk.doc_id: items[s.item_index].chunk.meta.date_sort
            for s in scored
            if items[s.item_index].chunk.meta.date_year
        }
        if len(dated) < 2:
            return []
        pick = (max if newest else min)(dated, key=lambda doc: dated[doc])
        return [s for s in scored if items[s.item_index].chunk.doc_id == pick]

    def _chronology(self, items: list[RetrievedChunk], scored: list[_Scored]) -> list[_Scored]:
        """Best sentence of each dated article among the results, oldest first."""
        best: dict[str, _Scored] = {}
        for candidate in scored:
            meta = items[candidate.item_index].chunk.meta
            if meta.date_year and meta.doc_id not in best:
                best[meta.doc_id] = candidate
        top = sorted(best.values(), key=lambda c: -c.score)[:MAX_SENTENCES]
        return sorted(top, key=lambda c: items[c.item_index].chunk.meta.date_sort)

    def _floor(self, best: _Scored) -> float:
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
            for c in concepts
        }
        covered = set(content_tokens(" ".join(self.glossary.expansion_terms(concepts))))
        for token in topic_tokens(question):
            if token not in covered:
                needs[token] = min(self.idf(token), 4.0) if self.known(token) else UNKNOWN_WEIGHT
        return needs

    def _features(self, text: str) -> set[str]:
        return set(content_tokens(text)) | {f"@{c}" for c in self.glossary.concepts_in(text)}

    def _score_sentences(
        self,
        items: list[RetrievedChunk],
        needs: dict[str, float],
        question: str,
        kinds: set[Kind],
        count: Counted | None = None,
    ) -> list[_Scored]:
        total = sum(needs.values()) or 1.0
        # "Who signed?" is answered by a name next to the signing, not by any name, and "when
        # did they meet?" by the date of the meeting; a count or a sum belongs to its noun
        # ("how many women had received visas" is no reception).
        actions = (
            {k for k in needs if self._concept_type(k) in ("action", "event")}
            if kinds & {Kind.PERSON, Kind.DATE}
            else set()
        )
        scored: list[_Scored] = []
        for index, item in enumerate(items):
            meta = item.chunk.meta
            # The chunk's concepts were tagged at index time (title + text): no need to redo it.
            context = set(content_tokens(f"{meta.title}\n{item.chunk.text}")) | {
                f"@{c}" for c in meta.concepts
            }
            coverage = sum(w for k, w in needs.items() if k in context) / total
            for sentence in split_sentences(item.chunk.text):
                if len(sentence) < 25 or not quotable(sentence):
                    continue
                feats = self._features(sentence)
                gains = frozenset(k for k in needs if k in feats)
                own = sum(needs[k] for k in gains) / total
                typed = (
                    bool(kinds)
                    and (not actions or bool(actions & feats))
                    and (
                        self._typed(question, kinds, sentence, meta.language, count)
                        or self._partner_typed(question, kinds, meta.doc_id)
                    )
                )
                bonus = ANSWER_TYPE_BONUS if typed else 0.0
                score = own + 0.3 * coverage + 0.15 / (index + 1) + bonus
                score += FIT_WEIGHT * item.fit
                scored.append(
                    _Scored(score, coverage, index, sentence, gains, bonus > 0, meta.doc_id)
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
        named = self.entities.places.codes(question) if kinds & _PLACES else set()
        for e in self.entities.find(sentence, language):
            if e.kind not in kinds or fold(e.text) in asks:
                continue
            counts = count.counts if count and e.kind is Kind.NUMBER else None
            if counts and not counts(sentence, e.start, e.end, language, self._features):
                continue
            if e.kind in _PLACES and named >= (self.entities.places.codes(e.text) or {""}):
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

    def _concept_type(self, feature: str) -> str:
        concept = self.glossary.concepts.get(feature[1:]) if feature.startswith("@") else None
        return concept.type if concept else ""

    def _pick(self, scored: list[_Scored], listing: bool) -> list[_Scored]:
        best = scored[0]
        picked = [best]
        covered = set(best.gains)
        floor = best.score * (0.6 if listing else 0.75)
        for candidate in scored[1:]:
            if len(picked) == MAX_SENTENCES or candidate.score < floor:
                break
            new = candidate.gains - covered
            other_doc = all(candidate.item_index != p.item_index for p in picked)
            if not new and not (listing and other_doc):
                continue
            if any(_same(candidate.sentence, p.sentence) for p in picked):
                continue  # overlapping chunks and reposted articles repeat sentences
            if sum(len(p.sentence) for p in picked) + len(candidate.sentence) > MAX_ANSWER_CHARS:
                continue
            picked.append(candidate)
            covered |= candidate.gains
        return self._ensure_typed(scored, picked)

    @staticmethod
    def _ensure_typed(scored: list[_Scored], picked: list[_Scored]) -> list[_Scored]:
        """If no picked sentence names what was asked (who/when/where), add the best one that does."""
        if not any(s.typed for s in scored) or any(p.typed for p in picked):
            return picked
        typed = next(s for s in scored if s.typed)
        if typed.score < 0.5 * picked[0].score:
            return picked
        return [*picked[: MAX_SENTENCES - 1], typed]

    def _compose(
        self,
        request: AnswerRequest,
        items: list[RetrievedChunk],
        picked: list[_Scored],
        kinds: set[Kind],
        with_dates: bool = False,
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

        def line(p: _Scored) -> str:
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
                for p in picked
            ]
            # A follow-up's retrieval query holds the earlier turn: what the conversation has
            # already named is not the asked fact either.
            asked = " ".join(dict.fromkeys([request.question, request.retrieval_query or ""]))
            opening = self.lead.lead(asked, kinds, quoted, request.language)
            text = f"{opening}\n{text}" if opening else text
        return answered(request, self.name, text, citations, related)
