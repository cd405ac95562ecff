"""Snapshots are written by the refresh for the head it publishes; readers only load them."""

from pathlib import Path

import pytest

from rag.service import RagService
from tests.support.config import make_settings


def test_a_reader_loads_the_snapshot_the_refresh_saved(
    service: RagService, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = service.index.current_head()
    assert service.snapshots.exists(head.generation, head.digest)
    again = RagService.from_settings(service.settings)
    monkeypatch.setattr(
        again.index, "all_chunks", lambda *a: pytest.fail("should use the snapshot")
    )
    assert again.corpus().documents == 5
    assert not again.ask("Who signed the MoU on anti-human trafficking with the UK?").abstained


def test_an_unreadable_snapshot_is_built_in_memory_and_left_alone(
    service: RagService, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path)
    fresh = RagService(settings, service.index, service.embedder, service.glossary)
    head = service.index.current_head()
    path = fresh.snapshots._path(head.generation, head.digest)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert fresh.corpus().documents == 5
    assert path.read_bytes() == b"not a pickle"  # a read path never writes
