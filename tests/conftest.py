"""Shared fixtures. Every test runs with the network blocked outside 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.service import RagService
from tests.support.chroma_server import free_port, start_chroma, stop
from tests.support.config import SEEDS, make_settings
from tests.support.fake_telegram import FakeTelegram
from tests.support.injection import INJECTED
from tests.support.network import block_network
from tests.support.openai_stub import OpenAIStub


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first, in their order: `make test` runs two workers, and slow tests
    left to the end kept one worker busy a minute after the other had finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    block_network(monkeypatch)


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> RagService:
    """The embedded default, indexed from seeds/ once for the whole session (read-only use)."""
    settings = make_settings(tmp_path_factory.mktemp("data"))
    svc = RagService.from_settings(settings)
    svc.refresh()
    return svc


@pytest.fixture(scope="session")
def injected_service(tmp_path_factory: pytest.TempPathFactory) -> RagService:
    """The seeds plus tests/support/injection.py's article, indexed once (read-only use)."""
    folder = tmp_path_factory.mktemp("articles")
    shutil.copytree(SEEDS, folder, dirs_exist_ok=True)
    (folder / "injected.txt").write_text(INJECTED)
    service = RagService.from_settings(
        make_settings(tmp_path_factory.mktemp("data"), seeds_dir=folder)
    )
    service.refresh()
    return service


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    """The fake Telegram Bot API on 127.0.0.1 (tests/support/fake_telegram.py)."""
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    stub = OpenAIStub().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run` on 127.0.0.1 for the session."""
    port = free_port()
    proc = start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    yield "127.0.0.1", port
    stop(proc)
