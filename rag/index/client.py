"""Opening Chroma: a server, or the embedded store as a fresh view, or a private copy.

Why a *fresh* view: chromadb's embedded client keeps one ``System`` per folder for the
life of the process (``SharedSystemClient``), and that system holds the collections'
vector (HNSW) segments in memory. Another process's refresh is visible to its metadata
reads (SQLite) but never to its vector queries: a bot kept up while `accord index` ran
elsewhere kept answering dense queries from the old vectors (chromadb issues #3792,
#3769). Making a new ``PersistentClient`` does not help, it is handed the cached
system. So a view that must see the latest refresh drops the cached system for its
folder first; the old system stays alive for whoever still holds it (a question in
flight on the previous snapshot) and is freed with it.

Why a private copy: the embedded store cannot be opened on a read-only folder at all
(SQLite is opened for writing at start), yet a read-only data folder holds a healthy
index that answers must keep using. A reader that cannot write the folder copies the
store to a temporary folder of its own and reads that; it never writes the data folder.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import IndexProblem, IndexUnavailable, StorageFull
from rag.index.faults import storage_fault
from rag.index.reserve import DiskReserve
from rag.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

log = logging.getLogger(__name__)
SQLITE = "chroma.sqlite3"
_copies: list[Path] = []  # private copies made by this process, oldest first
_copies_lock = threading.Lock()


def make_chroma_client(
    settings: Settings, *, fresh: bool = False, writing: bool = True
) -> ClientAPI:
    """A client for the configured store. ``fresh``: a view that sees every refresh
    published so far (embedded only; a server always answers from its current state).
    ``writing``: the caller writes (a refresh); readers pass False and never write."""
    import chromadb
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
            raise (down.during_refresh() if writing else down) from exc
    folder = _embedded_folder(settings.chroma_dir, writing)
    if fresh:
        forget_cached_system(folder)
    # A reader may spend the disk reserve to open the index on a full disk (chromadb writes
    # its SQLite file at every open); a refresh never does (rag/index/reserve.py).
    reserve = DiskReserve(settings.state_dir, settings.disk_reserve_mb << 20)
    while True:
        try:
            return chromadb.PersistentClient(path=str(folder), settings=chroma_settings)
        except Exception as exc:  # a damaged sqlite file or segment surfaces as assorted errors
            # chromadb caches the client of a path even when its start failed, and every
            # later open of that path in this process would find it broken: forget that one.
            forget_cached_system(folder)
            fault = storage_fault(exc, str(settings.chroma_dir))
            if isinstance(fault, StorageFull) and not writing and reserve.release():
                continue  # opened again in the room the reserve leaves
            if fault is not None:
                raise (fault.during_refresh() if writing else fault) from exc
            raise IndexProblem(
                f"the index in {settings.chroma_dir} cannot be opened "
                f"({type(exc).__name__}: {exc}); "
                "move that folder aside and run `accord index --full` to rebuild it"
            ) from exc


def writable(folder: Path) -> bool:
    """Whether this process may write the store (a read-only mount, or another owner)."""
    sqlite = folder / SQLITE
    return os.access(folder, os.W_OK) and (not sqlite.exists() or os.access(sqlite, os.W_OK))


def _embedded_folder(folder: Path, writing: bool) -> Path:
    if writing:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexProblem(f"cannot create the index folder {folder}: {exc}") from exc
        if not writable(folder):
            raise IndexProblem(
                f"the index in {folder} is read-only for this process, so it cannot be "
                "refreshed; answers keep using it. Run `accord index` where the data folder "
                "is writable"
            )
        return folder
    if not (folder / SQLITE).exists() or writable(folder):
        return folder  # a missing index is reported by the reader as "empty, run accord index"
    return _private_copy(folder)


def _private_copy(folder: Path) -> Path:
    """A copy of a read-only store for this process; copies two views old are removed
    (the previous one may still serve a question in flight)."""
    copy = Path(tempfile.mkdtemp(prefix="accord-readonly-")) / "chroma"
    try:
        shutil.copytree(folder, copy)
    except OSError as exc:
        shutil.rmtree(copy.parent, ignore_errors=True)
        raise IndexProblem(
            f"the index in {folder} is read-only and could not be copied to read it ({exc})"
        ) from exc
    log.info("the index in %s is read-only: reading a private copy in %s", folder, copy)
    with _copies_lock:
        _copies.append(copy)
        while len(_copies) > 2:
            shutil.rmtree(_copies.pop(0).parent, ignore_errors=True)
    return copy


@atexit.register
def _remove_copies() -> None:
    with _copies_lock:
        for copy in _copies:
            shutil.rmtree(copy.parent, ignore_errors=True)
        _copies.clear()


def forget_cached_system(folder: Path) -> None:
    """Make the next ``PersistentClient`` for ``folder`` start a new chromadb system.

    Only this folder's entry is dropped (``clear_system_cache`` would drop every folder's);
    the old system is not stopped, since clients made from it may still be in use."""
    from chromadb.api.shared_system_client import SharedSystemClient

    with SharedSystemClient._refcount_lock:
        SharedSystemClient._identifier_to_system.pop(str(folder), None)
        SharedSystemClient._identifier_to_refcount.pop(str(folder), None)
