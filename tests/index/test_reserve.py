"""The disk reserve: real blocks set aside by refreshes, released by a reader on a full disk.
That a reader on a full disk really opens the index through it is proven with real
processes in tests/test_reliability.py (test_full_disk_...)."""

from __future__ import annotations

from pathlib import Path

from rag.index.reserve import DiskReserve


def test_the_reserve_holds_real_blocks_and_is_released_once(tmp_path: Path) -> None:
    reserve = DiskReserve(tmp_path / "state", 1 << 20)
    reserve.ensure()
    reserve.ensure()  # already there: nothing to do
    stat = reserve.path.stat()
    assert stat.st_size == 1 << 20 and stat.st_blocks * 512 >= 1 << 20  # not a sparse file
    assert reserve.release() is True
    assert reserve.release() is False and not reserve.path.exists()


def test_a_zero_reserve_is_off(tmp_path: Path) -> None:
    reserve = DiskReserve(tmp_path, 0)
    reserve.ensure()
    assert not reserve.path.exists()
