"""Refresh guarantees: idempotent without embedding, crash-safe, atomic for readers."""

from __future__ import annotations

import subprocess
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
from tests.support.cli import ACCORD, accord, accord_env, ask_json, cited_docs
from tests.support.config import make_settings
from tests.support.embedding import HashEmbedding
from tests.support.glossary import GLOSSARY
from tests.support.reader import Reader


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


# --- readers in other processes ------------------------------------------------------

WITNESS = "Who witnessed the border accord between Vietnam and Laos in Vientiane?"


def _ask_until_generation(reader: Reader, question: str, after: int) -> dict[str, Any]:
    """The reader's reply once it serves a generation newer than ``after`` (it reloads in
    the background, a few questions after the refresh)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        reply = reader.ask(question)
        if reply["generation"] > after:
            return reply
        time.sleep(0.2)
    raise AssertionError(f"the reader never loaded a generation after {after}")


def test_a_reader_process_finds_another_process_refresh_by_dense_search(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Issue 15 item 1: the bot (any long-lived reader) kept up while `accord index` runs
    elsewhere must find changed and added articles through the vectors, not only BM25."""
    env = accord_env(tmp_path / "data", seeds_copy, RELOAD_CHECK_S="0.5")
    accord(env, "index")
    reader = Reader(env)
    try:
        before = reader.ask(WITNESS)
        (seeds_copy / "laos.txt").write_text(
            "Vietnam and Laos sign a border accord\n\nVietnam and Laos signed a border accord "
            "in Vientiane, witnessed by Governor Marisol Ostrander.\n"
        )
        target = seeds_copy / "003_4ce31369f94a498f.txt"
        target.write_text(
            target.read_text() + "\nThe signing was witnessed by Ambassador Quill Zanzibar.\n"
        )
        accord(env, "index")
        after = _ask_until_generation(reader, WITNESS, before["generation"])
    finally:
        reader.close()
    settings = make_settings(tmp_path / "data", seeds_dir=seeds_copy)
    client = make_chroma_client(settings)
    live = ChunkIndex(client, settings.collection, USEEmbedding(), "use:use").versions()
    dense_docs = {cid.split("#")[0] for cid in after["dense"]}
    assert "laos.txt" in dense_docs, after  # an added article, found by its vectors
    changed = [cid for cid in after["dense"] if cid.startswith("003_")]
    version = next(iter(live["003_4ce31369f94a498f.txt"]))
    assert changed and all(cid.endswith(f"@{version}") for cid in changed), after


def test_a_reader_loading_during_the_grace_period_never_serves_a_removed_article(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Issue 15 item 2: `accord ask` run while the refresh that removes an article waits
    out its grace period, and every `accord ask` after it, must not show that article."""
    removed = "002_7361177b7f5fa44e.txt"
    question = "Quelle coopération anti-criminalité le Vietnam et le Cambodge renforcent-ils ?"
    env = accord_env(tmp_path / "data", seeds_copy, RELOAD_CHECK_S="15")
    accord(env, "index")
    assert removed in cited_docs(ask_json(env, question))
    settings = make_settings(tmp_path / "data", seeds_dir=seeds_copy)
    watcher = ChunkIndex(
        make_chroma_client(settings), settings.collection, USEEmbedding(), "use:use"
    )
    published = watcher.generation()
    (seeds_copy / removed).unlink()
    writer = subprocess.Popen([str(ACCORD), "index"], env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while watcher.generation() == published and writer.poll() is None:
            assert time.monotonic() < deadline, "the refresh never published"
            time.sleep(0.05)
        during = ask_json(env, question)
        assert writer.poll() is None, "the grace period ended before the reader loaded"
    finally:
        assert writer.wait(timeout=120) == 0
    after = ask_json(env, question)
    assert removed not in cited_docs(during)
    assert removed not in cited_docs(after)
