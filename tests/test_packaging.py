"""The built wheel works on its own: installed in a fresh venv, run from outside the checkout.

An editable install (what `make setup` does) reads prompts/, the gold set and the data files
from the checkout, so it cannot show that the wheel carries them. This test builds the wheel,
installs it in a fresh venv without its dependencies (no network: they are borrowed from the
running venv through a .pth file, which adds that folder but not the editable install's
import hook, so the checkout cannot shadow the wheel), and runs `accord index`, `accord ask`
(extractive, then LLM against the local stub: that one needs prompts/) and `accord eval`
(the gold set) from a folder that is not the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from evals.parts import load_parts
from tests.support.config import ROOT, SEEDS
from tests.support.openai_stub import OpenAIStub, chat_reply

QUESTION = "Who signed the MoU on anti-human trafficking between Vietnam and the UK?"
SKIPPED = shutil.ignore_patterns(".*", "__pycache__", "*.egg-info", "build", "dist")


def _copy_source(target: Path) -> Path:
    """The checkout without caches, build outputs and the running venv (pip builds in place)."""
    venv = Path(sys.prefix).resolve()

    def skip(folder: str, names: list[str]) -> set[str]:
        return set(SKIPPED(folder, names)) | {n for n in names if (Path(folder) / n) == venv}

    shutil.copytree(ROOT, target, ignore=skip)
    return target


class Installed:
    """A venv holding only the built wheel; commands run from a folder outside the checkout."""

    def __init__(self, tmp_path: Path) -> None:
        dist = tmp_path / "dist"
        source = _copy_source(tmp_path / "source")
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
             "--no-index", "--quiet", "--wheel-dir", str(dist), str(source)],
            check=True, timeout=300,
        )  # fmt: skip
        (self.wheel,) = dist.glob("accord-*.whl")
        self.venv = tmp_path / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True, timeout=120)
        self.bin = self.venv / "bin"
        subprocess.run(
            [self.bin / "python", "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
             str(self.wheel)],
            check=True, timeout=300,
        )  # fmt: skip
        # Written after the install, so pip never sees (or touches) the running venv.
        site = Path(
            subprocess.run(
                [self.bin / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                check=True, capture_output=True, text=True,
            ).stdout.strip()
        )  # fmt: skip
        (site / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
        self.workdir = tmp_path / "elsewhere"
        self.workdir.mkdir()
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ACCORD_", "OPENAI_", "PYTHON"))
        }
        self.env.update(
            ACCORD_SEEDS_DIR=str(SEEDS),
            ACCORD_DATA_DIR=str(tmp_path / "data"),
            ACCORD_LOG_LEVEL="WARNING",
        )

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            cwd=self.workdir, env={**self.env, **env}, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Built, installed and indexed once for this module's tests (each CLI start takes seconds)."""
    installed = Installed(tmp_path_factory.mktemp("wheel"))
    installed.run("accord", "index")
    return installed


@pytest.mark.slow
def test_the_wheel_carries_prompts_gold_set_and_data(installed: Installed) -> None:
    import zipfile

    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert {
        "prompts/answer_system.txt",
        "prompts/judge_faithfulness.txt",
        "evals/data/parts.toml",
        "evals/data/dev.jsonl",
        "evals/data/test.jsonl",
        "evals/data/seeds.jsonl",
        "evals/corpus/g1_uk-2024-second-dialogue-vna.txt",
        "rag/lang/packs/vi.json",
        "evals/thresholds.toml",
        "evals/templates/report.html.j2",
        "rag/data/glossary.json",
    } <= names
    assert not any(name.startswith(("tests/", "evals/runs/")) for name in names)
    where = installed.run(
        "python", "-c",
        "import rag, evals; from rag.settings import Settings; "
        "print(rag.__file__, evals.__file__, Settings().prompts_dir, sep='\\n')",
    ).stdout.split()  # fmt: skip
    assert all(Path(p).is_relative_to(installed.venv) for p in where), where


@pytest.mark.slow
def test_installed_accord_answers_with_citations(installed: Installed) -> None:
    answer = json.loads(installed.run("accord", "ask", "--json", QUESTION).stdout)
    assert not answer["abstained"] and answer["citations"]
    assert answer["backend"] == "extractive" and "[1]" in answer["answer"]


@pytest.mark.slow
def test_installed_accord_answers_with_the_llm_using_its_own_prompts(
    installed: Installed, openai_stub: OpenAIStub
) -> None:
    openai_stub.script.append(chat_reply("To Lam and Sajid Javid signed it [1]."))
    asked = installed.run(
        "accord", "ask", "--json", QUESTION,
        ACCORD_ANSWERER="llm", OPENAI_BASE_URL=openai_stub.base_url, OPENAI_API_KEY="sk-test",
    )  # fmt: skip
    answer = json.loads(asked.stdout)
    assert (
        answer["backend"] == "llm" and answer["answer"] == "To Lam and Sajid Javid signed it [1]."
    )
    system = openai_stub.chat_requests()[0]["body"]["messages"][0]["content"]
    assert system.startswith("You answer questions from staff")  # prompts/answer_system.txt


@pytest.mark.slow
def test_installed_accord_eval_runs_the_packaged_gold_set(installed: Installed) -> None:
    printed = installed.run("accord", "eval", "--no-gate", "--quiet", "--out", "run").stdout
    assert "answer_correct=" in printed
    run = installed.workdir / "run"
    summary = json.loads((run / "summary.json").read_text())
    assert summary["overall"]["n"] >= 260 and summary["overall"]["metrics"]["hit@3"] > 0.5
    assert set(summary["parts"]) == {part.name for part in load_parts()}  # every part, packaged
    assert "<svg" in (run / "report.html").read_text()
