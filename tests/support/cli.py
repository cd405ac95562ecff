"""The real `accord` command in a process of its own, optionally without root's privileges.

Faults between processes (an index run while another process reads) and permission faults
must be tried on the command users run, not on functions called in the test's process.
Root reads through ``chmod 000``: as root, the command runs in a user namespace where it is
an ordinary user that owns the files (``unshare --map-user``), so permission bits bite it as
they bite the service account on a real server; a non-root user needs nothing of the sort.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ACCORD = Path(sys.executable).with_name("accord")
ROOT = Path(__file__).resolve().parents[2]
_UNPRIVILEGED = ["unshare", "--user", "--map-user=65534", "--map-group=65534"]


@cache
def _unprivileged_prefix() -> tuple[str, ...] | str:
    """The command prefix that drops root's file-permission override, or why there is none."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed, and root reads through chmod 000"
    probe = subprocess.run([*_UNPRIVILEGED, "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return f"user namespaces are not available here ({probe.stderr.strip()})"
    return tuple(_UNPRIVILEGED)


def unprivileged_prefix() -> list[str]:
    """Skips the calling test, with the reason, where permissions cannot be made to bite."""
    prefix = _unprivileged_prefix()
    if isinstance(prefix, str):
        pytest.skip(prefix)
    return list(prefix)


def accord_env(data_dir: Path, seeds_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of an `accord` process: ``settings`` are ACCORD_* names without
    the prefix (``RELOAD_CHECK_S="0.5"``); other variables can be given in full."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "OPENAI_"))}
    env.update(
        ACCORD_DATA_DIR=str(data_dir),
        ACCORD_SEEDS_DIR=str(seeds_dir),
        ACCORD_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    for name, value in settings.items():
        env[
            name if name.startswith(("OPENAI_", "ACCORD_", "LANG", "LC_")) else f"ACCORD_{name}"
        ] = value
    return env


def run_accord(
    env: dict[str, str],
    *args: str,
    check: bool = True,
    unprivileged: bool = False,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `accord ARGS` to the end; ``check``: fail the test on a non-zero exit."""
    prefix = unprivileged_prefix() if unprivileged else []
    done = subprocess.run(
        [*prefix, str(ACCORD), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"accord {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def accord(
    *args: str,
    data_dir: Path,
    seeds_dir: Path,
    unprivileged: bool = False,
    timeout: float = 300,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """``accord ARGS`` with its own data and articles folders; stdout and stderr captured,
    the exit status left to the test."""
    environment = accord_env(data_dir, seeds_dir, RELOAD_CHECK_S="0", **env)
    return run_accord(environment, *args, check=False, unprivileged=unprivileged, timeout=timeout)


def ask_json(env: dict[str, str], question: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(run_accord(env, "ask", "--json", question).stdout)
    return answer


def cited_docs(answer: dict[str, Any]) -> set[str]:
    """Every article an `accord ask --json` answer shows: cited or offered as related."""
    return {c["doc_id"] for c in answer["citations"] + answer["related"]}
