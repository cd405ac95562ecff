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
from pathlib import Path

from rag.glossary import Glossary
from rag.lexical import LexicalIndex

log = logging.getLogger(__name__)


class SnapshotCache:
    def __init__(self, folder: Path, *identity: str) -> None:
        self.folder = folder
        self.key = hashlib.sha256("\x1f".join(identity).encode()).hexdigest()[:16]

    def _path(self, generation: int) -> Path:
        return self.folder / f"snapshot-{self.key}-g{generation}.pkl"

    def load(self, generation: int, glossary: Glossary) -> LexicalIndex | None:
        path = self._path(generation)
        if not path.exists():
            return None
        try:
            with path.open("rb") as handle:
                lexical = pickle.load(handle)
        except Exception as exc:  # a truncated or foreign file: rebuild from the index
            log.warning("ignoring unreadable snapshot %s (%s)", path.name, type(exc).__name__)
            return None
        if not isinstance(lexical, LexicalIndex):
            return None
        lexical.glossary = glossary
        return lexical

    def save(self, generation: int, lexical: LexicalIndex) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(generation)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump(lexical, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: readers never see half a file
        for old in self.folder.glob(f"snapshot-{self.key}-g*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
