"""Where the checkout's articles are, settings for a test's own data folder, and a service
over articles written for a test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag.service import RagService
from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def make_settings(data_dir: Path, seeds_dir: Path = SEEDS, **overrides: Any) -> Settings:
    return Settings(data_dir=data_dir, seeds_dir=seeds_dir, log_level="WARNING", **overrides)


def articles_service(
    factory: pytest.TempPathFactory, files: dict[str, str], **overrides: Any
) -> RagService:
    """A service over its own articles folder holding ``files``, indexed."""
    folder: Path = factory.mktemp("articles")
    for name, text in files.items():
        (folder / name).write_text(text)
    svc = RagService.from_settings(make_settings(factory.mktemp("data"), folder, **overrides))
    svc.refresh()
    return svc
