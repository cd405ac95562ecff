"""The one mapping of the store's failures to what users are told (rag/errors.py).

Kept apart from the store so that opening a client (rag/index/client.py) and every call
into a collection (rag/index/store.py) read a full disk, a read-only folder or a dead
server the same way.
"""

from __future__ import annotations

import errno

from rag.errors import IndexProblem, IndexUnavailable, StorageFull, StorageReadOnly

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
    if server and is_connection_error(exc):
        return IndexUnavailable(f"Chroma server unreachable: {type(exc).__name__}")
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def is_connection_error(exc: BaseException) -> bool:
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
