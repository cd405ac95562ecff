"""Start a real `chroma run` on 127.0.0.1 (tests and benchmarks)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.processes import free_port, stop, wait_ready

__all__ = ["free_port", "start_chroma", "stop"]


def start_chroma(path: Path, port: int, timeout: float = 60.0) -> subprocess.Popen[bytes]:
    """Run the server from this virtualenv and wait for its heartbeat."""
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        raise RuntimeError(f"chroma CLI not found next to {sys.executable}")
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    return wait_ready(proc, f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout, "chroma run")
