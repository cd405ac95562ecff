"""The one interface front ends use: ask a question, refresh the index, describe the corpus.

Models and the index load once, here; the bot, the CLI and the eval harness
share this object instead of wiring the pipeline themselves.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from rag.answer.asked import asks_order, spans_articles
from rag.answer.base import Answerer, AnswerRequest, timed
from rag.answer.conversation import Conversation, sources
from rag.assembly import Assembly
from rag.errors import QuestionError
from rag.index.bm25 import LexicalIndex
from rag.index.chunking import Chunker
from rag.index.embed import Embedder, make_embedder
from rag.index.snapshot import SnapshotCache
from rag.index.store import ChunkIndex, IndexProblem, embedding_text, open_index
from rag.lang.detect import check_supported, detect_question_language, warm_up
from rag.lang.glossary import Glossary
from rag.lang.messages import t
from rag.models import Answer, Chunk, ChunkMeta, Filters, IndexReport
from rag.retrieve.facets import ArticleFacets
from rag.retrieve.pipeline import RetrievalPipeline
from rag.settings import Settings

log = logging.getLogger(__name__)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class CorpusInfo:
    documents: int
    chunks: int
    languages: dict[str, int] = field(default_factory=dict)
    date_min: str = ""
    date_max: str = ""


class AccordService(Protocol):
    def ask(
        self,
        question: str,
        conversation: Conversation | None = None,
        filters: Filters | None = None,
        language_hint: str | None = None,
    ) -> Answer: ...

    def refresh(self, full: bool = False, force: bool = False) -> IndexReport: ...

    def corpus(self) -> CorpusInfo: ...


def describe(chunks: list[Chunk]) -> CorpusInfo:
    docs: dict[str, ChunkMeta] = {}
    for chunk in chunks:
        docs.setdefault(chunk.doc_id, chunk.meta)
    languages: dict[str, int] = {}
    for meta in docs.values():
        languages[meta.language] = languages.get(meta.language, 0) + 1
    dated = sorted((m.date_sort, m.date) for m in docs.values() if m.date_year)
    return CorpusInfo(
        documents=len(docs),
        chunks=len(chunks),
        languages=languages,
        date_min=dated[0][1] if dated else "",
        date_max=dated[-1][1] if dated else "",
    )


class Startup:
    """Start-up loads that do not depend on each other, each in a thread of its own.

    The embedder's weights, the language identifier and chromadb's import are independent;
    decompression and numpy work release the GIL, so on two cores they overlap, which is
    most of `accord ask`'s cold start. A step that needs one load waits for that one only.
    """

    def __init__(self) -> None:
        self._threads: dict[str, threading.Thread] = {}

    def begin(self, name: str, job: Callable[[], object]) -> None:
        """Start ``job`` unless a load of that name was started already."""
        if name not in self._threads:

            def load() -> None:
                try:
                    job()
                except Exception as exc:  # the step that needs this load repeats it and says why
                    log.info("start-up load %r failed: %s: %s", name, type(exc).__name__, exc)

            thread = threading.Thread(target=load, name=f"accord-{name}", daemon=True)
            thread.start()
            self._threads[name] = thread

    def wait(self, name: str) -> None:
        thread = self._threads.get(name)
        if thread is not None:
            thread.join()


@dataclass
class _Loaded:
    """Everything derived from the index's contents; swapped whole after a refresh."""

    retriever: RetrievalPipeline
    answerer: Answerer
    facets: ArticleFacets
    info: CorpusInfo
    generation: int
    checked_at: float
    view: ChunkIndex  # the store as of this snapshot: dense search reads this view
    chunks: list[Chunk]  # the snapshot's live chunks (the lexical index holds them too)


