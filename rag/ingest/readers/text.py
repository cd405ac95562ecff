"""Plain text and Markdown files, in whatever encoding ``decode`` recognises."""

from __future__ import annotations

import logging

from rag.ingest.decode import decode
from rag.ingest.readers.base import Extracted

log = logging.getLogger(__name__)


class TextReader:
    """``.txt`` and ``.md``: Markdown headings are stripped later, with the rest of the page."""

    suffixes: tuple[str, ...] = (".txt", ".md", ".markdown", ".text")

    def read(self, data: bytes, name: str) -> Extracted:
        text, encoding = decode(data)
        if encoding not in ("utf-8", "utf-8-sig"):
            log.info("%s decoded as %s", name, encoding)
        return Extracted(text)
