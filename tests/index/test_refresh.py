"""Refresh guarantees: idempotent without embedding, crash-safe, atomic for readers."""

from __future__ import annotations

import random
import signal
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
from tests.support.cli import ACCORD, accord_env, ask_json, cited_docs, run_accord
from tests.support.config import make_settings
from tests.support.embedding import HashEmbedding
from tests.support.glossary import GLOSSARY
from tests.support.openai_stub import OpenAIStub, Reply
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

CHANGED = "003_4ce31369f94a498f.txt"
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


@pytest.mark.slow
def test_a_reader_process_finds_another_process_refresh_by_dense_search(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Issue 15 item 1: the bot (any long-lived reader) kept up while `accord index` runs
    elsewhere must find changed and added articles through the vectors, not only BM25."""
    env = accord_env(tmp_path / "data", seeds_copy, RELOAD_CHECK_S="0.5")
    run_accord(env, "index")
    old = {m["version"] for m in _stored_rows(tmp_path / "data").values() if m["doc_id"] == CHANGED}
    reader = Reader(env)
    try:
        before = reader.ask(WITNESS)
        (seeds_copy / "laos.txt").write_text(
            "Vietnam and Laos sign a border accord\n\nVietnam and Laos signed a border accord "
            "in Vientiane, witnessed by Governor Marisol Ostrander.\n"
        )
        target = seeds_copy / "003_4ce31369f94a498f.txt"
        visit = "part of Lam’s working visit to the UK."  # in the body: the tail is not indexed
        target.write_text(
            target.read_text().replace(visit, f"{visit} It was witnessed by Quill Zanzibar.")
        )
        run_accord(env, "index")
        after = _ask_until_generation(reader, WITNESS, before["generation"])
    finally:
        reader.close()
    settings = make_settings(tmp_path / "data", seeds_dir=seeds_copy)
    client = make_chroma_client(settings)
    live = ChunkIndex(client, settings.collection, USEEmbedding(), "use:use").versions()
    assert len(live[CHANGED]) == 1 and not set(live[CHANGED]) & old  # the change was indexed
    dense_docs = {cid.split("#")[0] for cid in after["dense"]}
    assert "laos.txt" in dense_docs, after  # an added article, found by its vectors
    changed = [cid for cid in after["dense"] if cid.startswith("003_")]
    version = next(iter(live["003_4ce31369f94a498f.txt"]))
    assert changed and all(cid.endswith(f"@{version}") for cid in changed), after


@pytest.mark.slow
def test_a_reader_loading_during_the_grace_period_never_serves_a_removed_article(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Issue 15 item 2: `accord ask` run while the refresh that removes an article waits
    out its grace period, and every `accord ask` after it, must not show that article."""
    removed = "002_7361177b7f5fa44e.txt"
    question = "Quelle coopération anti-criminalité le Vietnam et le Cambodge renforcent-ils ?"
    env = accord_env(tmp_path / "data", seeds_copy, RELOAD_CHECK_S="15")
    run_accord(env, "index")
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


# --- a full rebuild killed mid-write (item 8) ----------------------------------------

BULK_WORDS = (
    "accord border trade police ministry signed cooperation memorandum delegation customs "
    "fisheries energy transit visa students investment railway harbour treaty talks summit "
    "minister embassy envoy pledge review framework protocol exchange training patrol"
).split()


def _bulk_articles(folder: Path, count: int) -> None:
    """``count`` articles of distinct text, long enough for a dozen small chunks each."""
    rng = random.Random(8)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        sentences = [
            " ".join(rng.choice(BULK_WORDS) for _ in range(12)).capitalize() + f" {n}-{s}."
            for s in range(30)
        ]
        (folder / f"bulk_{n:03d}.txt").write_text(f"Bulk accord {n}\n\n{' '.join(sentences)}\n")


def _stored_rows(data_dir: Path, collection: str = "accord") -> dict[str, dict[str, Any]]:
    """chunk id -> metadata (and its text under "_text") of every row the store holds, read
    through chromadb itself: a new system, so what other processes wrote is seen, and no
    code of ours on the way."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    client = chromadb.PersistentClient(path=str(data_dir / "chroma"))
    got = client.get_collection(collection).get(include=["metadatas", "documents"])
    SharedSystemClient.clear_system_cache()
    rows = zip(got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True)
    return {cid: {**dict(meta or {}), "_text": text} for cid, meta, text in rows}


def _leftovers(rows: dict[str, dict[str, Any]]) -> list[str]:
    """What should not be stored once a refresh has ended: a second version of an article,
    or a version with fewer rows than its chunk count (half-written)."""
    versions: dict[str, dict[str, int]] = {}
    expected: dict[tuple[str, str], int] = {}
    for meta in rows.values():
        doc, version = str(meta["doc_id"]), str(meta["version"])
        versions.setdefault(doc, {}).setdefault(version, 0)
        versions[doc][version] += 1
        expected[(doc, version)] = int(meta["n_chunks"])
    problems = [f"{doc}: versions {sorted(v)}" for doc, v in versions.items() if len(v) > 1]
    problems += [
        f"{doc}@{ver}: {n} of {expected[(doc, ver)]} rows"
        for doc, v in versions.items()
        for ver, n in v.items()
        if n != expected[(doc, ver)]
    ]
    return sorted(problems)


@pytest.mark.slow
def test_a_full_rebuild_killed_mid_write_leaves_nothing_served_and_is_finished_by_the_next_run(
    seeds_copy: Path, tmp_path: Path, openai_stub: OpenAIStub
) -> None:
    """Issue 15 item 8: `accord index --full`, asked for once articles were added, killed
    (SIGKILL) between two writes. Readers, one kept up and one started after, serve only
    what was live before; the next `accord index` finishes the rebuild that was asked for,
    says so, and leaves no rows of the dead run behind."""
    data = tmp_path / "data"
    env = accord_env(
        data, seeds_copy, EMBEDDER="openai", EMBED_BATCH_SIZE=str(index_module.ADD_BATCH),
        CHUNK_SIZE="32", CHUNK_OVERLAP="0", RELOAD_CHECK_S="0",
        OPENAI_BASE_URL=openai_stub.base_url, OPENAI_API_KEY="sk-test",
    )  # fmt: skip
    run_accord(env, "index")
    before = _stored_rows(data)
    _bulk_articles(seeds_copy, 140)  # the rebuild then writes in two batches
    kept_up = Reader(env)
    try:
        question = "Who signed the MoU on anti-human trafficking with the UK?"
        assert set(kept_up.ask(question)["retrieved"]) <= set(before)
        # One embedding request per write: the first is answered (and its rows written), the
        # second hangs, and the process is killed there, with part of the rebuild stored.
        sent = len(openai_stub.requests)
        openai_stub.script.extend([Reply(), Reply(delay=60)])
        writer = subprocess.Popen(
            [str(ACCORD), "index", "--full"], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 300
            while len(openai_stub.requests) < sent + 2:
                assert writer.poll() is None, "the rebuild ended before it could be killed"
                assert time.monotonic() < deadline, "the rebuild never reached its second write"
                time.sleep(0.05)
            writer.send_signal(signal.SIGKILL)
        finally:
            writer.wait(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        openai_stub.script.clear()
        killed = _stored_rows(data)
        orphans = sorted(set(killed) - set(before))
        assert orphans, "the dead run wrote nothing: the test did not kill it mid-write"
        # (a) nothing of the dead run is served, by dense search or BM25, old reader or new
        questions = [question] + [killed[cid]["_text"] for cid in orphans[:: len(orphans) // 3]]
        for reader in (kept_up, Reader(env)):
            try:
                for text in questions:
                    reply = reader.ask(text)
                    served = set(reply["retrieved"]) | set(reply["cited_chunks"])
                    assert served and served <= set(before), reply
            finally:
                if reader is not kept_up:
                    reader.close()
    finally:
        kept_up.close()
    # (b) the next plain refresh finishes the full rebuild and says so
    done = run_accord(env, "index")
    assert "full rebuild interrupted earlier was resumed" in done.stdout, done.stdout
    after = _stored_rows(data)
    assert not set(after) & set(before), "some articles were not rebuilt"
    # (c) no leftovers: one complete version per article, every article present
    assert _leftovers(after) == []
    assert {m["doc_id"] for m in after.values()} == {p.name for p in seeds_copy.iterdir()}
    final = ask_json(env, question)
    assert {c["chunk_id"] for c in final["citations"]} <= set(after)
