"""How well each sentence of the retrieved passages answers a question.

A question becomes weighted needs (its glossary concepts, the countries it names, its other
content words by idf); a sentence scores by the needs it meets, the share its passage meets
(``coverage``, what the abstention floor reads), its rank, its article's fit with the
question's constraints, and whether it holds a thing of the asked kind ("typed": the date
for "when", a person next to the signing for "who signed"). ``ExtractiveAnswerer`` picks
and composes from these scores; this module only scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.acronyms import Acronyms
from rag.answer.acts import without_done_acts
from rag.answer.counting import Counted
from rag.answer.entities import EntityFinder, filed_date
from rag.answer.kinds import Entity, Kind
from rag.answer.lead import FactLead, foreign_post, known_place
from rag.answer.selection import Scored, quotable
from rag.answer.sides import Sides
from rag.answer.terms import GENERIC_DOCUMENTS
from rag.lang.glossary import Glossary
from rag.lang.stems import cognate, stem_set, word_stems
from rag.lang.text import content_tokens, fold, named_in, split_sentences, topic_tokens
from rag.models import RetrievedChunk
from rag.retrieve.constraints import years_named
from rag.retrieve.facets import ArticleFacets
from rag.retrieve.names import neutral_words

CONCEPT_WEIGHT = {"topic": 1.0, "role": 1.0, "ordinal": 1.5}
DEFAULT_CONCEPT_WEIGHT = 2.5
# A word no article contains is usually phrasing; missing names and years are caught in support.py.
UNKNOWN_WEIGHT = 0.5
ANSWER_TYPE_BONUS = 0.35
ITEM_BONUS = 0.1  # per further kind of crime a sentence names for "which crimes?" (up to 3)
FEATURES_CACHE = 50_000  # sentences whose words and concepts are kept
LEDES_CACHE = 4096  # articles whose lede and headline concepts are kept
FIT_WEIGHT = 0.1  # per constraint the sentence's article meets (RetrievedChunk.fit)
FOREIGN_WORD_CREDIT = 0.5  # a question word a passage in another language cannot hold
_PLACES = {Kind.PLACE, Kind.COUNTRY}
ORDINAL = "#o"  # an ordinal as a feature ("#o6"); countries are "#" and a capital code ("#CZ")


@dataclass(frozen=True)
class _Asked:
    """What typing a sentence reads of the question, read once per question."""

    text: str
    folded: str
    places: frozenset[str]  # countries it names ("Royaume-Uni" asked: "the UK" is no answer)
    documents: frozenset[str]  # kinds of document it names ("joint statement")
    years: frozenset[int]  # years it asks about
    side: str | None = None  # whose side the person asked for is on ("the Chinese delegation")


class SentenceScorer:
    def __init__(
        self,
        glossary: Glossary,
        idf: Callable[[str], float],
        known: Callable[[str], bool],
        entities: EntityFinder,
        lead: FactLead,
        facets: ArticleFacets,
        sides: Sides,
    ) -> None:
        self.glossary = glossary
        self.sides = sides
        self.idf = idf
        self.known = known
        self.entities = entities
        self.lead = lead
        self.facets = facets
        # Kept per sentence: the same article sentences are read question after question.
        self.features = lru_cache(maxsize=FEATURES_CACHE)(self._read_features)
        self._sentences = lru_cache(maxsize=FEATURES_CACHE)(_sentences)
        self._codes = lru_cache(maxsize=FEATURES_CACHE)(entities.places.codes)
        self._places = lru_cache(maxsize=FEATURES_CACHE)(self._read_places)
        self._words = lru_cache(maxsize=FEATURES_CACHE)(_words)
        self._ordinals = lru_cache(maxsize=FEATURES_CACHE)(self._read_ordinals)
        # Kept per article: a report's lede and what it reports recur across questions.
        self.lede = lru_cache(maxsize=LEDES_CACHE)(self._read_lede)
        self.head = lru_cache(maxsize=LEDES_CACHE)(self._read_head)
        self.acronyms = Acronyms(facets.text, self.features)

    def needs(self, question: str, concepts: set[str]) -> dict[str, float]:
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
        # "the sixth conference" asks for the sixth in any language ("sixth", "lần thứ 6"):
        # one need for the ordinal, met by a sentence naming it however it is written.
        reader = self.facets.reader
        ordinal = reader.question(question).ordinal
        if ordinal is not None and not self.needs_of(needs, ("ordinal",)):
            needs[f"{ORDINAL}{ordinal}"] = CONCEPT_WEIGHT["ordinal"]
            covered |= {t for t in topic_tokens(question) if reader.ordinals_in(t) == {ordinal}}
        for token in topic_tokens(question):
            if token not in covered:
                needs[token] = min(self.idf(token), 4.0) if self.known(token) else UNKNOWN_WEIGHT
        return needs

    def _read_features(self, text: str) -> frozenset[str]:
        """Content words and glossary concepts (``features`` keeps them per sentence or
        passage)."""
        concepts = {f"@{c}" for c in self.glossary.concepts_in(text)}
        return frozenset(content_tokens(text)) | concepts

    def _read_ordinals(self, text: str) -> frozenset[str]:
        """Ordinals named, as features ("#o6"); ``_ordinals`` keeps them per text."""
        return frozenset(f"{ORDINAL}{n}" for n in self.facets.reader.ordinals_in(text))

    def _read_lede(self, doc: str) -> str:
        """The article's opening sentence (its first quotable one)."""
        chunks = self.facets.chunks(doc)
        sentences = self._sentences(chunks[0].text) if chunks else ()
        return next((x for x in sentences if quotable(x)), "")

    def _read_head(self, doc: str) -> frozenset[str]:
        """The glossary concepts of an article's headline and lede: what it reports, as
        against what it mentions."""
        chunks = self.facets.chunks(doc)
        if not chunks:
            return frozenset()
        return frozenset(self.glossary.concepts_in(f"{chunks[0].meta.title}\n{self.lede(doc)}"))

    def _read_places(self, text: str) -> frozenset[str]:
        """Countries named, as features ("#CZ"); ``_places`` keeps them per text."""
        return frozenset(f"#{code}" for code in self._codes(text))

    def score(
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
        ordinal_needs = frozenset(k for k in needs if k.startswith(ORDINAL))
        places = any(k.startswith("#") and k not in ordinal_needs for k in needs)
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
            if ordinal_needs:
                found |= self._ordinals(text)
            return found

        # A passage in another language than the question's cannot hold the question's own
        # words ("công ty ma" in an English report on shell companies): their absence there
        # is no evidence against it, so each counts half met in its coverage. Names, numbers
        # and concepts, which every language writes alike, count as they are.
        neutral = set(content_tokens(" ".join(neutral_words(question))))
        plain = {k: w for k, w in needs.items() if k[0] not in "@#" and k not in neutral}
        # "Who signed?" is answered by a name next to the signing, not by any name, and "when
        # did they meet?" by the date of the meeting; a count or a sum belongs to its noun
        # ("how many women had received visas" is no reception).
        # "Who is the Prime Minister?" is answered by a name with that post, not any name.
        asked = self._asked(question, kinds)
        none: frozenset[str] = frozenset()
        required = [
            self.needs_of(needs, ("action", "event")) if kinds & {Kind.PERSON, Kind.DATE} else none,
            self.needs_of(needs, ("role",)) if Kind.PERSON in kinds else none,
        ]
        # "Who headed the delegation at the dialogue?": the dialogue is where it happened,
        # and a report whose headline or lead is that event need not repeat it beside the
        # name. An act asked ("who signed?") is still wanted next to the name.
        settings = required[0] if not self.needs_of(needs, ("action",)) else none
        # "Who signed?" is not answered where the signing only describes a document.
        done_acts = Kind.PERSON in kinds and bool(self.needs_of(needs, ("action",)))
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
            # Summed in the needs' order: float sums in set order tie differently run to run.
            reached = [k for k in needs if met(k, context)]
            coverage = sum(needs[k] for k in reached)
            if meta.language != language:
                coverage += FOREIGN_WORD_CREDIT * sum(
                    w for k, w in plain.items() if k not in reached
                )
            coverage /= total
            # The asked event this report leads with: met by its every sentence (see above).
            setting = {k for k in settings if k[1:] in self.head(meta.doc_id)}
            for sentence in self._sentences(item.chunk.text):
                if len(sentence) < 25 or not quotable(sentence):
                    continue
                feats = enriched(self.features(sentence), sentence, meta.language)
                feats |= self.acronyms.gained(feats, meta.doc_id)
                acted = feats
                if done_acts and (undone := without_done_acts(sentence, meta.language)) != sentence:
                    acted = enriched(self.features(undone), undone, meta.language)
                    acted |= self.acronyms.gained(acted, meta.doc_id)
                gains = frozenset(k for k in needs if met(k, acted))
                own = sum(needs[k] for k in gains) / total
                typed = (
                    bool(kinds)
                    and all(
                        not group or not group.isdisjoint(acted | setting) for group in required
                    )
                    and not _another(ordinal_needs, feats)
                    and (
                        self._typed(asked, kinds, sentence, meta.language, count)
                        or self._partner_typed(asked, kinds, meta.doc_id)
                    )
                )
                bonus = ANSWER_TYPE_BONUS if typed else 0.0
                if typed and Kind.CRIME in kinds:
                    # "Which crimes?" asks for a list: the sentence naming more answers more.
                    more = len(self._new_crimes(asked, sentence, meta.language)) - 1
                    bonus += ITEM_BONUS * min(max(more, 0), 3)
                score = own + 0.3 * coverage + 0.15 / (index + 1) + bonus
                score += FIT_WEIGHT * item.fit
                scored.append(
                    Scored(
                        score, coverage, index, sentence, gains, bonus > 0, meta.doc_id, item.fit
                    )
                )
        scored.sort(key=lambda s: -s.score)
        return scored

    def _asked(self, question: str, kinds: set[Kind]) -> _Asked:
        """The question's own places, kinds of document and years: "which joint statement"
        names a kind of document, "agreement" none."""
        documents = (
            self.glossary.of_type(self.glossary.concepts_in(question), "document")
            if Kind.DOCUMENT in kinds
            else set()
        )
        return _Asked(
            question,
            fold(question),
            frozenset(self._codes(question)),
            frozenset(documents - GENERIC_DOCUMENTS),
            self.facets.reader.question(question).years,
            self.sides.asked(question) if Kind.PERSON in kinds else None,
        )

    def _typed(
        self,
        asked: _Asked,
        kinds: set[Kind],
        sentence: str,
        language: str,
        count: Counted | None = None,
    ) -> bool:
        """The sentence holds a thing of an asked kind that the question does not already
        name, in any language: "China's" is no answer to "where did Chinese police...?";
        a number answers "how many X" only next to X (``counting.py``)."""
        found = self.entities.find(sentence, language)
        if asked.years and Kind.DATE not in kinds and _of_other_years(found, sentence, asked):
            return False  # "who signed the 2016 MoU?": not the signers of 24 March 2008
        for e in found:
            if e.kind is Kind.DOCUMENT and asked.documents:
                # "Which joint statements were adopted?" names the kind: a sentence naming
                # that kind says which; another kind of document answers another question.
                if self.glossary.concepts_in(e.text) & asked.documents:
                    return True
                continue
            if e.kind not in kinds or named_in(e.text, asked.folded) or filed_date(e, sentence):
                continue
            # "On Wednesday" and a year alone are dated in the lead but type no sentence: most
            # leads name a weekday, years run through reports ("since 2018", "the 2016 MoU"),
            # and typed they would outrank the sentence that dates what was asked.
            if e.vague:
                continue
            if e.kind is Kind.CRIME and not self.lead.new_term(e.text, asked.text):
                continue  # "besides illegal migration, which crimes?": not illegal migration
            counts = count.counts if count and e.kind is Kind.NUMBER else None
            if counts and not counts(sentence, e.start, e.end, language, self.features):
                continue
            if e.kind in _PLACES and known_place(self._codes(e.text), asked.places):
                continue
            if e.kind is Kind.PERSON and foreign_post(sentence, e.start, asked.places, self._codes):
                continue
            if e.kind is Kind.PERSON and self.sides.against(asked.side, sentence, e.start, e.end):
                continue  # "who headed the Chinese delegation?": not the Vietnamese co-chair
            if e.kind is Kind.DATE and _other_year(e.text, asked.years):
                continue
            return True
        return False

    def _new_crimes(self, asked: _Asked, sentence: str, language: str) -> set[str]:
        """The kinds of crime the sentence names that the question does not."""
        crimes = (e.text for e in self.entities.find(sentence, language) if e.kind is Kind.CRIME)
        return {fold(text) for text in crimes if self.lead.new_term(text, asked.text)}

    def _partner_typed(self, asked: _Asked, kinds: set[Kind], doc_id: str) -> bool:
        """ "Which countries...?" is also answered by the article's partner when its sentence
        only says "the two governments": the partner is in the headline or the lead."""
        if Kind.COUNTRY not in kinds:
            return False
        return bool(self.facets.get(doc_id).partners - asked.places)

    def needs_of(self, needs: dict[str, float], types: tuple[str, ...]) -> frozenset[str]:
        """The question's concepts of these glossary types ("@sign", "@prime_minister")."""
        return frozenset(k for k in needs if self._concept_type(k) in types)

    def _concept_type(self, feature: str) -> str:
        concept = self.glossary.concepts.get(feature[1:]) if feature.startswith("@") else None
        return concept.type if concept else ""


def _another(asked: frozenset[str], feats: frozenset[str]) -> bool:
    """The sentence names another ordinal than the one asked: "the seventh conference"
    answers nothing about the sixth."""
    return bool(asked) and asked.isdisjoint(feats) and any(f.startswith(ORDINAL) for f in feats)


def _of_other_years(found: list[Entity], sentence: str, asked: _Asked) -> bool:
    """Every event the sentence dates (a day or a month, not the dateline's) is of another
    year than the question asks: the sentence tells another event, whatever it names."""
    dates = [
        e for e in found if e.kind is Kind.DATE and not e.vague and not filed_date(e, sentence)
    ]
    return bool(dates) and all(_other_year(e.text, asked.years) for e in dates)


def _other_year(date: str, asked: frozenset[int]) -> bool:
    """A date in another year than the question asks: "which days in December 2024?" is not
    answered by "September 2022"."""
    years = years_named(date)
    return bool(asked and years and not years & asked)


def _sentences(text: str) -> tuple[str, ...]:
    """A passage's sentences (``SentenceScorer._sentences`` keeps them per passage)."""
    return tuple(split_sentences(text))


def _words(text: str) -> frozenset[str]:
    """A passage's content words (``SentenceScorer._words`` keeps them per passage)."""
    return frozenset(content_tokens(text))
