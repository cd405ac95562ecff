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
from pathlib import Path

from tqdm import tqdm

from rag.chunking import Chunker
from rag.index import ChunkIndex
from rag.ingest import ingest_folder
from rag.models import IndexReport

log = logging.getLogger(__name__)
MASS_DELETE_SHARE = 0.5


class RefreshRefused(RuntimeError):
    """The refresh would do something destructive or conflicting; the message says why."""


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


class Indexer:
    def __init__(
        self,
        index: ChunkIndex,
        chunker: Chunker,
        state_dir: Path,
        max_file_bytes: int,
        grace_s: float = 0.0,
    ) -> None:
        self.index = index
        self.chunker = chunker
        self.state_dir = state_dir
        self.max_file_bytes = max_file_bytes
        # Old versions outlive the publish by this long, so readers in other processes
        # (which look for a new generation every few seconds) swap before they vanish.
        self.grace_s = grace_s

    def refresh(
        self, folder: Path, full: bool = False, force: bool = False, show_progress: bool = False
    ) -> IndexReport:
        """New versions are written first and old ones deleted last, so a reader (or a crash)
        never sees an article missing or half-written; a crashed run is completed by the next."""
        started = time.perf_counter()
        with refresh_lock(self.state_dir):
            result = ingest_folder(folder, self.max_file_bytes)
            current = {a.doc_id: a for a in result.articles}
            stored = self.index.versions()
            report = IndexReport(skipped=[(s.source_file, s.reason) for s in result.skipped])
            report.removed = sorted(set(stored) - set(current))
            live = sum(any(v.complete for v in versions.values()) for versions in stored.values())
            self._guard(len(report.removed), live, force)
            keep: dict[str, str | None] = {doc: None for doc in report.removed}
            todo = []
            nonce = str(time.time_ns()) if full else ""
            generation = self.index.generation() + 1
            for doc_id, article in current.items():
                wanted = self.chunker.doc_hash(article)
                complete = [
                    ver
                    for ver, v in stored.get(doc_id, {}).items()
                    if v.complete and v.doc_hash == wanted
                ]
                if complete and not full:
                    report.unchanged.append(doc_id)
                    keep[doc_id] = complete[0]
                    continue
                (report.changed if doc_id in stored else report.added).append(doc_id)
                chunks = self.chunker.chunk(article, nonce, generation)
                keep[doc_id] = str(chunks[0].metadata["version"]) if chunks else None
                todo.extend(chunks)
            with tqdm(total=len(todo), unit="chunk", disable=not show_progress or not todo) as bar:
                self.index.add(todo, progress=bar.update)
            stale = [d for d, ver in keep.items() if set(stored.get(d, {})) - {ver}]
            if todo or stale:
                self.index.publish(generation)
            if stale and self.grace_s:
                time.sleep(self.grace_s)
            for doc_id in stale:  # old, removed or half-written versions
                self.index.delete_versions_except(doc_id, keep[doc_id])
            report.chunks_written = len(todo)
        report.seconds = time.perf_counter() - started
        log.info(
            "index refresh: %d added, %d changed, %d removed, %d unchanged, %d skipped in %.1fs",
            len(report.added), len(report.changed), len(report.removed),
            len(report.unchanged), len(report.skipped), report.seconds,
        )  # fmt: skip
        return report

    @staticmethod
    def _guard(removing: int, indexed: int, force: bool) -> None:
        if force or indexed < 4 or removing <= MASS_DELETE_SHARE * indexed:
            return
        raise RefreshRefused(
            f"this refresh would remove {removing} of {indexed} indexed articles; "
            "is the articles folder empty or unmounted? Re-run with --force if this is intended"
        )
