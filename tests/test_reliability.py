"""Faults survived and bad input handled, with the real components on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.answer.citations import cited_numbers, clean_citations
from rag.cli import main
from rag.service import QuestionError, RagService
from tests.support.bot import STAFF, bot_settings, replies, serving
from tests.support.chroma_server import free_port, server_metadatas, start_chroma, stop
from tests.support.cli import ACCORD, accord, accord_env, run_accord
from tests.support.config import SEEDS, make_settings
from tests.support.disk import capped_unsupported, fill_step, free_step, run_capped
from tests.support.fake_telegram import FakeTelegram
from tests.support.openai_stub import OpenAIStub, Reply

# --- the index ----------------------------------------------------------------------


@pytest.mark.chroma_server
@pytest.mark.slow
async def test_chroma_server_outage_then_recovery_without_restart(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    port, path = free_port(), tmp_path / "chroma"
    server = start_chroma(path, port)
    settings = bot_settings(
        tmp_path, fake, chroma_host="127.0.0.1", chroma_port=port, reload_check_s=0.0
    )
    service = RagService.from_settings(settings)
    service.refresh()
    try:
        async with serving(settings, service):
            fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
            assert "Javid" in (await replies(fake, STAFF, 1))[0]["text"]
            stop(server)
            fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
            assert "temporarily unavailable" in (await replies(fake, STAFF, 2))[1]["text"]
            server = start_chroma(path, port)
            fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
            assert "Javid" in (await replies(fake, STAFF, 3))[2]["text"]
    finally:
        stop(server)


def test_corrupt_index_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chroma = tmp_path / "chroma"
    chroma.mkdir()
    (chroma / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ACCORD_LOG_LEVEL", "WARNING")
    assert main(["ask", "Who signed the MoU?"]) == 1
    err = capsys.readouterr().err
    assert "accord index --full" in err and "Traceback" not in err


LAOS = """Vietnam and Laos sign a border security pact

