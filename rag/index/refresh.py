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
from rag.index.chunking import Chunker
from rag.index.reserve import DiskReserve
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
        reserve_bytes: int = 0,
    ) -> None:
        self.index = index
        self.chunker = chunker
        self.state_dir = state_dir
        self.max_file_bytes = max_file_bytes
        # Old versions outlive the publish by this long, so readers in other processes
        # (which look for a new generation every few seconds) swap before they vanish.
        self.grace_s = grace_s
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
        except OSError as exc:  # our own files: the lock, the disk reserve
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
            stored = self.index.versions()
            plan = self._plan(folder, stored, full)
            report = plan.report
            self._guard(len(report.removed), len(stored), force)
            with tqdm(
                total=len(plan.todo), unit="chunk", disable=not show_progress or not plan.todo
            ) as bar:
                self.index.add(plan.todo, progress=bar.update)
            stale = {d: ver for d, ver in plan.keep.items() if set(stored.get(d, {})) - {ver}}
            if plan.todo or stale:
                self.index.publish(plan.generation)
            if stale and self.grace_s:
                time.sleep(self.grace_s)
                waited = self.grace_s
            self.index.delete_stale(stale)  # old versions, removed articles, crash leftovers
            report.chunks_written = len(plan.todo)
        report.seconds = time.perf_counter() - started - waited  # the grace is idle time
        log.info(
            "index refresh: %d added, %d changed, %d removed, %d unchanged, %d skipped in %.1fs",
            len(report.added), len(report.changed), len(report.removed),
            len(report.unchanged), len(report.skipped), report.seconds,
        )  # fmt: skip
        return report

    def _plan(self, folder: Path, stored: dict[str, dict[str, DocVersion]], full: bool) -> _Plan:
        """Decide per file: unchanged (by raw hash, without parsing), new, changed, removed."""
        plan = _Plan(generation=self.index.generation() + 1)
        nonce = str(time.time_ns()) if full else ""
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
            chunks = self.chunker.chunk(article, nonce, plan.generation)
            plan.keep[article.doc_id] = chunks[0].meta.version if chunks else None
            plan.todo.extend(chunks)
        for names in (plan.report.added, plan.report.changed, plan.report.unchanged):
            names.sort()
        return plan

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
