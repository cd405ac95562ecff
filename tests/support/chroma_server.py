"""Start a real `chroma run` on 127.0.0.1 (tests and benchmarks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.processes import free_port, stop, wait_ready

__all__ = ["free_port", "server_metadatas", "start_chroma", "stop"]

_READ = """
import json, sys, chromadb
client = chromadb.HttpClient(host="127.0.0.1", port=int(sys.argv[1]))
got = client.get_or_create_collection(sys.argv[2]).get(include=["metadatas"])
print(json.dumps(got["metadatas"] or []))
"""


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


def server_metadatas(port: int, collection: str) -> list[dict[str, object]]:
    """Every row's metadata, read by a child process: a client in the test process would
    keep sockets to a server that the test kills."""
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(port), collection],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows
