"""Where the checkout's articles are, and settings for a test's own data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def make_settings(data_dir: Path, seeds_dir: Path = SEEDS, **overrides: Any) -> Settings:
    return Settings(data_dir=data_dir, seeds_dir=seeds_dir, log_level="WARNING", **overrides)
