"""The real `accord` command in a process of its own, optionally without root's privileges.

Faults between processes (an index run while another process reads) and permission faults
must be tried on the command users run, not on functions called in the test's process.
Root reads through ``chmod 000``: as root, the command runs in a user namespace where it is
an ordinary user that owns the files (``unshare --map-user``), so permission bits bite it as
they bite the service account on a real server; a non-root user needs nothing of the sort.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ACCORD = Path(sys.executable).with_name("accord")
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


def accord(
    *args: str,
    data_dir: Path,
    seeds_dir: Path,
    unprivileged: bool = False,
    timeout: float = 300,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """``accord ARGS`` with its own data and articles folders; stdout and stderr captured."""
    environment = {
        **os.environ,
        "ACCORD_DATA_DIR": str(data_dir),
        "ACCORD_SEEDS_DIR": str(seeds_dir),
        "ACCORD_LOG_LEVEL": "WARNING",
        "ACCORD_RELOAD_CHECK_S": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }
    prefix = unprivileged_prefix() if unprivileged else []
    return subprocess.run(
        [*prefix, str(ACCORD), *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
