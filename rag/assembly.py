"""The pipeline's parts, put together from the settings: which channels, rerankers and
answerer a snapshot of the index is served with.

``RagService`` loads the index and hands each snapshot (its dense view, BM25 index and
article facets) to ``retriever`` and ``answerer``; a new channel, reranker or answerer is
one more line here. The language-wide parts (country names, the entity finder, the
constraint reader) are built once and shared by every snapshot.
"""

from __future__ import annotations

from functools import cached_property

from rag.answer.base import Answerer
from rag.answer.entities import EntityFinder
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.kinds import rules_from_packs
from rag.answer.lead import FactLead
from rag.answer.scoring import SentenceScorer
from rag.answer.sides import Sides
from rag.answer.support import SupportCheck
from rag.answer.terms import named_bodies, named_places, type_terms
from rag.index.bm25 import LexicalIndex
from rag.index.embed import Embedder, embedded_languages
from rag.index.store import ChunkIndex
from rag.lang.glossary import Glossary
from rag.lang.pack import packs
from rag.lang.places import Places
from rag.lang.text import content_tokens, fold, question_words
from rag.retrieve.base import QueryTransform, Retriever
from rag.retrieve.bridge import BridgeChannel, BridgeText
from rag.retrieve.constraint_rerank import ConstraintRerank, ReadConstraints
from rag.retrieve.constraints import ConstraintReader
from rag.retrieve.context import FollowUpContext
from rag.retrieve.dense import DenseChannel, QueryEmbedding
from rag.retrieve.diversity import Diversity
from rag.retrieve.facets import ArticleFacets
from rag.retrieve.fusion import ReciprocalRankFusion
from rag.retrieve.glossary import GlossaryExpansion
from rag.retrieve.lexical import LexicalChannel
from rag.retrieve.name_rerank import NameRerank
from rag.retrieve.names import NamesChannel
from rag.retrieve.pipeline import RetrievalPipeline
from rag.settings import Settings

# The bridge channel's vote in fusion: a bag of glossary names and proper names is weaker
# evidence than the question's own words (measured: 1.0 and 0.5 displaced right articles
# that the lexical channels had first; 0.25 raised hit@1 on the dev parts).
BRIDGE_WEIGHT = 0.25


