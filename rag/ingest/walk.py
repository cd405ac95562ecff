"""Articles folder -> cleaned ``Article`` records, or a reason for skipping each file.

Every file is either ingested or reported: an admin must be able to see why a
file is missing from the index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import ConfigError, IngestError
from rag.ingest.metadata import SIDECAR_SUFFIXES, read_sidecar, sidecar_path
from rag.ingest.parse import parse_article
from rag.ingest.readers import SUPPORTED_SUFFIXES, reader_for
from rag.ingest.readers.base import Reader
from rag.lang.text import fold
from rag.models import Article, Skipped


@dataclass
class IngestResult:
    articles: list[Article]
    skipped: list[Skipped]


def iter_article_files(folder: Path) -> Iterable[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(SIDECAR_SUFFIXES)
    )


def file_hash(path: Path, data: bytes | None = None) -> str:
    """Hash of the file's bytes and its sidecar's: unchanged hash, unchanged article."""
    digest = hashlib.sha256(path.read_bytes() if data is None else data)
    side = sidecar_path(path)
    if side is not None:
        digest.update(b"\x00sidecar\x00" + side.read_bytes())
    return digest.hexdigest()[:32]


def _reader(name: str) -> Reader:
    reader = reader_for(Path(name))
    if reader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise IngestError(
            f"unsupported file type {Path(name).suffix or '(none)'!r}; use {supported}"
        )
    return reader


def read_article(data: bytes, name: str, sidecar: dict[str, Any] | None = None) -> Article:
    """One file's bytes -> an Article, by the reader its name's suffix selects.

    The index and the bot's upload check use this one path, so an upload is refused for
    exactly the reasons the index would skip it."""
    reader = reader_for(Path(name))
    if reader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise IngestError(
            f"unsupported file type {Path(name).suffix or '(none)'!r}; use {supported}"
        )
    read = reader.read(data, name)
    return parse_article(read.text, name, sidecar, read.meta, read.alt_texts, read.structured)


def load_file(path: Path, folder: Path, max_bytes: int) -> Article:
    relative = path.relative_to(folder).as_posix()
    _reader(relative)  # an unsupported type is refused before its bytes are read
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"file too large ({size:,} bytes > cap {max_bytes:,})")
    data = path.read_bytes()
    article = read_article(data, relative, read_sidecar(path))
    article.file_hash = file_hash(path, data)
    article.body_key = hashlib.sha256(fold(article.text).encode()).hexdigest()[:32]
    return article


def ingest_files(
    paths: Iterable[Path], folder: Path, max_bytes: int, known: dict[str, str] | None = None
) -> IngestResult:
    """Parse ``paths``; ``known`` maps body keys of articles already kept to their doc ids."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = dict(known or {})
    for path in paths:
        relative = path.relative_to(folder).as_posix()
        try:
            article = load_file(path, folder, max_bytes)
        except (IngestError, OSError) as exc:
            skipped.append(Skipped(relative, str(exc)))
            continue
        if article.body_key in seen:
            skipped.append(Skipped(relative, f"duplicate of {seen[article.body_key]}"))
            continue
        seen[article.body_key] = relative
        articles.append(article)
    return IngestResult(articles, skipped)


def ingest_folder(folder: Path, max_bytes: int = 2_000_000) -> IngestResult:
    """Every file under ``folder``: articles (duplicates dropped) plus skipped with reasons."""
    if not folder.is_dir():
        raise ConfigError(f"articles folder {folder} does not exist (set ACCORD_SEEDS_DIR)")
    return ingest_files(iter_article_files(folder), folder, max_bytes)
