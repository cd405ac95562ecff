"""The real `accord` command in a process of its own, with a test's data and articles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ACCORD = Path(sys.executable).with_name("accord")
ROOT = Path(__file__).resolve().parents[2]


def accord_env(data_dir: Path, seeds_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of an `accord` process: ``settings`` are ACCORD_* names without
    the prefix (``RELOAD_CHECK_S="0.5"``); other variables can be given in full."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "OPENAI_"))}
    env.update(
        ACCORD_DATA_DIR=str(data_dir),
        ACCORD_SEEDS_DIR=str(seeds_dir),
        ACCORD_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    for name, value in settings.items():
        env[name if name.startswith(("OPENAI_", "ACCORD_")) else f"ACCORD_{name}"] = value
    return env


def accord(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `accord ARGS` to the end; ``check``: fail the test on a non-zero exit."""
    done = subprocess.run(
        [str(ACCORD), *args], env=env, capture_output=True, text=True, timeout=300
    )
    if check and done.returncode != 0:
        raise AssertionError(f"accord {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def ask_json(env: dict[str, str], question: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(accord(env, "ask", "--json", question).stdout)
    return answer


def cited_docs(answer: dict[str, Any]) -> set[str]:
    """Every article an `accord ask --json` answer shows: cited or offered as related."""
    return {c["doc_id"] for c in answer["citations"] + answer["related"]}
