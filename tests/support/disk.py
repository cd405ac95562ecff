"""A size-capped folder for full-disk tests: a tmpfs mounted in a private mount namespace.

The tmpfs lives only as long as its namespace, so every step that must see it (index, fill
the disk, ask, free space, index again) runs inside one ``unshare`` child, which runs the
steps in order and prints their results as JSON. As root the namespace needs no user
namespace; otherwise ``--user --map-root-user`` gives the child the right to mount, where
the kernel allows unprivileged user namespaces. ``python -m tests.support.disk`` is that
child (``run``) and the disk filler (``fill``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.config import ROOT

FILL_NAME = "filler"


@dataclass(frozen=True)
class Step:
    rc: int
    out: str
    err: str


def _unshare() -> list[str]:
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    return ["unshare", *user, "--mount", "--propagation", "private"]


def capped_unsupported() -> str | None:
    """Why a capped folder cannot be made here, or None when it can."""
    if shutil.which("unshare") is None:
        return "the unshare command is missing"
    probe = subprocess.run(
        [
            *_unshare(),
            "sh",
            "-c",
            "mount -t tmpfs -o size=1m tmpfs /mnt || mount -t tmpfs -o size=1m tmpfs /tmp",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        return f"cannot mount a tmpfs in a private mount namespace: {probe.stderr.strip()}"
    return None


def run_capped(
    folder: Path, size_mb: int, steps: list[list[str]], env: dict[str, str]
) -> list[Step]:
    """Mount a ``size_mb`` tmpfs on ``folder`` and run ``steps`` there, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [*_unshare(), sys.executable, "-m", "tests.support.disk", "run", str(folder), str(size_mb)],
        input=json.dumps(steps),
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the capped-folder runner failed: {done.stderr[-2000:]}")
    return [Step(**step) for step in json.loads(done.stdout)]


def fill_step(folder: Path, keep_bytes: int = 0) -> list[str]:
    """A step that fills ``folder``'s file system, leaving about ``keep_bytes`` free."""
    return [sys.executable, "-m", "tests.support.disk", "fill", str(folder), str(keep_bytes)]


def free_step(folder: Path) -> list[str]:
    return ["rm", "-f", str(folder / FILL_NAME)]


def _fill(folder: Path, keep_bytes: int) -> None:
    path = folder / FILL_NAME
    with path.open("ab", buffering=0) as handle:
        for chunk in (1 << 20, 4096, 1):
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError:
                pass
    if keep_bytes:
        os.truncate(path, max(0, path.stat().st_size - keep_bytes))


def _run(folder: Path, size_mb: int) -> None:
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(folder)], check=True
    )
    results = []
    for argv in json.loads(sys.stdin.read()):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
        results.append({"rc": done.returncode, "out": done.stdout, "err": done.stderr})
    print(json.dumps(results))


if __name__ == "__main__":
    command, where, amount = sys.argv[1:4]
    if command == "fill":
        _fill(Path(where), int(amount))
    else:
        _run(Path(where), int(amount))
