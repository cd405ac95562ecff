"""PDF files (press releases, reports): the text layer, page by page, with pypdf.

PDF text comes hard-wrapped and with page numbers between pages; the shared repair
(``rag.ingest.repair``) re-joins the lines, and bare page numbers are dropped here. A
scanned PDF has no text layer and is skipped with that reason (there is no OCR).
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from rag.errors import IngestError
from rag.ingest.readers.base import Extracted

log = logging.getLogger(__name__)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
_FILE_NAME = re.compile(r"\.\w{2,4}$|^microsoft word", re.IGNORECASE)


class PdfReaderForArticles:
    suffixes: tuple[str, ...] = (".pdf",)

    def read(self, data: bytes, name: str) -> Extracted:
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise IngestError("encrypted PDF (needs a password)")
            pages = [page.extract_text() or "" for page in reader.pages]
            info: Any = reader.metadata
        except (PdfReadError, PyPdfError, ValueError, KeyError, OSError) as exc:
            raise IngestError(f"not a readable PDF: {exc}") from exc
        lines = [
            line
            for page in pages
            for line in (*page.split("\n"), "")
            if not _PAGE_NUMBER.match(line)
        ]
        text = "\n".join(lines).strip()
        if sum(ch.isalpha() for ch in text) < 20:
            raise IngestError("PDF has no text layer (a scanned image?); no OCR is done")
        title = str(getattr(info, "title", None) or "").strip() if info else ""
        meta = {"title": title} if title and not _FILE_NAME.search(title) else {}
        log.debug("%s: %d pages", name, len(pages))
        return Extracted(text, meta)
