"""Chunks in Chroma, embedded or on a server, written and read as rows of our own.

The index's own store is the record of what is indexed: each chunk carries its
article's ``doc_hash``, so a refresh diffs the folder against Chroma itself and
no side file can drift from it.

Why rows and not llama-index nodes: llama-index stays where it does real work (the
SentenceSplitter in rag/index/chunking.py), but its node was a second chunk model with
its own rules (the ``doc_id`` metadata key is overwritten with "None" unless a SOURCE
relationship is set) and its ``ChromaVectorStore`` only reshaped our metadata into a row
and back. Writing rows through ``rows.to_row``/``rows.from_row`` keeps one chunk model
(``rag.models.Chunk``), and the read path (`accord ask`) never imports llama-index, about
a second of its cold start. chromadb itself is imported when a client is made, not when
this module is.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from rag.errors import IndexProblem
from rag.index.client import make_chroma_client
from rag.index.embed import Embedder, embedder_signature
from rag.index.faults import storage_fault
from rag.index.head import Head, Pending, read_head, read_pending
from rag.index.rows import from_row, to_row
from rag.models import Chunk, ChunkMeta, Filters
from rag.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

__all__ = [
    "ChunkIndex",
    "DocVersion",
    "IndexProblem",
    "make_chroma_client",
    "open_index",
    "storage_fault",
]
log = logging.getLogger(__name__)
T = TypeVar("T")
ADD_BATCH = 2000  # below Chroma's max batch (5,461)


def embedding_text(chunk: Chunk) -> str:
    """The title travels with every chunk: a passage rarely repeats who met whom."""
    return f"{chunk.meta.title}\n{chunk.text}"


@dataclass(frozen=True)
class DocVersion:
    doc_hash: str
    file_hash: str = ""
    body_key: str = ""
    n_chunks: int = 0


def open_index(
    settings: Settings,
    embedder: Embedder,
    *,
    writing: bool = False,
    rebuild: bool = False,
    fresh: bool = False,
) -> ChunkIndex:
    """The configured index as a reader's view (never writes) or a refresh's (``writing``;
    ``rebuild``: an index built by another embedder is rebuilt beside it, not refused)."""
    client = make_chroma_client(settings, fresh=fresh, writing=writing)
    index = ChunkIndex(
        client,
        settings.collection,
        embedder,
        embedder_signature(settings),
        reading=not writing,
        rebuild=rebuild,
    )
    index.settings = settings
    return index


class ChunkIndex:
    """One Chroma collection of chunks; vectors come from the injected embedder.

    ``reading``: nothing is created (an index never built reads as empty). Otherwise the
    collections are created as needed. The data collection is the one the published head
    names (a rebuild under another embedder writes a new one and publishes the switch)."""

    def __init__(
        self,
        client: ClientAPI,
        name: str,
        embedder: Embedder,
        signature: str,
        *,
        reading: bool = False,
        rebuild: bool = False,
    ) -> None:
        self.client = client
        self.name = name
        self.embedder = embedder
        self.signature = signature
        self.reading = reading
        self.settings: Settings | None = None  # set by open_index: lets a view be reopened
        chroma = client.get_settings()
        self._is_server = "fastapi" in str(chroma.chroma_api_impl).lower()
        self.location = (
            f"Chroma server {chroma.chroma_server_host}:{chroma.chroma_server_http_port}"
            if self._is_server
            else str(chroma.persist_directory)
        )
        self._meta_collection: Any = self._open(f"{name}-meta", create=not reading)
        self.head = self._guard(lambda: read_head(self._meta_collection, with_manifest=False))
        self.live_name = self.head.collection or name
        self.replaces = ""  # the data collection this one replaces once published
        self.collection: Any = self._open(self.live_name, create=not reading, embedder=True)
        built_with = (self.collection.metadata or {}).get("embedder") if self.collection else None
        self.mismatch = ""  # the embedder the live index was built with, when not ours
        if built_with and built_with != signature:
            self.mismatch = str(built_with)
            if not rebuild or reading:
                raise self.mismatch_problem()

    def mismatch_problem(self) -> IndexProblem:
        return IndexProblem(
            f"the index was built with embedder {self.mismatch!r} but {self.signature!r} is "
            "configured; run `accord index --full` to rebuild it"
        )

    def begin_rebuild(self) -> None:
        """Write into a collection of our embedder beside the live one; readers of the old
        embedder keep the live one until the refresh publishes the switch."""
        self.replaces = self.live_name
        self.collection = self._open(rebuild_name(self.name, self.signature), True, True)
        self.mismatch = ""

    def _open(self, name: str, create: bool, embedder: bool = False) -> Any:
        metadata = {"hnsw:space": "cosine", "embedder": self.signature} if embedder else None
        try:
            if create:
                return self.client.get_or_create_collection(name, metadata=metadata)
            return self.client.get_collection(name)
        except Exception as exc:
            fault = storage_fault(exc, self.location, server=self._is_server)
            if fault is not None:
                raise fault from exc
            if not create and type(exc).__name__ in {"NotFoundError", "InvalidCollectionException"}:
                return None  # never built: readers see an empty index
            if not create and "does not exist" in str(exc):
                return None
            raise IndexProblem(
                f"cannot open Chroma collection {name!r} ({type(exc).__name__}: {exc}); "
                "if the index is damaged, move the data folder aside and run `accord index --full`"
            ) from exc

    def reopened(self, *, writing: bool | None = None, rebuild: bool = False) -> ChunkIndex:
        """A new view of the same index that sees every refresh published so far (see
        rag/index/client.py for why an embedded view must be new to see them)."""
        writing = not self.reading if writing is None else writing
        # A server answers from its current state: the same client, its head read again
        # (a new HTTP client per reload would only leave the old one's sockets open).
        # An index built by hand (tests) has no settings to open a new view with.
        if self.settings is None or self._is_server:
            return ChunkIndex(
                self.client, self.name, self.embedder, self.signature,
                reading=not writing, rebuild=rebuild,
            )  # fmt: skip
        return open_index(
            self.settings, self.embedder, writing=writing, rebuild=rebuild, fresh=True
        )

    def count(self) -> int:
        if self.collection is None:
            return 0
        return int(self._guard(self.collection.count))

    def _guard(self, call: Callable[[], T]) -> T:
        """Every call into Chroma goes through here: faults front ends can explain (a server
        outage, a full or read-only disk) become ``IndexProblem``s; anything else is a bug."""
        try:
            return call()
        except IndexProblem:
            raise
        except Exception as exc:
            fault = storage_fault(exc, self.location, server=self._is_server)
            if fault is not None:
                raise fault from exc
            raise

    def versions(self) -> dict[str, dict[str, DocVersion]]:
        """doc_id -> complete versions stored. A version's first chunk is written last, so its
        presence marks the version complete; only those rows are read (a quarter of the index)."""
        docs: dict[str, dict[str, DocVersion]] = {}
        for meta in self._metadatas(where={"position": 0}):
            docs.setdefault(meta.doc_id, {})[meta.version] = DocVersion(
                meta.doc_hash, meta.file_hash, meta.body_key, meta.n_chunks
            )
        return docs

    def stored_versions(self) -> dict[str, set[str]]:
        """doc_id -> every version with a row, complete or not (a full scan: crash leftovers)."""
        docs: dict[str, set[str]] = {}
        for meta in self._metadatas():
            docs.setdefault(meta.doc_id, set()).add(meta.version)
        return docs

    def delete_stale(self, keep: dict[str, str | None]) -> None:
        """Delete every version of these articles except the one named (None: delete all)."""
        docs = sorted(keep)
        for start in range(0, len(docs), 500):
            batch = docs[start : start + 500]
            gone = [d for d in batch if keep[d] is None]
            kept = [d for d in batch if keep[d] is not None]
            if gone:
                self._delete({"doc_id": {"$in": gone}})
            if kept:
                versions = [str(keep[d]) for d in kept]
                self._delete({"$and": [{"doc_id": {"$in": kept}}, {"version": {"$nin": versions}}]})

    def _page(self, where: Any, offset: int, include: list[str]) -> Any:
        return self._guard(
            lambda: self.collection.get(where=where, include=include, limit=5000, offset=offset)
        )

    def _delete(self, where: Any) -> None:
        self._guard(lambda: self.collection.delete(where=where))

    # --- the head: what is live, published in one write -------------------------------

    def _meta(self) -> Any:
        """The meta collection; a reader opened before the first refresh looks again."""
        if self._meta_collection is None:
            self._meta_collection = self._open(f"{self.name}-meta", create=False)
        return self._meta_collection

    def generation(self) -> int:
        """The published generation, read afresh (readers poll it every few seconds)."""
        return self._guard(lambda: read_head(self._meta(), False)).generation

    def current_head(self) -> Head:
        """The published head with its manifest, read afresh."""
        return self._guard(lambda: read_head(self._meta(), with_manifest=True))

    def publish(self, generation: int, manifest: dict[str, str] | None = None) -> Head:
        """Make a refresh live: its generation, data collection and manifest in one write."""
        meta = self._meta_collection
        head = Head.of(generation, self.collection.name, manifest or {})
        if manifest is None:  # an index without a manifest (tests that write by hand)
            head = Head(generation, self.collection.name)
        self._guard(lambda: meta.upsert(**head.record()))
        self.head, self.live_name = head, self.collection.name
        log.info("published index generation %d (%s)", generation, self.collection.name)
        return head

    def pending(self) -> Pending | None:
        return self._guard(lambda: read_pending(self._meta_collection))

    def mark_pending(self, pending: Pending | None) -> None:
        """Record the refresh under way before it writes; None: it ended."""
        meta = self._meta_collection
        if pending is None:
            self._guard(lambda: meta.delete(ids=["pending"]))
        else:
            self._guard(lambda: meta.upsert(**pending.record()))

    def drop_replaced(self) -> None:
        """After a rebuild under a new embedder has been live for the grace period."""
        if self.replaces:
            name = self.replaces
            self._guard(lambda: self.client.delete_collection(name))
            self.replaces = ""

    def _metadatas(self, where: dict[str, Any] | None = None) -> Iterable[ChunkMeta]:
        if self.collection is None:
            return
        offset = 0
        while True:
            page = self._page(where, offset, ["metadatas"])
            rows = page["metadatas"] or []
            yield from (
                from_row(cid, "", dict(m)).meta for cid, m in zip(page["ids"], rows, strict=True)
            )
            if len(rows) < 5000:
                return
            offset += 5000

    def add(self, chunks: list[Chunk], progress: Callable[[int], None] | None = None) -> None:
        """Embed in batches and write. Every article's first chunk goes last: once it is
        stored, the whole version is (see ``versions``)."""
        chunks = sorted(chunks, key=lambda c: c.position == 0)
        for start in range(0, len(chunks), ADD_BATCH):
            batch = chunks[start : start + ADD_BATCH]
            vectors: Any = self.embedder.embed_texts([embedding_text(c) for c in batch])
            ids, documents, metadatas = zip(*(to_row(c) for c in batch), strict=True)
            write = partial(  # upsert: a resumed run rewrites rows a dead run left
                self.collection.upsert,
                ids=list(ids),
                embeddings=vectors,
                documents=list(documents),
                metadatas=list(metadatas),
            )
            self._guard(write)
            if progress:
                progress(len(batch))

    def dense(
        self, query_embedding: list[float], k: int, filters: Filters
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first. Ids only: readers hold the chunk texts in
        their snapshot, and decoding 30 stored rows per question cost more than the search."""
        if self.collection is None:
            return []
        where: Any = filters.to_where()
        vectors: Any = [query_embedding]
        result = self._guard(
            lambda: self.collection.query(
                query_embeddings=vectors, n_results=k, where=where, include=["distances"]
            )
        )
        ids = (result.get("ids") or [[]])[0]
        distances = (result.get("distances") or [[]])[0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=False)]

    def all_chunks(self, head: Head | None = None) -> list[Chunk]:
        """The live chunks: the versions the head's manifest names; for an index published
        without one, per article its complete version of the highest generation."""
        head = self.current_head() if head is None else head
        stored = self._all_stored()
        if head.manifest is None:
            return live_versions(stored)
        return live_versions([c for c in stored if head.manifest.get(c.doc_id) == c.meta.version])

    def _all_stored(self) -> list[Chunk]:
        chunks: list[Chunk] = []
        if self.collection is None:
            return chunks
        offset = 0
        while True:
            page = self._page(None, offset, ["metadatas", "documents"])
            for cid, text, meta in zip(
                page["ids"], page["documents"] or [], page["metadatas"] or [], strict=True
            ):
                chunks.append(from_row(cid, text, dict(meta)))
            if len(page["ids"]) < 5000:
                break
            offset += 5000
        chunks.sort(key=lambda c: (c.doc_id, c.position))
        return chunks


def rebuild_name(name: str, signature: str) -> str:
    """The data collection a rebuild under ``signature`` writes: the same name every time,
    so an interrupted rebuild is resumed, not started again beside the first."""
    return f"{name}-{hashlib.sha256(signature.encode()).hexdigest()[:8]}"


def live_versions(chunks: list[Chunk]) -> list[Chunk]:
    by_version: dict[tuple[str, str], list[Chunk]] = {}
    for chunk in chunks:
        by_version.setdefault((chunk.doc_id, chunk.meta.version), []).append(chunk)
    best: dict[str, tuple[int, list[Chunk]]] = {}
    for (doc_id, _version), group in by_version.items():
        if len(group) != group[0].meta.n_chunks:
            continue  # half-written by a refresh that did not finish
        generation = group[0].meta.generation
        if doc_id not in best or generation > best[doc_id][0]:
            best[doc_id] = (generation, group)
    live = [c for _gen, group in best.values() for c in group]
    live.sort(key=lambda c: (c.doc_id, c.position))
    return live
