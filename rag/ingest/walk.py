"""Articles folder -> cleaned ``Article`` records, or a reason for skipping each file.

Every file is either ingested or reported: an admin must be able to see why a
file is missing from the index. What is read, and how without leaving the folder, is
``rag.ingest.folder``'s concern; this module turns what it reads into articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import IngestError
from rag.ingest.folder import ArticlesFolder, unreadable
from rag.ingest.metadata import parse_sidecar
from rag.ingest.parse import parse_article
from rag.ingest.readers import SUPPORTED_SUFFIXES, reader_for
from rag.ingest.readers.base import Reader
from rag.lang.text import fold
from rag.models import Article, Skipped


@dataclass
class IngestResult:
    articles: list[Article]
    skipped: list[Skipped]


def _digest(data: bytes, sidecar: tuple[str, bytes] | None) -> str:
    digest = hashlib.sha256(data)
    if sidecar is not None:
        digest.update(b"\x00sidecar\x00" + sidecar[1])
    return digest.hexdigest()[:32]


def file_hash(folder: ArticlesFolder, relative: str) -> str:
    """Hash of the file's bytes and its sidecar's: unchanged hash, unchanged article."""
    return _digest(folder.read(relative), folder.sidecar(relative))


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
    read = _reader(name).read(data, name)
    return parse_article(read.text, name, sidecar, read.meta, read.alt_texts, read.structured)


def load_file(folder: ArticlesFolder, relative: str, max_bytes: int) -> Article:
    _reader(relative)  # an unsupported type is refused before its bytes are read
    data = folder.read(relative, max_bytes)
    side = folder.sidecar(relative)
    article = read_article(data, relative, parse_sidecar(*side) if side else None)
    article.file_hash = _digest(data, side)
    article.body_key = hashlib.sha256(fold(article.text).encode()).hexdigest()[:32]
    return article


def ingest_files(
    relatives: Iterable[str],
    folder: ArticlesFolder,
    max_bytes: int,
    known: dict[str, str] | None = None,
) -> IngestResult:
    """Parse the files at ``relatives``; ``known`` maps body keys of articles already kept to
    their doc ids. A file that exists but cannot be read is marked ``unreadable``."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = dict(known or {})
    for relative in relatives:
        try:
            article = load_file(folder, relative, max_bytes)
        except IngestError as exc:
            skipped.append(Skipped(relative, exc.message))
            continue
        except FileNotFoundError:
            skipped.append(Skipped(relative, "removed while the folder was being read"))
            continue
        except OSError as exc:
            skipped.append(unreadable(relative, exc))
            continue
        if article.body_key in seen:
            skipped.append(Skipped(relative, f"duplicate of {seen[article.body_key]}"))
            continue
        seen[article.body_key] = relative
        articles.append(article)
    return IngestResult(articles, skipped)


def ingest_folder(folder: Path, max_bytes: int = 2_000_000) -> IngestResult:
    """Every file under ``folder``: articles (duplicates dropped) plus every other entry with
    its reason."""
    articles = ArticlesFolder(folder)
    listing = articles.listing()
    result = ingest_files(listing.files, articles, max_bytes)
    result.skipped = sorted(listing.skipped + result.skipped, key=lambda s: s.source_file)
    return result
