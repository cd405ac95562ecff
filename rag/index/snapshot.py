"""The reader's snapshot (live chunks + BM25) cached on disk per index generation.

Reading 40,000 chunks back from Chroma and re-tokenising them takes about 20 s on two
cores; loading the pickled snapshot of the same generation takes a fraction of that, so a
restarted bot answers within seconds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
from pathlib import Path

import bm25s

from rag.index.bm25 import LexicalIndex

log = logging.getLogger(__name__)
FORMAT = 2  # bump when the pickled classes change shape (2: typed ChunkMeta)


class SnapshotCache:
    def __init__(self, folder: Path, *identity: str) -> None:
        self.folder = folder
        key = "\x1f".join((f"format{FORMAT}", *identity))
        self.key = hashlib.sha256(key.encode()).hexdigest()[:16]

    def _path(self, generation: int) -> Path:
        return self.folder / f"snapshot-{self.key}-g{generation}.pkl"

    def load(self, generation: int) -> LexicalIndex | None:
        path = self._path(generation)
        if not path.exists():
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

    def save(self, generation: int, lexical: LexicalIndex) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(generation)
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
        for old in self.folder.glob(f"snapshot-{self.key}-g*"):
            if old not in (path, bm25_dir):
                shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
