from pathlib import Path

import pytest

from rag.service import RagService
from tests.support.config import make_settings


def test_second_start_loads_the_cached_snapshot(
    service: RagService, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.corpus()
    files = list((service.settings.state_dir / "snapshots").glob("snapshot-*.pkl"))
    assert len(files) == 1
    again = RagService.from_settings(service.settings)
    monkeypatch.setattr(again.index, "all_chunks", lambda: pytest.fail("should use the snapshot"))
    assert again.corpus().documents == 5
    assert not again.ask("Who signed the MoU on anti-human trafficking with the UK?").abstained


def test_unreadable_snapshot_is_rebuilt(service: RagService, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    fresh = RagService(settings, service.index, service.embedder, service.glossary)
    generation = service.index.generation()
    path = fresh.snapshots._path(generation)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert fresh.corpus().documents == 5
    assert path.read_bytes() != b"not a pickle"
