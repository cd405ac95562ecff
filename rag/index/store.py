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

import errno
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from rag.errors import IndexProblem, IndexUnavailable, StorageFull, StorageReadOnly
from rag.index.embed import Embedder
from rag.index.reserve import DiskReserve
from rag.index.rows import from_row, to_row
from rag.models import Chunk, ChunkMeta, Filters
from rag.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

log = logging.getLogger(__name__)
T = TypeVar("T")
ADD_BATCH = 2000  # below Chroma's max batch (5,461)


def make_chroma_client(settings: Settings, reading: bool = True) -> ClientAPI:
    """``reading``: a process that answers questions may spend the disk reserve to open the
    index on a full disk (rag/index/reserve.py); a refresh (``reading=False``) never does."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        except Exception as exc:  # chromadb raises ValueError/ConnectionError variants
            down = IndexUnavailable(
                f"Chroma server {settings.chroma_host}:{settings.chroma_port} is unreachable: {exc}"
            )
            raise (down if reading else down.during_refresh()) from exc
    reserve = DiskReserve(settings.state_dir, settings.disk_reserve_mb << 20)
    while True:
        try:
            settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(
                path=str(settings.chroma_dir), settings=chroma_settings
            )
        except Exception as exc:  # a damaged sqlite file or segment surfaces as assorted errors
            # chromadb caches the client of a path even when its start failed, and every later
            # open of that path in this process would find it broken: forget that one (it has
            # no public call for one path; clearing all would orphan other clients' sockets).
            SharedSystemClient._identifier_to_system.pop(str(settings.chroma_dir), None)
            fault = storage_fault(exc, str(settings.chroma_dir))
            if isinstance(fault, StorageFull) and reading and reserve.release():
                continue  # opened again in the room the reserve leaves
            if fault is not None:
                raise (fault if reading else fault.during_refresh()) from exc
            raise IndexProblem(
                f"the index in {settings.chroma_dir} cannot be opened "
                f"({type(exc).__name__}: {exc}); "
                "move that folder aside and run `accord index --full` to rebuild it"
            ) from exc


def embedding_text(chunk: Chunk) -> str:
    """The title travels with every chunk: a passage rarely repeats who met whom."""
    return f"{chunk.meta.title}\n{chunk.text}"


@dataclass(frozen=True)
class DocVersion:
    doc_hash: str
    file_hash: str = ""
    body_key: str = ""


class ChunkIndex:
    """One Chroma collection of chunks; vectors come from the injected embedder."""

    def __init__(self, client: ClientAPI, name: str, embedder: Embedder, signature: str) -> None:
        self.client = client
        self.name = name
        self.embedder = embedder
        self.signature = signature
        chroma = client.get_settings()
        self._is_server = "fastapi" in str(chroma.chroma_api_impl).lower()
        self.location = (
            f"Chroma server {chroma.chroma_server_host}:{chroma.chroma_server_http_port}"
            if self._is_server
            else str(chroma.persist_directory)
        )
        try:
            self.collection = client.get_or_create_collection(
                name, metadata={"hnsw:space": "cosine", "embedder": signature}
            )
        except Exception as exc:
            fault = storage_fault(exc, self.location, server=self._is_server)
            if fault is not None:
                raise fault from exc
            raise IndexProblem(
                f"cannot open Chroma collection {name!r} ({type(exc).__name__}: {exc}); "
                "if the index is damaged, move the data folder aside and run `accord index --full`"
            ) from exc
        built_with = (self.collection.metadata or {}).get("embedder")
        if built_with and built_with != signature:
            raise IndexProblem(
                f"the index was built with embedder {built_with!r} but {signature!r} is configured; "
                "run `accord index --full` to rebuild it"
            )
        self._meta_collection: Any = None

    def count(self) -> int:
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
                meta.doc_hash, meta.file_hash, meta.body_key
            )
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

    def _page(self, where: Any, offset: int) -> Any:
        return self._guard(
            lambda: self.collection.get(
                where=where, include=["metadatas"], limit=5000, offset=offset
            )
        )

    def _delete(self, where: Any) -> None:
        self._guard(lambda: self.collection.delete(where=where))

    # --- generation: lets other processes notice a finished refresh ----------------

    def _meta(self) -> Any:
        """Opened once: readers look at the generation every few seconds."""
        if self._meta_collection is None:
            self._meta_collection = self._guard(
                lambda: self.client.get_or_create_collection(f"{self.name}-meta")
            )
        return self._meta_collection

    def generation(self) -> int:
        meta = self._meta()
        got = self._guard(lambda: meta.get(ids=["generation"], include=["metadatas"]))
        metas = got.get("metadatas") or []
        return int(metas[0].get("generation", 0)) if metas and metas[0] else 0

    def publish(self, generation: int) -> None:
        """Mark a refresh as complete; readers reload when they see a new generation."""
        meta = self._meta()
        self._guard(
            lambda: meta.upsert(
                ids=["generation"], embeddings=[[0.0]], metadatas=[{"generation": generation}]
            )
        )

    def _metadatas(self, where: dict[str, Any] | None = None) -> Iterable[ChunkMeta]:
        offset = 0
        while True:
            page = self._page(where, offset)
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
            write = partial(
                self.collection.add,
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

    def all_chunks(self) -> list[Chunk]:
        """The live chunks: per article, its complete version of the highest generation."""
        return live_versions(self._all_stored())

    def _all_stored(self) -> list[Chunk]:
        chunks: list[Chunk] = []
        total = self.count()
        for offset in range(0, total, 5000):
            page = self._guard(
                partial(
                    self.collection.get,
                    include=["metadatas", "documents"],
                    limit=5000,
                    offset=offset,
                )
            )
            for cid, text, meta in zip(
                page["ids"], page["documents"] or [], page["metadatas"] or [], strict=True
            ):
                chunks.append(from_row(cid, text, dict(meta)))
        chunks.sort(key=lambda c: (c.doc_id, c.position))
        return chunks


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


_FULL = ("database or disk is full", "no space left on device", "disk quota exceeded")
_READ_ONLY = ("readonly database", "read-only file system", "attempt to write a read")


def storage_fault(exc: BaseException, where: str, server: bool = False) -> IndexProblem | None:
    """The one mapping of the store's failures to what users are told, or None for a bug.

    chromadb reports a full disk (SQLite's SQLITE_FULL, code 13) as an ``InternalError``
    whose text says "database or disk is full", the HNSW files and our own files as an
    ``OSError`` with ENOSPC; a read-only folder as SQLite code 8 or EROFS/EACCES. Through a
    server the same texts arrive in its error replies, and a dead server as httpx's
    connection errors.
    """
    chain = _chain(exc)
    codes = {e.errno for e in chain if isinstance(e, OSError)}
    text = " ".join(str(e).lower() for e in chain)
    if codes & {errno.ENOSPC, errno.EDQUOT} or any(words in text for words in _FULL):
        return StorageFull(f"no room left on the disk holding the index {where}", folder=where)
    if codes & {errno.EROFS, errno.EACCES, errno.EPERM} or any(w in text for w in _READ_ONLY):
        return StorageReadOnly(f"the index {where} cannot be written: {exc}", folder=where)
    if server and _is_connection_error(exc):
        return IndexUnavailable(f"Chroma server unreachable: {type(exc).__name__}")
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _is_connection_error(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e is not None}
    return (
        bool(
            names
            & {
                "ConnectError",
                "ConnectTimeout",
                "ReadTimeout",
                "RemoteProtocolError",
                "ConnectionError",
                "ConnectionRefusedError",
                "ReadError",
            }
        )
        or "connect" in str(exc).lower()
    )