class Assembly:
    def __init__(self, settings: Settings, embedder: Embedder, glossary: Glossary) -> None:
        self.settings = settings
        self.embedder = embedder
        self.glossary = glossary

    @cached_property
    def places(self) -> Places:
        """Country names of every pack's language (CLDR); built once, used by every snapshot.
        A name that is also a domain word of the glossary ("réunion") names a place only when
        capitalised, in the languages that capitalise names (a Vietnamese question typed
        without diacritics or capitals still names "lao")."""
        return Places.from_packs(packs(), ordinary=self._domain_words(but="country"))

    @cached_property
    def entities(self) -> EntityFinder:
        """Names are runs of capitalised words that are not all ordinary words: the packs'
        stopwords and the glossary's domain words of the languages that capitalise names
        ("Public Security", "Home Office"). Vietnamese words are left out: every syllable
        of a Vietnamese name ("Lâm", "Quang") is also an ordinary word once folded."""
        loaded = packs()
        naming = [pack for pack in loaded.languages.values() if pack.capitalised_names]
        common = {word for pack in naming for word in pack.words.stopwords} | set(
            self._domain_words(but="person")
        )
        return EntityFinder(
            self.places,
            rules_from_packs(packs()),
            common=common.__contains__,
            documents=type_terms(self.glossary, "document"),
            crimes=type_terms(self.glossary, "crime"),
            bodies=named_bodies(self.glossary),
            known_places=named_places(self.glossary),
            regions=Places.regions(packs().codes),
        )

    def _domain_words(self, but: str) -> list[str]:
        """Content words of the glossary's terms (concepts of every type but ``but``) in the
        languages that capitalise names."""
        loaded = packs()
        return content_tokens(
            " ".join(
                term
                for concept in self.glossary.concepts.values()
                if concept.type != but
                for code, terms in concept.terms.items()
                if loaded.for_language(code).capitalised_names
                for term in terms
            )
        )

    @cached_property
    def ordinary_words(self) -> frozenset[str]:
        """Folded words that are capitalised without naming anyone in particular: question
        phrasing, the glossary's domain words ("Bộ Công an", "Home Office") and the packs'
        titles, heads of organisations, months and sentence openers, in every language."""
        rules = rules_from_packs(packs())
        glossary = content_tokens(
            " ".join(t for c in self.glossary.concepts.values() for t in c.all_terms())
        )
        framing = rules.titles | rules.org_heads | rules.not_names | rules.leading | rules.particles
        openers = {fold(opener) for opener in rules.org_openers}
        compound = {w for title in rules.compound_titles | openers for w in title.split()}
        return frozenset(question_words() | set(glossary) | framing | compound)

    @cached_property
    def constraint_reader(self) -> ConstraintReader:
        capitals = Places(self.glossary.territories())
        return ConstraintReader.from_packs(self.places, packs(), capitals)

    def retriever(
        self, view: ChunkIndex, lexical: LexicalIndex, facets: ArticleFacets
    ) -> RetrievalPipeline:
        """The retrieval pipeline, slot by slot: a channel or a reranker is one more line."""
        transforms: list[QueryTransform] = [
            GlossaryExpansion(self.glossary),
            BridgeText(self.glossary, embedded_languages(self.settings)),
            ReadConstraints(self.constraint_reader),
            QueryEmbedding(self.embedder, embedded_languages(self.settings)),
        ]
        channels: list[Retriever] = [
            DenseChannel(view, lexical.chunks, languages=embedded_languages(self.settings)),
            BridgeChannel(view, lexical.chunks, languages=embedded_languages(self.settings)),
            LexicalChannel(lexical),
            NamesChannel(lexical, self.places),
        ]
        if self.settings.answerer == "llm" and self.settings.llm_rewrite:
            from rag.retrieve.rewrite import rewrite_channel  # the openai client: only if used

            channels.append(rewrite_channel(self.settings, transforms, list(channels)))
        return RetrievalPipeline(
            transforms=transforms,
            channels=channels,
            fusion=ReciprocalRankFusion(
                k=60, weights={"dense": 1.0, "bm25": 1.0, "names": 1.0, "bridge": BRIDGE_WEIGHT}
            ),
            postprocessors=[
                ConstraintRerank(facets),
                FollowUpContext(),
                NameRerank(
                    facets,
                    self.places,
                    lexical.idf,
                    lexical.vocab.__contains__,
                    ordinary=self.ordinary_words.__contains__,
                ),
                Diversity(max_per_doc=2),
            ],
            pool=self.settings.candidate_pool,
        )

    def _terms(self, concept: str) -> list[str]:
        """A glossary concept's words in every language; none when admins removed it."""
        found = self.glossary.concepts.get(concept)
        return found.all_terms() if found else []

    def answerer(self, lexical: LexicalIndex, facets: ArticleFacets) -> Answerer:
        support = SupportCheck(self.constraint_reader, facets, self.entities, self.glossary)
        sides = Sides(self.places, packs(), self._terms("talks"))
        lead = FactLead(self.entities, self.places, self.glossary, sides)
        scorer = SentenceScorer(
            self.glossary,
            lexical.idf,
            lexical.vocab.__contains__,
            self.entities,
            lead,
            facets,
            sides,
        )
        extractive = ExtractiveAnswerer(
            self.glossary,
            scorer,
            min_coverage=self.settings.min_coverage,
            support=support,
            lead=lead,
        )
        if self.settings.answerer != "llm":
            return extractive
        from rag.answer.llm import Generation, LLMAnswerer
        from rag.answer.llm_client import RetryingOpenAI  # imported only when an LLM is configured
        from rag.answer.prompts import load_prompts

        prompts = load_prompts(self.settings.prompts_dir)
        return LLMAnswerer(
            RetryingOpenAI.from_settings(self.settings),
            self.settings.llm_model,
            prompts["answer_system"],
            prompts["answer_user"],
            fallback=extractive,
            generation=Generation(
                self.settings.llm_max_tokens,
                self.settings.llm_deadline_s,
                self.settings.llm_max_answer_chars,
                self.settings.llm_passage_chars,
            ),
        )
