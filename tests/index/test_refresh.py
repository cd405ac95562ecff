"""Refresh guarantees: idempotent without embedding, crash-safe, atomic for readers."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from rag.index import store as index_module
from rag.index.chunking import Chunker
from rag.index.embed import USEEmbedding
from rag.index.refresh import Indexer
from rag.index.store import ChunkIndex, make_chroma_client
from rag.lang.glossary import Glossary
from rag.service import RagService
from tests.support.config import make_settings
from tests.support.embedding import HashEmbedding
from tests.support.glossary import GLOSSARY


class CountingEmbedding(HashEmbedding):
    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.calls = 0
        self.fail_after = -1  # raise on this call (simulates a crash mid-refresh)
        self.delay = delay

    def _encode(self, texts: list[str], is_query: bool) -> list[list[float]]:
        self.calls += 1
        if self.calls == self.fail_after:
            raise RuntimeError("killed half-way")
        time.sleep(self.delay)
        return [self._vector(t) for t in texts]


def make(tmp_path: Path, embedder: Any) -> tuple[ChunkIndex, Indexer]:
    settings = make_settings(tmp_path)
    index = ChunkIndex(make_chroma_client(settings), "refresh", embedder, "hash:test")
    return index, Indexer(index, Chunker(GLOSSARY), tmp_path / "state", 2_000_000)


def test_second_run_embeds_nothing(seeds_copy: Path, tmp_path: Path) -> None:
    embedder = CountingEmbedding()
    _index, indexer = make(tmp_path, embedder)
    indexer.refresh(seeds_copy)
    calls = embedder.calls
    report = indexer.refresh(seeds_copy)
    assert embedder.calls == calls and report.chunks_written == 0 and len(report.unchanged) == 5


def test_crash_half_way_keeps_the_old_index_and_next_run_completes(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "ADD_BATCH", 2)
    embedder = CountingEmbedding()
    index, indexer = make(tmp_path, embedder)
    indexer.refresh(seeds_copy)
    old = {c.chunk_id: c.text for c in index.all_chunks()}
    for path in seeds_copy.glob("00[0-2]*.txt"):
        path.write_text(path.read_text().replace("Vietnam", "Viet Nam"))
    embedder.fail_after = embedder.calls + 3
    with pytest.raises(RuntimeError, match="killed half-way"):
        indexer.refresh(seeds_copy)
    assert index.versions().keys() == {p.name for p in seeds_copy.iterdir()}
    stored = {c.chunk_id for c in index._all_stored()}
    assert set(old) <= stored  # every old chunk is still there
    assert {c.doc_id for c in index.all_chunks()} == {p.name for p in seeds_copy.iterdir()}

    embedder.fail_after = -1
    report = indexer.refresh(seeds_copy)
    # versions the crashed run finished are kept (not re-embedded); the rest is written now
    assert report.changed and len(report.changed) + len(report.unchanged) == 5
    final = index.all_chunks()
    assert all(len(versions) == 1 for versions in index.versions().values())
    assert len(index._all_stored()) == len(final)  # no stale or half-written version left
    assert not any("Vietnam" in c.text for c in final if c.doc_id.startswith(("000", "001", "002")))


def test_readers_see_a_consistent_index_during_a_refresh(seeds_copy: Path, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, seeds_dir=seeds_copy, reload_check_s=0.0)
    embedder = USEEmbedding()
    index = ChunkIndex(make_chroma_client(settings), settings.collection, embedder, "use:use")
    service = RagService(settings, index, embedder, Glossary.load(settings.glossary_path))
    service.refresh()
    target = seeds_copy / "003_4ce31369f94a498f.txt"
    target.write_text(
        target.read_text().replace("Sajid Javid", "Sajid Javid (then Home Secretary)")
    )
    slow = CountingEmbedding(delay=0.3)
    writer_index = ChunkIndex(
        make_chroma_client(settings), settings.collection, embedder, "use:use"
    )
    original_add = writer_index.add

    def slow_add(chunks: Any, progress: Any = None) -> None:
        for chunk in chunks:  # one chunk at a time, slowly, so readers overlap with the write
            slow.embed_texts([""])
            original_add([chunk], progress)

    writer_index.add = slow_add  # type: ignore[method-assign]
    writer = Indexer(
        writer_index, service.chunker, settings.state_dir, settings.max_file_bytes, grace_s=1.0
    )
    thread = threading.Thread(target=writer.refresh, args=(seeds_copy,))
    thread.start()
    seen: list[set[str]] = []
    while thread.is_alive():
        answer = service.ask("Who signed the MoU on anti-human trafficking with the UK?")
        assert not answer.abstained and "Javid" in answer.answer
        versions = {
            c.chunk_id.split("@")[1]
            for c in answer.citations + answer.related
            if c.doc_id.startswith("003")
        }
        assert len(versions) <= 1  # never two versions of one article in one answer
        seen.append(versions)
    thread.join()
    deadline = time.monotonic() + 30  # the newer snapshot loads in the background
    while time.monotonic() < deadline:
        after = service.ask("Who signed the MoU on anti-human trafficking with the UK?")
        if "then Home Secretary" in " ".join(c.passage for c in after.citations + after.related):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the refreshed article never became visible")
    assert len(seen) >= 2
