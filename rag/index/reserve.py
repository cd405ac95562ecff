"""A few MiB set aside next to the index, so that it can still be read when the disk fills.

chromadb's embedded client writes to its SQLite file whenever it opens it (a short write
transaction at start-up), so on a disk with no room left even `accord ask` could not open
a healthy index. Each refresh first sets this reserve aside (and refuses to start when it
cannot: the disk is already too full to refresh safely); a reader that cannot open the index
because the disk is full releases the reserve and opens it in the room that frees. The
reserve is spent on reading only: a writer never releases it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
FILE_NAME = "disk-reserve"


class DiskReserve:
    def __init__(self, folder: Path, size_bytes: int) -> None:
        self.path = folder / FILE_NAME
        self.size_bytes = size_bytes

    def ensure(self) -> None:
        """Set the reserve aside (real blocks, not a sparse file); raises ``OSError`` (ENOSPC)
        when the disk has not that much room."""
        if not self.size_bytes:
            return
        try:
            if self.path.stat().st_size >= self.size_bytes:
                return
        except FileNotFoundError:
            pass
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self.path.open("wb") as handle:
                os.posix_fallocate(handle.fileno(), 0, self.size_bytes)
        except OSError:
            self.path.unlink(missing_ok=True)  # half a reserve would only hide the problem
            raise

    def release(self) -> bool:
        """Free the reserve; True when there was one to free."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:  # read-only: then the disk is not what stops the reader
            log.warning("could not release the disk reserve %s: %s", self.path, exc)
            return False
        log.warning(
            "the disk holding the index is full: released the %d MiB reserve (%s) to read it; "
            "free some space and run `accord index` to set it aside again",
            self.size_bytes >> 20,
            self.path,
        )
        return True
