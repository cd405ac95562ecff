"""Opening the store: a read-only data folder is read, never written, and never called broken."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import ACCORD, accord_env, run_accord

# Mount the data folder read-only for this process alone, then run the command: a user and
# mount namespace needs no privilege, and a read-only mount stops root as well (chmod does
# not), so the test means the same as root and as an unprivileged user.
READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
UNSHARE = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", READ_ONLY, "sh"]


def _read_only(env: dict[str, str], data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`accord ARGS` with ``data`` mounted read-only for that process."""
    return subprocess.run(
        [*UNSHARE, str(data), str(ACCORD), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _require_read_only_mounts(tmp_path: Path) -> None:
    if shutil.which("unshare") is None:
        pytest.skip("util-linux `unshare` is not installed: no way to mount a folder read-only")
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(
        [*UNSHARE, str(probe), "sh", "-c", f"! touch {probe}/x 2>/dev/null"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if done.returncode != 0:
        pytest.skip(
            "this platform refuses an unprivileged user + mount namespace with a read-only "
            f"bind mount (unshare: {done.stderr.strip() or done.returncode})"
        )


@pytest.mark.slow
def test_a_read_only_data_folder_answers_from_its_index_and_refuses_a_refresh(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Issue 15 item 12 (read-only data folder): `accord ask` answers from the healthy index
    (before: told to rebuild it), `accord index` says why it cannot refresh, no traceback."""
    _require_read_only_mounts(tmp_path)
    data = tmp_path / "data"
    env = accord_env(data, seeds_copy)
    run_accord(env, "index")
    asked = _read_only(
        env, data, "ask", "Who signed the MoU on anti-human trafficking with the UK?"
    )
    assert asked.returncode == 0, asked.stderr
    assert "Javid" in asked.stdout and "003_4ce31369f94a498f.txt" in asked.stdout, asked.stdout
    assert "Traceback" not in asked.stderr and "accord index" not in asked.stderr
    refreshed = _read_only(env, data, "index")
    assert refreshed.returncode == 1, refreshed
    assert "read-only" in refreshed.stderr and "Traceback" not in refreshed.stderr
