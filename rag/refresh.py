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
        self, index: ChunkIndex, chunker: Chunker, state_dir: Path, max_file_bytes: int
    ) -> None:
        self.index = index
        self.chunker = chunker
        self.state_dir = state_dir
        self.max_file_bytes = max_file_bytes

    def refresh(
        self, folder: Path, full: bool = False, force: bool = False, show_progress: bool = False
    ) -> IndexReport:
        started = time.perf_counter()
        with refresh_lock(self.state_dir):
            result = ingest_folder(folder, self.max_file_bytes)
            indexed = {} if full else self.index.indexed_docs()
            if full:
                self.index.delete_docs(self.index.indexed_docs())
            current = {a.doc_id: a for a in result.articles}
            report = IndexReport(skipped=[(s.source_file, s.reason) for s in result.skipped])
            report.removed = sorted(set(indexed) - set(current))
            self._guard(len(report.removed), len(indexed), force)
            for doc_id, article in current.items():
                if doc_id not in indexed:
                    report.added.append(doc_id)
                elif indexed[doc_id] != self.chunker.doc_hash(article):
                    report.changed.append(doc_id)
                else:
                    report.unchanged.append(doc_id)
            self.index.delete_docs(report.removed + report.changed)
            todo = [
                c for d in report.added + report.changed for c in self.chunker.chunk(current[d])
            ]
            with tqdm(total=len(todo), unit="chunk", disable=not show_progress or not todo) as bar:
                self.index.add(todo, progress=bar.update)
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
