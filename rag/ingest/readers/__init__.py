"""Readers by file type, chosen by file suffix.

To read a new type: add ``readers/<type>.py`` with a class that satisfies ``Reader``
and list an instance in ``READERS``.
"""

from __future__ import annotations

from pathlib import Path

from rag.ingest.readers.base import Reader
from rag.ingest.readers.docx import DocxReader
from rag.ingest.readers.html import HtmlReader
from rag.ingest.readers.pdf import PdfReaderForArticles
from rag.ingest.readers.text import TextReader

READERS: tuple[Reader, ...] = (TextReader(), HtmlReader(), PdfReaderForArticles(), DocxReader())
SUPPORTED_SUFFIXES = frozenset(suffix for reader in READERS for suffix in reader.suffixes)

__all__ = ["READERS", "SUPPORTED_SUFFIXES", "Reader", "reader_for"]


def reader_for(path: Path) -> Reader | None:
    """The reader for ``path``'s suffix (case-insensitive), or None if no reader takes it."""
    suffix = path.suffix.lower()
    return next((reader for reader in READERS if suffix in reader.suffixes), None)