The ministers of Vietnam and Laos signed a pact on border security in Vientiane on Monday.
The pact covers joint patrols along the border and the exchange of information on smuggling.
"""


@pytest.mark.slow
def test_unreadable_folder_and_file_keep_their_indexed_articles(seeds_copy: Path) -> None:
    """`accord index` as an ordinary user after a subfolder and a file lost their read
    permission: nothing is removed, and the report names both paths and what was kept."""
    (seeds_copy / "sub").mkdir()
    (seeds_copy / "sub" / "laos.txt").write_text(LAOS)
    data = seeds_copy.parent / "data"
    first = accord("index", data_dir=data, seeds_dir=seeds_copy, unprivileged=True)
    assert first.returncode == 0 and "added 6," in first.stdout, first.stderr
    locked = [seeds_copy / "sub", seeds_copy / "001_1cb86d86045a36fa.txt"]
    for path in locked:
        path.chmod(0)
    try:
        second = accord("index", data_dir=data, seeds_dir=seeds_copy, unprivileged=True)
    finally:
        for path in locked:
            path.chmod(0o755)
    assert second.returncode == 0, second.stderr
    report = second.stdout
    assert "removed 0," in report and "removed:" not in report
    assert "  skipped: sub/: folder cannot be read (permission denied)" in report
    assert "  skipped: 001_1cb86d86045a36fa.txt: cannot be read (permission denied)" in report
    assert "  kept: sub/laos.txt (cannot be read now; its indexed version stays)" in report
    assert "  kept: 001_1cb86d86045a36fa.txt (cannot be read now" in report
    seeds_copy.chmod(0)
    try:  # the whole folder unreadable: an error that names it, not an empty corpus
        third = accord("index", data_dir=data, seeds_dir=seeds_copy, unprivileged=True)
    finally:
        seeds_copy.chmod(0o755)
    assert third.returncode == 1 and "cannot be read (permission denied)" in third.stderr
    assert "Traceback" not in third.stderr
    index = RagService.from_settings(make_settings(data, seeds_dir=seeds_copy)).index
    assert set(index.versions()) == {p.name for p in SEEDS.iterdir()} | {"sub/laos.txt"}


# --- writer faults: full disk, Chroma server killed, embedding endpoint down -----------

ZANZIBAR = (
    "Vietnam and Zanzibar sign maritime police memorandum\n\n"
    "Hanoi, March 3 (VNA) - Vietnam and Zanzibar signed a memorandum of understanding on "
    "maritime police cooperation in Hanoi on March 3, 2021. The memorandum was signed by "
    "Commissioner Amina Juma of Zanzibar and Deputy Minister Tran Quoc Bao. Both sides agreed "
    "to share information on smuggling routes across the Indian Ocean.\n"
)
ZANZIBAR_Q = "Who signed the maritime police memorandum with Zanzibar?"
UK_Q = "Who signed the MoU on anti-human trafficking with the UK?"


def _generated_articles(folder: Path, count: int) -> None:
    """Articles of plain varied text: enough chunks to outgrow a few hundred KiB of disk."""
    words = (
        "treaty border police minister cooperation trafficking visit signed agreement talks "
        "security delegation province ministry exchange training officers migration court"
    ).split()
    for i in range(count):
        pick = random.Random(i).choice
        sentences = [" ".join(pick(words) for _ in range(12)).capitalize() for _ in range(40)]
        (folder / f"generated{i:02d}.txt").write_text(
            f"Generated report {i} on provincial cooperation\n\n" + ". ".join(sentences) + ".\n"
        )


def _cli_env(data_dir: Path, seeds: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "OPENAI_"))}
    return {
        **env,
        "ACCORD_DATA_DIR": str(data_dir),
        "ACCORD_SEEDS_DIR": str(seeds),
        "ACCORD_LOG_LEVEL": "WARNING",
        "ACCORD_RELOAD_CHECK_S": "0",
        **extra,
    }


def _accord(*args: str, seeds: Path | None = None, lang: str | None = None) -> list[str]:
    exe = str(Path(sys.executable).with_name("accord"))
    env = [f"ACCORD_SEEDS_DIR={seeds}"] if seeds else []
    env += [f"LANG={lang}", f"LC_ALL={lang}"] if lang else []
    return ["env", *env, exe, *args] if env else [exe, *args]


@pytest.mark.slow
def test_full_disk_refresh_says_so_and_the_previous_index_keeps_answering(
    tmp_path: Path, seeds_copy: Path
) -> None:
    reason = capped_unsupported()
    if reason:
        pytest.skip(reason)
    data = tmp_path / "data"
    grown = tmp_path / "grown"
    shutil.copytree(seeds_copy, grown)
    (grown / "zanzibar.txt").write_text(ZANZIBAR)
    bigger = tmp_path / "bigger"
    shutil.copytree(grown, bigger)
    _generated_articles(bigger, 30)
    steps = run_capped(
        data,
        32,
        [
            _accord("index"),  # 0: the index that must stay servable
            fill_step(data),  # 1: not one byte left
            _accord("index", seeds=grown, lang="fr_FR.UTF-8"),  # 2: refused, in French
            _accord("ask", "--json", UK_Q),  # 3: answered from the previous index
            free_step(data),
            _accord("index", seeds=grown),  # 5: space is back: completes
            fill_step(data, keep_bytes=256 * 1024),  # 6: room to open, not to write
            _accord("index", seeds=bigger),  # 7: fails half-way through the writes
            _accord("ask", "--json", ZANZIBAR_Q),  # 8: still answered
            free_step(data),
            _accord("index", seeds=bigger),  # 10: completes what 7 began
            _accord("ask", "--json", UK_Q),  # 11
        ],
        _cli_env(data, seeds_copy),
    )
    assert steps[0].rc == 0, steps[0].err
    for refused in (steps[2], steps[7]):
        assert refused.rc == 1 and "Traceback" not in refused.err, refused.err
        assert "accord index --full" not in refused.err  # a healthy index is not to be rebuilt
    assert "disque" in steps[2].err and "accord index" in steps[2].err
    assert "disk holding the index" in steps[7].err and "is full" in steps[7].err
    for asked in (steps[3], steps[8], steps[11]):
        assert asked.rc == 0 and "Traceback" not in asked.err, asked.err
        assert json.loads(asked.out)["citations"]
    assert steps[5].rc == 0 and "added 1" in steps[5].out, steps[5].err
    cited = {c["source_file"] for c in json.loads(steps[8].out)["citations"]}
    assert "zanzibar.txt" in cited
    assert steps[10].rc == 0 and "added 30" in steps[10].out, steps[10].err


def _published(port: int, generation: int) -> bool:
    got = server_metadatas(port, "accord-meta")
    return bool(got and int(str(got[0]["generation"])) >= generation)


def _one_version_each(port: int) -> dict[str, set[str]]:
    versions: dict[str, set[str]] = {}
    for row in server_metadatas(port, "accord"):
        versions.setdefault(str(row["doc_id"]), set()).add(str(row["version"]))
    return versions


@pytest.mark.chroma_server
@pytest.mark.slow
def test_chroma_server_killed_mid_refresh_then_the_next_refresh_completes(
    tmp_path: Path, seeds_copy: Path
) -> None:
    port, path = free_port(), tmp_path / "chroma"
    server = start_chroma(path, port)
    env = _cli_env(
        tmp_path / "data", seeds_copy, ACCORD_CHROMA_HOST="127.0.0.1", ACCORD_CHROMA_PORT=str(port)
    )
    run = partial(subprocess.run, env=env, capture_output=True, text=True, timeout=300)
    try:
        assert run(_accord("index")).returncode == 0
        (seeds_copy / "zanzibar.txt").write_text(ZANZIBAR)
        changed = sorted(seeds_copy.glob("0*.txt"))[0]
        changed.write_text(changed.read_text() + "\nThe talks ended with a joint press briefing.\n")
        refresh = subprocess.Popen(
            _accord("index"),
            env={**env, "ACCORD_RELOAD_CHECK_S": "20"},  # a grace long enough to kill in
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(300):  # the new versions are written and published; deletion waits
            if _published(port, 2) or refresh.poll() is not None:
                break
            time.sleep(0.2)
        server.kill()  # SIGKILL: the server dies, it does not shut down
        server.wait()
        _out, err = refresh.communicate(timeout=120)
        assert refresh.returncode == 1 and "Traceback" not in err, err
        assert "Chroma server" in err and "accord index" in err
        server = start_chroma(path, port)
        again = run(_accord("index"))
        assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
        assert all(len(v) == 1 for v in _one_version_each(port).values())  # old versions gone
        asked = run(_accord("ask", "--json", ZANZIBAR_Q))
        assert asked.returncode == 0, asked.stderr
        cited = {c["source_file"] for c in json.loads(asked.stdout)["citations"]}
        assert "zanzibar.txt" in cited
    finally:
        stop(server)


@pytest.mark.slow
def test_embedding_endpoint_down_is_retried_then_explained_and_nothing_is_deleted(
    tmp_path: Path, seeds_copy: Path, openai_stub: OpenAIStub
) -> None:
    env = _cli_env(
        tmp_path,
        seeds_copy,
        ACCORD_EMBEDDER="openai",
        OPENAI_BASE_URL=openai_stub.base_url,
        OPENAI_API_KEY="sk-test-embeddings",
        ACCORD_LLM_MAX_ATTEMPTS="3",
        ACCORD_LLM_MAX_WAIT_S="0.05",
    )
    run = partial(subprocess.run, env=env, capture_output=True, text=True, timeout=300)
    indexed = run(_accord("index"))
    assert indexed.returncode == 0 and indexed.stdout.count("added:") == 5, indexed.stderr
    (seeds_copy / "zanzibar.txt").write_text(ZANZIBAR)
    sorted(seeds_copy.glob("0*.txt"))[0].unlink()  # a removal that must not happen yet
    openai_stub.requests.clear()
    openai_stub.script.extend(Reply(503, {"error": {"message": "overloaded"}}) for _ in range(3))
    refresh = run(_accord("index"))
    assert refresh.returncode == 1 and len(openai_stub.requests) == 3  # the policy's attempts
    assert "embedding service" in refresh.stderr and "accord index" in refresh.stderr
    assert "Traceback" not in refresh.stderr

    openai_stub.script.extend(Reply(503, {"error": {"message": "overloaded"}}) for _ in range(9))
    asked = run(_accord("ask", UK_Q))
    openai_stub.script.clear()
    assert asked.returncode == 1 and "embedding service" in asked.stderr, asked.stderr
    assert "Traceback" not in asked.stderr and "sk-test" not in asked.stderr

    asked = run(_accord("ask", "--json", UK_Q))  # the endpoint is back: the old index answers
    assert asked.returncode == 0 and json.loads(asked.stdout)["citations"], asked.stderr
    import chromadb

    store = chromadb.PersistentClient(path=str(tmp_path / "chroma")).get_collection("accord")
    firsts = store.get(where={"position": 0}, include=["metadatas"])["metadatas"] or []
    assert len({row["doc_id"] for row in firsts}) == 5  # the removed article is still indexed


# --- Telegram -------------------------------------------------------------------------


# --- bad questions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Who signed\x00 the MoU\x07 with the UK?\u202e",
        "<b>Who</b> signed the **MoU** with the [UK](http://x)?",
        "Who signed bản ghi nhớ với Anh про торговлю людьми?",
        "🇻🇳🤝🇬🇧 MoU?",
    ],
)
def test_odd_questions_are_answered_or_refused(service: RagService, question: str) -> None:
    answer = service.ask(question)
    assert "\x00" not in answer.question and "\u202e" not in answer.question
    assert answer.abstained or answer.citations


@pytest.mark.parametrize("question", ["🙂🙂🙂", "\x00\x01", " \n\t ", "a" * 20000])
def test_hopeless_questions_get_a_clear_refusal(service: RagService, question: str) -> None:
    with pytest.raises(QuestionError):
        service.ask(question)


@given(
    st.text(alphabet=st.sampled_from("ab [1],2]3[0 [12, 4][99]"), max_size=80),
    st.sets(st.integers(1, 5)),
)
def test_cleaned_citations_only_point_at_valid_passages(text: str, valid: set[int]) -> None:
    cleaned = clean_citations(text, valid)
    assert set(cited_numbers(cleaned)) <= valid
    assert set(cited_numbers(text)) & valid <= set(cited_numbers(cleaned))


# --- soak -------------------------------------------------------------------------------


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


TARGET = "003_4ce31369f94a498f.txt"  # the article each refresh round changes
VISIT = "part of Lam’s working visit to the UK."  # its sentence the witness follows


def _soak_article(n: int) -> str:
    """An article the questions about the UK trafficking MoU may cite, titled by its round."""
    return (
        f"Soak accord {n}: Vietnam and the UK renew their MoU on anti-human trafficking\n\n"
        f"In round {n} of the talks, the Vietnamese Minister of Public Security To Lam and the UK "
        "Home Secretary Sajid Javid signed a memorandum of understanding on anti-human "
        f"trafficking cooperation, renewed for {n + 1} more years.\n"
    )


class Churn:
    """`accord index` from another process, round after round, while the bot serves. Each
    round changes an article (a new witness), adds one and removes the one added two rounds
    before; it waits until the bot serves the new generation, notes when, and checks that
    dense search (not only BM25) finds the changed text."""

    def __init__(self, env: dict[str, str], articles: Path, service: RagService, rounds: int):
        self.env, self.articles, self.service, self.rounds = env, articles, service, rounds
        self.original = (articles / TARGET).read_text()
        self.done = 0  # rounds published and loaded by the bot
        self.loaded_at: dict[int, float] = {}  # round -> when the bot served its generation
        self.removed_in: dict[int, int] = {}  # soak article -> the round that removed it
        self.dense_misses: list[str] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="churn", daemon=True)

    def _run(self) -> None:
        try:
            for n in range(1, self.rounds + 1):
                self._round(n)
                self.done = n
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc

    def _round(self, n: int) -> None:
        witness = f"The signing was witnessed by Envoy Zanzibar{n:02d}."
        # In the body: what follows the article (its "Related" links) is not indexed.
        (self.articles / TARGET).write_text(self.original.replace(VISIT, f"{VISIT} {witness}"))
        (self.articles / f"soak_{n}.txt").write_text(_soak_article(n))
        if n > 2:
            (self.articles / f"soak_{n - 2}.txt").unlink()
            self.removed_in[n - 2] = n
        run_accord(self.env, "index")
        generation = self.service.index.generation()
        deadline = time.monotonic() + 120
        while (state := self.service.loaded()).generation < generation:
            assert time.monotonic() < deadline, f"the bot never loaded generation {generation}"
            time.sleep(0.1)
        self.loaded_at[n] = time.monotonic()
        found = state.retriever.retrieve(witness, self.service.settings.top_k).chunks
        if not any("dense" in hit.ranks and witness in hit.chunk.text for hit in found):
            self.dense_misses.append(f"round {n}: {[h.chunk.chunk_id for h in found]}")

    async def reached(self, n: int) -> None:
        while self.done < n:
            if self.error is not None:
                raise self.error
            await asyncio.sleep(0.05)


@pytest.mark.soak
@pytest.mark.slow
async def test_soak_chats_with_a_flaky_llm_while_another_process_refreshes(
    seeds_copy: Path,
    fake: FakeTelegram,
    openai_stub: OpenAIStub,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """20 chats x N questions (ACCORD_SOAK_QUESTIONS, 5 in CI, 50 for the full soak), an LLM
    failing 10% of calls, and `accord index` run from another process between questions
    (3 rounds in CI, N/5 in the full soak): every question is answered once, no answer
    cites an article removed by a refresh the bot had loaded when it was asked, and each
    changed article is found by dense search once the bot serves its refresh."""
    per_chat = int(os.environ.get("ACCORD_SOAK_QUESTIONS", "5"))
    rounds = max(3, per_chat // 5)
    openai_stub.failure_rate = 0.10
    settings = bot_settings(
        tmp_path, fake, allow_everyone=True, rate_limit_per_minute=10_000, answerer="llm",
        openai_base_url=openai_stub.base_url, openai_api_key="sk-soak", llm_max_attempts=2,
        llm_max_wait_s=0.05, seeds_dir=seeds_copy, reload_check_s=0.5,
    )  # fmt: skip
    env = accord_env(tmp_path, seeds_copy, RELOAD_CHECK_S="0.5")
    run_accord(env, "index")
    llm_service = RagService.from_settings(settings)
    churn = Churn(env, seeds_copy, llm_service, rounds)
    questions = [
        "Who signed the MoU on anti-human trafficking with the UK?",
        "Qui a coprésidé le premier dialogue sur la migration ?",
        "Bộ trưởng Tô Lâm hội đàm trực tuyến với ai của Campuchia?",
        "In which round of talks was the MoU on anti-human trafficking renewed?",  # soak articles
    ]
    asked: dict[tuple[int, int], float] = {}
    caplog.set_level(logging.WARNING)

    async def chat(uid: int, churning: bool = True) -> None:
        for k in range(per_chat):
            if churning:  # question k once refresh round k * (rounds + 1) / per_chat is served
                await churn.reached(min(rounds, k * (rounds + 1) // per_chat))
            asked[(uid, k)] = time.monotonic()
            fake.message(questions[(uid + k) % len(questions)], user_id=uid)
            await replies(fake, uid, k + 1)

    async with serving(settings, llm_service):
        await chat(5000, churning=False)  # warm up before measuring memory
        baseline = _rss_mb()
        churn.thread.start()
        await asyncio.gather(*(chat(6000 + i) for i in range(20)))
        growth = (_rss_mb() - baseline) / baseline
    churn.thread.join(timeout=300)
    assert churn.error is None and churn.done == rounds
    await asyncio.sleep(0.2)
    stale: list[str] = []
    cited_soak = 0
    for uid in range(6000, 6020):
        answers = fake.sent(uid)
        assert len(answers) == per_chat  # each question answered exactly once
        assert all("[1]" in a["text"] for a in answers)
        for k, message in enumerate(answers):
            for n in map(int, re.findall(r"Soak accord (\d+)", message["text"])):
                cited_soak += 1
                removal = churn.removed_in.get(n)
                if removal is not None and asked[(uid, k)] > churn.loaded_at[removal]:
                    stale.append(f"chat {uid} question {k}: soak article {n}")
    assert not stale, stale  # removed articles are never cited once the bot has the refresh
    assert not churn.dense_misses, churn.dense_misses
    assert not [r for r in caplog.records if r.name == "bot.errors"]  # no error reached a user
    print(
        f"soak: {20 * per_chat} questions, {rounds} refreshes from another process, "
        f"{cited_soak} citations of refreshed articles, "
        f"{len(openai_stub.chat_requests())} LLM calls, memory growth {growth:.1%}"
    )
    # Questions alone grow memory about 2% over the full soak. Each reload opens a new
    # embedded Chroma view (rag/index/client.py), and chromadb's native side keeps a few MB
    # of each (measured: 9% after 3 refreshes, 27% after 10); a snapshot kept alive per
    # reload, a whole index copy each time, would far exceed this bound.
    assert growth < 0.10 + 0.025 * rounds
    assert len(openai_stub.chat_requests()) >= 20 * per_chat


def _as_from_a_terminal() -> None:
    """The child starts with Ctrl-C as a terminal delivers it: at its default disposition and
    not blocked. A signal mask and an ignored SIGINT are inherited across exec, and the test
    process's own (after a full run's in-process servers and native libraries) is no user's."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _signal_masks(pid: int) -> str:
    """The process's blocked and ignored signal masks, for a failure message."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return "no /proc"
    return ", ".join(line for line in lines if line.startswith(("SigBlk", "SigIgn")))


@pytest.mark.slow
def test_ctrl_c_during_a_refresh_says_what_survived_and_the_next_run_finishes(
    seeds_copy: Path, tmp_path: Path, openai_stub: OpenAIStub
) -> None:
    """Ctrl-C while `accord index` waits on the embedder printed a KeyboardInterrupt
    traceback; it now says the previous index is intact, and the next run completes."""
    env = accord_env(
        tmp_path / "data", seeds_copy, EMBEDDER="openai", LLM_MAX_ATTEMPTS="1",
        OPENAI_BASE_URL=openai_stub.base_url, OPENAI_API_KEY="sk-test", LANG="fr_FR.UTF-8",
    )  # fmt: skip
    openai_stub.script.append(Reply(delay=60))
    writer = subprocess.Popen(
        [str(ACCORD), "index"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_from_a_terminal,
    )
    try:
        deadline = time.monotonic() + 120
        while not openai_stub.requests:
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "the refresh never asked for embeddings"
            time.sleep(0.05)
        masks = _signal_masks(writer.pid)
        writer.send_signal(signal.SIGINT)
        try:
            _out, err = writer.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"Ctrl-C did not stop `accord index` ({masks})")
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "Interrompu. Un `accord index` interrompu laisse l'index précédent intact" in err
    openai_stub.script.clear()
    done = run_accord(env, "index")
    assert "added 5," in done.stdout, done.stdout
