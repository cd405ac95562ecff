"""ChunkIndex and Indexer against embedded Chroma and a real `chroma run` server."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from rag.index.chunking import Chunker
from rag.index.embed import E5Embedding
from rag.index.refresh import Indexer, RefreshRefused, refresh_lock
from rag.index.store import ChunkIndex, IndexProblem, make_chroma_client, open_index
from rag.models import Filters
from tests.support.cli import accord_env, ask_json, cited_docs, run_accord
from tests.support.config import make_settings
from tests.support.embedding import HashEmbedding
from tests.support.glossary import GLOSSARY

MODES = ["embedded", pytest.param("server", marks=pytest.mark.chroma_server)]


@pytest.fixture(params=MODES)
def index(request: pytest.FixtureRequest, tmp_path: Path) -> ChunkIndex:
    if request.param == "server":
        host, port = request.getfixturevalue("chroma_server")
        settings = make_settings(
            tmp_path, chroma_host=host, chroma_port=port, collection=f"t{id(tmp_path)}"
        )
    else:
        settings = make_settings(tmp_path)
    return ChunkIndex(
        make_chroma_client(settings), settings.collection, HashEmbedding(), "hash:test"
    )


def indexer(index: ChunkIndex, tmp_path: Path) -> Indexer:
    return Indexer(index, Chunker(GLOSSARY), tmp_path / "state", 2_000_000)


def test_add_unchanged_change_remove(index: ChunkIndex, seeds_copy: Path, tmp_path: Path) -> None:
    idx = indexer(index, tmp_path)
    first = idx.refresh(seeds_copy)
    assert len(first.added) == 5 and first.chunks_written == index.count() > 0
    again = idx.refresh(seeds_copy)
    assert (again.added, again.changed, again.removed, again.chunks_written) == ([], [], [], 0)
    assert len(again.unchanged) == 5

    target = seeds_copy / "003_4ce31369f94a498f.txt"
    target.write_text(
        target.read_text().replace("Earlier on November 20,", "Earlier on November 19,")
    )
    (seeds_copy / "002_7361177b7f5fa44e.txt").unlink()
    (seeds_copy / "new.md").write_text(
        "# Vietnam and Laos\n\nVietnam and Laos signed a border agreement.\n"
    )
    third = idx.refresh(seeds_copy)
    assert third.changed == ["003_4ce31369f94a498f.txt"]
    assert third.removed == ["002_7361177b7f5fa44e.txt"]
    assert third.added == ["new.md"]
    docs = index.versions()
    assert "002_7361177b7f5fa44e.txt" not in docs and "new.md" in docs
    texts = " ".join(c.text for c in index.all_chunks())
    assert "November 19" in texts and "November 20" not in texts and "Sar Kheng" not in texts


def test_mass_deletion_is_refused_unless_forced(
    index: ChunkIndex, seeds_copy: Path, tmp_path: Path
) -> None:
    idx = indexer(index, tmp_path)
    idx.refresh(seeds_copy)
    for path in seeds_copy.iterdir():
        path.unlink()
    with pytest.raises(RefreshRefused, match="would remove 5 of 5"):
        idx.refresh(seeds_copy)
    assert len(index.versions()) == 5  # nothing was lost
    assert len(idx.refresh(seeds_copy, force=True).removed) == 5
    assert index.count() == 0


def test_dense_query_with_filters(index: ChunkIndex, seeds_copy: Path, tmp_path: Path) -> None:
    indexer(index, tmp_path).refresh(seeds_copy)
    vector = index.embedder.embed_query("memorandum trafficking")
    chunks = {c.chunk_id: c for c in index.all_chunks()}
    french = index.dense(vector, 10, Filters(languages=("fr",)))
    assert french and {chunks[cid].meta.language for cid, _s in french} == {"fr"}
    dated = index.dense(vector, 10, Filters(date_from=20220101, date_to=20221231))
    assert {chunks[cid].doc_id for cid, _s in dated} == {"001_1cb86d86045a36fa.txt"}
    assert all(-1.0 <= s <= 1.0 for _cid, s in french)


def test_full_rebuild(index: ChunkIndex, seeds_copy: Path, tmp_path: Path) -> None:
    idx = indexer(index, tmp_path)
    idx.refresh(seeds_copy)
    before = {c.chunk_id for c in index.all_chunks()}
    report = idx.refresh(seeds_copy, full=True)
    after = {c.chunk_id for c in index.all_chunks()}
    assert len(report.changed) == 5 and len(after) == len(before) and not before & after


def test_a_second_refresh_waits_for_the_lock(tmp_path: Path) -> None:
    entered = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with refresh_lock(tmp_path):
            entered.set()
            release.wait(5)

    worker = threading.Thread(target=hold)
    worker.start()
    entered.wait(5)
    try:
        with (
            pytest.raises(RefreshRefused, match="another index refresh is running"),
            refresh_lock(tmp_path),
        ):
            pass
    finally:
        release.set()
        worker.join()


def test_embedder_mismatch_is_explained(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    client = make_chroma_client(settings)
    ChunkIndex(client, "coll", HashEmbedding(), "hash:one")
    with pytest.raises(IndexProblem, match="accord index --full"):
        ChunkIndex(client, "coll", HashEmbedding(), "hash:two")


@pytest.mark.slow
def test_switching_the_embedder_is_rebuilt_by_index_full(seeds_copy: Path, tmp_path: Path) -> None:
    """Issue 15 item 10: after ACCORD_EMBEDDER changes, `accord ask` and `accord index` say to
    run `accord index --full`, and that command (real processes) rebuilds the index under the
    new embedder, so `accord ask` answers again. Before, --full failed with the same error."""
    question = "Who signed the MoU on anti-human trafficking with the UK?"
    old = accord_env(tmp_path / "data", seeds_copy, EMBEDDER="use", RELOAD_CHECK_S="0")
    run_accord(old, "index")
    new = {**old, "ACCORD_EMBEDDER": "e5"}
    for args in (("ask", question), ("index",)):
        refused = run_accord(new, *args, check=False)
        assert refused.returncode == 1 and "accord index --full" in refused.stderr, refused
        assert "Traceback" not in refused.stderr
    assert cited_docs(ask_json(old, question))  # the old configuration still answers meanwhile
    rebuilt = run_accord(new, "index", "--full")
    assert "rebuilt with embedder e5:e5 (was use:use)" in rebuilt.stdout, rebuilt.stdout
    answer = ask_json(new, question)
    assert "Javid" in answer["answer"] and "003_4ce31369f94a498f.txt" in cited_docs(answer)
    assert run_accord(new, "index").returncode == 0  # the switch is done: a plain refresh works
    settings = make_settings(tmp_path / "data", seeds_dir=seeds_copy, embedder="e5")
    index = open_index(settings, E5Embedding())
    assert index.live_name != settings.collection and index.count() > 0
    names = {c.name for c in make_chroma_client(settings).list_collections()}
    assert settings.collection not in names  # the old embedder's vectors are gone after the grace


def test_telemetry_is_off(tmp_path: Path) -> None:
    client = make_chroma_client(make_settings(tmp_path))
    assert client.get_settings().anonymized_telemetry is False
    assert isinstance(client, chromadb.api.ClientAPI)
    assert ChromaSettings().is_persistent is False  # sanity: our client is the persistent one
    shutil.rmtree(tmp_path / "chroma")


def test_glossary_edit_retags_every_article(
    index: ChunkIndex, seeds_copy: Path, tmp_path: Path
) -> None:
    indexer(index, tmp_path).refresh(seeds_copy)
    edited = type(GLOSSARY)(GLOSSARY.concepts, fingerprint="edited")
    report = Indexer(index, Chunker(edited), tmp_path / "state", 2_000_000).refresh(seeds_copy)
    assert len(report.changed) == 5