class RagService:
    def __init__(
        self,
        settings: Settings,
        index: ChunkIndex,
        embedder: Embedder,
        glossary: Glossary,
        startup: Startup | None = None,
    ) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.glossary = glossary
        self.assembly = Assembly(settings, embedder, glossary)
        self.chunker = Chunker(
            glossary, settings.chunk_size, settings.chunk_overlap, self.assembly.constraint_reader
        )
        self.startup = startup or Startup()
        self._reload_lock = threading.Lock()
        self._loaded: _Loaded | None = None
        self._reloading: threading.Thread | None = None
        self.snapshots = SnapshotCache(
            settings.state_dir / "snapshots",
            settings.collection,
            index.signature,
            self.chunker.fingerprint,
            f"{settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else str(settings.chroma_dir),
        )

    @classmethod
    def from_settings(cls, settings: Settings, answering: bool = True) -> RagService:
        """``answering``: warm up what questions need (the embedder, the language identifier)
        while chromadb imports; an index refresh skips it and loads what it needs itself."""
        embedder = make_embedder(settings)
        startup = Startup()
        if answering:
            startup.begin("embedder", partial(embedder.embed_query, "warm-up"))
            startup.begin("language", warm_up)
        # A reader's view (imports chromadb meanwhile); `accord index` opens a writer's, which
        # also opens an index built by another embedder, to rebuild it with --full.
        index = open_index(settings, embedder, writing=not answering, rebuild=not answering)
        return cls(settings, index, embedder, Glossary.load(settings.glossary_path), startup)

    # --- loading ---------------------------------------------------------------

    def _build(self, view: ChunkIndex | None = None) -> _Loaded:
        """A snapshot of what the head publishes, read through ``view`` (default: the view
        opened at start). Readers never write: the refresh saves the snapshot it publishes,
        and when it is absent (an index from before, another machine's state folder) it is
        built here, in memory."""
        # Loading the embedder's weights overlaps with reading the index.
        self.startup.begin("embedder", partial(self.embedder.embed_query, "warm-up"))
        view = view or self.index
        head = view.current_head()
        lexical = self.snapshots.load(head.generation, head.digest)
        if lexical is None:
            lexical = LexicalIndex(view.all_chunks(head))
            if head.digest:
                log.info("no cached snapshot of generation %d: built in memory", head.generation)
        facets = ArticleFacets(lexical.chunks, self.assembly.constraint_reader)
        retriever = self.assembly.retriever(view, lexical, facets)
        info = describe(lexical.chunks)
        self.startup.wait("embedder")
        answerer = self.assembly.answerer(lexical, facets)
        return _Loaded(
            retriever,
            answerer,
            facets,
            info,
            head.generation,
            time.monotonic(),
            view,
            lexical.chunks,
        )

    def _rebuild(self) -> _Loaded:
        """The snapshot of a newer head, through a new view of the store: the view opened
        at start would answer dense queries from the vectors of its own time. The new view
        is checked (``_unseen``); one that still does not see the latest articles is
        reopened once, then reported instead of served silently."""
        for attempt in (1, 2):
            fresh = self._build(self.index.reopened(writing=False))
            missing = self._unseen(fresh)
            if not missing:
                return fresh
            log.error(
                "dense search of generation %d does not return %s, written by the last "
                "refresh (attempt %d): this process's vector index is stale",
                fresh.generation, missing, attempt,
            )  # fmt: skip
        log.error("serving generation %d with stale dense search; restart to fix", fresh.generation)
        return fresh

    def _unseen(self, state: _Loaded) -> str:
        """A chunk of the newest generation in the snapshot that dense search does not find
        by its own text ('' when it does, or there is none): a stale view, made visible."""
        if not state.chunks:
            return ""
        newest = max(state.chunks, key=lambda c: (c.meta.generation, c.chunk_id))
        vector = self.embedder.embed_query(embedding_text(newest))
        found = {cid for cid, _score in state.view.dense(vector, 5, Filters())}
        return "" if newest.chunk_id in found else newest.chunk_id

    def loaded(self) -> _Loaded:
        """The current snapshot. When another process has published a newer index, the new
        snapshot is built in the background while questions keep using this one."""
        state = self._loaded
        if state is None:
            with self._reload_lock:
                if self._loaded is None:
                    self._loaded = self._build()
                return self._loaded
        if self._stale(state) and not (self._reloading and self._reloading.is_alive()):
            self._reloading = threading.Thread(target=self._reload, daemon=True)
            self._reloading.start()
        return state

    def _reload(self) -> None:
        try:
            fresh = self._rebuild()
        except Exception:
            log.exception("could not load the newer index; still serving the previous one")
            return
        self._loaded, self.index = fresh, fresh.view

    def _stale(self, state: _Loaded) -> bool:
        now = time.monotonic()
        if now - state.checked_at < self.settings.reload_check_s:
            return False
        state.checked_at = now
        return self.index.generation() != state.generation

    # --- the interface ------------------------------------------------------------

    def corpus(self) -> CorpusInfo:
        return self.loaded().info

    def refresh(
        self, full: bool = False, force: bool = False, show_progress: bool = False
    ) -> IndexReport:
        from rag.index.refresh import Indexer  # tqdm and the readers: only when indexing

        # A writer's own view: one opened earlier in this process (the bot's) holds the
        # vectors of its time, and writing through it could persist them over newer ones.
        writer = self.index.reopened(writing=True, rebuild=True)
        indexer = Indexer(
            writer,
            self.chunker,
            self.settings.state_dir,
            self.settings.max_file_bytes,
            grace_s=self.settings.reload_check_s + 1.0,
            snapshots=self.snapshots,
            reserve_bytes=self.settings.disk_reserve_mb << 20,
        )
        report = indexer.refresh(
            self.settings.seeds_dir, full=full, force=force, show_progress=show_progress
        )
        fresh = self._rebuild()
        self._loaded, self.index = fresh, fresh.view  # readers keep the old one until this swap
        return report

    def ask(
        self,
        question: str,
        conversation: Conversation | None = None,
        filters: Filters | None = None,
        language_hint: str | None = None,
    ) -> Answer:
        started = time.perf_counter()
        question = _CONTROL.sub(" ", question).strip()
        self.startup.wait("language")  # its model loads once, in the start-up thread
        hint = language_hint or (conversation.language if conversation else None)
        language = detect_question_language(question, hint)
        self._validate(question, language)
        state = self.loaded()
        if state.info.chunks == 0:
            raise IndexProblem(
                "the index is empty: run `accord index` to build it from the articles folder"
            )
        query = conversation.query_for(question, language) if conversation else question
        # No lock: the embedder serialises its own model (rag/index/embed.py), and the rest of
        # retrieval reads immutable snapshots, so one question's BM25 overlaps another's encoding.
        several = self.assembly.constraint_reader.question(question).several
        # A list or "which came first" spans articles; "the latest" is judged over every
        # report of the asked kind, and the newest need not match the words best.
        widen = 3 if asks_order(question) else 2 if several or spans_articles(question) else 1
        top_k = self.settings.top_k * widen
        context = conversation.context_for(question, language) if conversation else frozenset()
        retrieval = state.retriever.retrieve(query, top_k, filters, language, context)
        history = list(conversation.answers) if conversation else []
        answer_started = time.perf_counter()
        answer = state.answerer.answer(
            AnswerRequest(
                question,
                language,
                retrieval,
                query,
                history,
                partial(
                    state.retriever.retrieve,
                    top_k=self.settings.top_k,
                    filters=filters,
                    language=language,
                    context=context,
                )
                if several
                else None,
            )
        )
        answer = timed(
            answer,
            {
                **retrieval.timings_ms,
                "answer": round((time.perf_counter() - answer_started) * 1000, 2),
                "total": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        if conversation is not None:
            conversation.record(question, query, answer.answer, language, sources(answer))
        return answer

    def _validate(self, question: str, language: str) -> None:
        if not any(ch.isalnum() for ch in question):
            raise QuestionError(t("empty_question", language))
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise QuestionError(t("too_long", language, length=len(question), limit=limit))
        check_supported(question)  # not a "not found" in a language the asker did not use
