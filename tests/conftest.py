"""Shared fixtures. Every test runs with the network blocked outside 127.0.0.1."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rag.service import RagService
from rag.settings import Settings
from tests.stubs.openai_stub import OpenAIStub

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


class NetworkBlocked(RuntimeError):
    pass


def _is_local(host: object) -> bool:
    if not isinstance(host, str):
        return True
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection or name lookup that would leave this machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address: Any) -> None:
        if isinstance(address, tuple) and not _is_local(address[0]):
            raise NetworkBlocked(f"test tried to reach {address!r}")

    def connect(self: socket.socket, address: Any) -> Any:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        if host is not None and not _is_local(host):
            raise NetworkBlocked(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def make_settings(data_dir: Path, seeds_dir: Path = SEEDS, **overrides: Any) -> Settings:
    return Settings(data_dir=data_dir, seeds_dir=seeds_dir, log_level="WARNING", **overrides)


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> RagService:
    """The embedded default, indexed from seeds/ once for the whole session (read-only use)."""
    settings = make_settings(tmp_path_factory.mktemp("data"))
    svc = RagService.from_settings(settings)
    svc.refresh()
    return svc


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    stub = OpenAIStub().start()
    yield stub
    stub.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run` on 127.0.0.1 for the session."""
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        pytest.fail(f"chroma CLI not found next to {sys.executable}")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("chroma run exited during start-up")
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not answer its heartbeat within 60 s")
    yield "127.0.0.1", port
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
