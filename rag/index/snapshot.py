"""The reader's snapshot (live chunks + BM25) cached on disk per published head.

Reading 40,000 chunks back from Chroma and re-tokenising them takes about 20 s on two
cores; loading the pickled snapshot of the same head takes a fraction of that, so a
restarted bot answers within seconds.

Only the refresh writes snapshots, of exactly the manifest it publishes (before it
publishes it); readers only load them, and build one in memory when it is absent. A
snapshot is named by the head's generation *and* manifest digest, so a reader can never
take one made from other contents for the live one (a reader that once cached what it
found during a refresh's grace period served a removed article ever after).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import shutil
from pathlib import Path

import bm25s

from rag.index.bm25 import LexicalIndex

log = logging.getLogger(__name__)
FORMAT = 4  # bump when the pickled classes, names or tokens change (4: partner tokens)


class SnapshotCache:
    def __init__(self, folder: Path, *identity: str) -> None:
        self.folder = folder
        key = "\x1f".join((f"format{FORMAT}", *identity))
        self.key = hashlib.sha256(key.encode()).hexdigest()[:16]

    def _path(self, generation: int, digest: str) -> Path:
        return self.folder / f"snapshot-{self.key}-g{generation}-{digest}.pkl"

    def exists(self, generation: int, digest: str) -> bool:
        return self._path(generation, digest).exists()

    def load(self, generation: int, digest: str) -> LexicalIndex | None:
        """The snapshot of this head, or None (never written, unreadable): build it then."""
        path = self._path(generation, digest)
        if not digest or not path.exists():
            return None
        try:
            with path.open("rb") as handle:
                lexical = pickle.load(handle)
            if not isinstance(lexical, LexicalIndex):
                return None
            lexical.bm25 = bm25s.BM25.load(str(path.with_suffix(".bm25")))
        except Exception as exc:  # a truncated or foreign file: rebuild from the index
            log.warning("ignoring unreadable snapshot %s (%s)", path.name, type(exc).__name__)
            return None
        return lexical

    def save(self, generation: int, digest: str, lexical: LexicalIndex) -> None:
        """Written by the refresh before it publishes this head; snapshots older than the
        head still published meanwhile are removed (readers may be loading that one)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(generation, digest)
        bm25_dir = path.with_suffix(".bm25")
        tmp_dir = path.with_suffix(f".bm25tmp{os.getpid()}")
        if lexical.chunks:
            lexical.bm25.save(str(tmp_dir))
            shutil.rmtree(bm25_dir, ignore_errors=True)
            tmp_dir.replace(bm25_dir)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump(lexical, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # the pickle last: it marks the snapshot complete
        named = re.compile(rf"snapshot-{self.key}-g(\d+)-")
        for old in self.folder.glob("snapshot-*"):
            found = named.match(old.name)
            if old in (path, bm25_dir) or (found and int(found[1]) == generation - 1):
                continue
            shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
