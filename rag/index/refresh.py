"""Bring the index in line with the articles folder: add, replace, remove, skip unchanged.

Guarded against the common admin accident (an empty or unmounted folder would
otherwise delete the whole corpus) and against two refreshes at once.
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from rag.errors import ConfigError, IndexProblem, IngestError, RefreshRefused
from rag.index.bm25 import LexicalIndex
from rag.index.chunking import Chunker
from rag.index.head import Head, Pending
from rag.index.reserve import DiskReserve
from rag.index.snapshot import SnapshotCache
from rag.index.store import ChunkIndex, DocVersion, storage_fault
from rag.ingest.folder import ArticlesFolder
from rag.ingest.walk import file_hash, ingest_files
from rag.models import Chunk, IndexReport

log = logging.getLogger(__name__)
MASS_DELETE_SHARE = 0.5


@contextmanager
def refresh_lock(state_dir: Path) -> Iterator[None]:
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / "index.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RefreshRefused(
                "another index refresh is running; try again when it ends"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class _Plan:
    generation: int
    nonce: str = ""  # a full rebuild's: new version ids for every article
    report: IndexReport = field(default_factory=IndexReport)
    keep: dict[str, str | None] = field(default_factory=dict)  # doc -> version to keep (None: none)
    todo: list[Chunk] = field(default_factory=list)


class Indexer:
    def __init__(
        self,
        index: ChunkIndex,
        chunker: Chunker,
        state_dir: Path,
        max_file_bytes: int,
        grace_s: float = 0.0,
        snapshots: SnapshotCache | None = None,
        reserve_bytes: int = 0,
    ) -> None:
        self.index = index
        self.chunker = chunker
        self.state_dir = state_dir
        self.max_file_bytes = max_file_bytes
        # Old versions outlive the publish by this long, so readers in other processes
        # (which look for a new generation every few seconds) swap before they vanish.
        self.grace_s = grace_s
        # The writer builds the readers' snapshot of what it publishes: readers never write.
        self.snapshots = snapshots
        self.reserve = DiskReserve(state_dir, reserve_bytes)

    def refresh(
        self, folder: Path, full: bool = False, force: bool = False, show_progress: bool = False
    ) -> IndexReport:
        """The refresh, with the faults that can stop it half-way (a full or read-only disk,
        the Chroma server or the embedding endpoint gone) told as what survived and what to
        run next. Whatever stops it, the previous index stays servable (see ``_refresh``)."""
        try:
            return self._refresh(folder, full, force, show_progress)
        except IndexProblem as exc:
            raise exc.during_refresh() from exc
        except OSError as exc:  # our own files: the lock, the disk reserve, the snapshot
            fault = storage_fault(exc, str(self.state_dir.parent))
            if fault is None:
                raise
            raise fault.during_refresh() from exc

    def _refresh(self, folder: Path, full: bool, force: bool, show_progress: bool) -> IndexReport:
        """New versions are written first and old ones deleted last, so a reader (or a crash)
        never sees an article missing or half-written; a crashed run is completed by the next."""
        started = time.perf_counter()
        waited = 0.0
        if not folder.is_dir():
            raise ConfigError(f"articles folder {folder} does not exist (set ACCORD_SEEDS_DIR)")
        with refresh_lock(self.state_dir):
            self.reserve.ensure()  # no room for it: no room to refresh without risk to readers
            plan = self._start(full)
            full = bool(plan.nonce)
            before = self.index.count()
            stored = self.index.versions()
            self._plan(folder, stored, plan)
            report = plan.report
            try:
                self._guard(len(report.removed), len(stored), force)
            except RefreshRefused:
                self.index.mark_pending(None)  # refused before writing anything
                raise
            with tqdm(
                total=len(plan.todo), unit="chunk", disable=not show_progress or not plan.todo
            ) as bar:
                self.index.add(plan.todo, progress=bar.update)
            stale = self._stale(stored, plan.keep, before)
            manifest = {doc: ver for doc, ver in plan.keep.items() if ver is not None}
            head = Head.of(plan.generation, self.index.collection.name, manifest)
            replacing = self.index.replaces
            if plan.todo or stale or replacing or head.digest != self.index.head.digest:
                self._save_snapshot(head)
                self.index.publish(plan.generation, manifest)
            else:
                self._save_snapshot(self.index.head)  # e.g. the snapshot was deleted
            if (stale or replacing) and self.grace_s:
                time.sleep(self.grace_s)
                waited = self.grace_s
            self.index.delete_stale(stale)  # old versions, removed articles, crash leftovers
            self.index.drop_replaced()
            self.index.mark_pending(None)
            report.chunks_written = len(plan.todo)
        report.seconds = time.perf_counter() - started - waited  # the grace is idle time
        log.info(
            "index refresh: %d added, %d changed, %d removed, %d unchanged, %d skipped in %.1fs",
            len(report.added), len(report.changed), len(report.removed),
            len(report.unchanged), len(report.skipped), report.seconds,
        )  # fmt: skip
        return report

    def _start(self, full: bool) -> _Plan:
        """Read what a dead refresh left (a full rebuild it was asked for is resumed, with its
        versions kept), switch to a rebuild when the embedder changed, and mark this run."""
        notes = []
        nonce = str(time.time_ns()) if full else ""
        pending = self.index.pending()
        if pending is not None:
            log.warning(
                "the refresh of generation %d did not finish; completing it", pending.generation
            )
            if pending.full:
                nonce = pending.nonce
                if not full:
                    notes.append("the full rebuild interrupted earlier was resumed and finished")
        if self.index.mismatch:
            if not nonce:
                raise self.index.mismatch_problem()
            notes.append(
                f"rebuilt with embedder {self.index.signature} (was {self.index.mismatch})"
            )
            self.index.begin_rebuild()
        plan = _Plan(generation=self.index.generation() + 1, nonce=nonce)
        plan.report.notes = notes
        self.index.mark_pending(
            Pending(plan.generation, bool(nonce), nonce, self.index.collection.name)
        )
        return plan

    def _stale(
        self, stored: dict[str, dict[str, DocVersion]], keep: dict[str, str | None], before: int
    ) -> dict[str, str | None]:
        """Per article, the version to keep where others are stored. Rows of versions never
        completed (a dead run's) are not in ``stored``: when the store holds more rows than
        its complete versions, every row is read once to find and delete them."""
        stale = {d: ver for d, ver in keep.items() if set(stored.get(d, {})) - {ver}}
        complete = sum(info.n_chunks for versions in stored.values() for info in versions.values())
        if before > complete:
            for doc, versions in self.index.stored_versions().items():
                if versions - {keep.get(doc)}:
                    stale[doc] = keep.get(doc)
        return stale

    def _save_snapshot(self, head: Head) -> None:
        if self.snapshots is None or not head.digest:
            return
        if not self.snapshots.exists(head.generation, head.digest):
            lexical = LexicalIndex(self.index.all_chunks(head))
            self.snapshots.save(head.generation, head.digest, lexical)

    def _plan(self, folder: Path, stored: dict[str, dict[str, DocVersion]], plan: _Plan) -> None:
        """Decide per file: unchanged (by raw hash, without parsing), new, changed, removed."""
        full = bool(plan.nonce)
        articles = ArticlesFolder(folder)
        listing = articles.listing()
        known: dict[str, str] = {}
        to_parse = []
        for doc_id in listing.files:
            same = (
                None if full else self._unchanged_version(stored.get(doc_id, {}), articles, doc_id)
            )
            if same is None:
                to_parse.append(doc_id)
                continue
            plan.report.unchanged.append(doc_id)
            plan.keep[doc_id] = same
            known[stored[doc_id][same].body_key] = doc_id
        result = ingest_files(to_parse, articles, self.max_file_bytes, known)
        skipped = sorted(listing.skipped + result.skipped, key=lambda s: s.source_file)
        plan.report.skipped = [(s.source_file, s.reason) for s in skipped]
        current = set(plan.keep) | {a.doc_id for a in result.articles}
        # An article whose file or folder cannot be read now is left as indexed, not removed:
        # a permission slip must not delete what staff can find.
        held = [s for s in skipped if s.unreadable]
        gone = set(stored) - current
        plan.report.kept = sorted(d for d in gone if any(s.covers(d) for s in held))
        if plan.report.kept:  # their live versions stay in the published manifest
            live = self.index.current_head().manifest or {}
            for doc in plan.report.kept:
                plan.keep[doc] = live.get(doc) or next(iter(stored[doc]))
        plan.report.removed = sorted(gone - set(plan.report.kept))
        plan.keep.update({doc: None for doc in plan.report.removed})
        for article in result.articles:
            wanted = self.chunker.doc_hash(article)
            versions = stored.get(article.doc_id, {})
            matching = [v for v, i in versions.items() if i.doc_hash == wanted]
            if matching and not full:  # the bytes changed but not what is indexed
                plan.report.unchanged.append(article.doc_id)
                plan.keep[article.doc_id] = matching[0]
                continue
            (plan.report.changed if versions else plan.report.added).append(article.doc_id)
            resumed = self.chunker.version(article, plan.nonce)
            if full and resumed in versions:  # written in full by the run that died
                plan.keep[article.doc_id] = resumed
                continue
            chunks = self.chunker.chunk(article, plan.nonce, plan.generation)
            plan.keep[article.doc_id] = chunks[0].meta.version if chunks else None
            plan.todo.extend(chunks)
        for names in (plan.report.added, plan.report.changed, plan.report.unchanged):
            names.sort()

    def _unchanged_version(
        self, versions: dict[str, DocVersion], articles: ArticlesFolder, doc_id: str
    ) -> str | None:
        candidates = [
            ver
            for ver, info in versions.items()
            if info.file_hash and info.doc_hash.endswith(f":{self.chunker.fingerprint}")
        ]
        if not candidates:
            return None
        try:
            raw = file_hash(articles, doc_id)
        except (OSError, IngestError):
            return None  # parsed below, which reports why
        return next((ver for ver in candidates if versions[ver].file_hash == raw), None)

    @staticmethod
    def _guard(removing: int, indexed: int, force: bool) -> None:
        if force or indexed < 4 or removing <= MASS_DELETE_SHARE * indexed:
            return
        raise RefreshRefused(
            f"this refresh would remove {removing} of {indexed} indexed articles; "
            "is the articles folder empty or unmounted? Re-run with --force if this is intended"
        )
