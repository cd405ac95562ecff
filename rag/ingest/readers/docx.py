"""Word files (.docx) with python-docx: paragraphs in order, then the tables' cells.

Word keeps paragraphs as paragraphs, so nothing is re-wrapped; the document's title
property is used when it is set (admins' front matter or a sidecar still win).
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError

from rag.errors import IngestError
from rag.ingest.readers.base import Extracted


class DocxReader:
    suffixes: tuple[str, ...] = (".docx",)

    def read(self, data: bytes, name: str) -> Extracted:
        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise IngestError(f"not a readable Word (.docx) file: {exc}") from exc
        lines = [p.text.strip() for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                cells = dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip())
                lines.append(" | ".join(cells))
        text = "\n".join(line for line in lines if line)
        if sum(ch.isalpha() for ch in text) < 20:
            raise IngestError("Word file has no text")
        title = (document.core_properties.title or "").strip()
        return Extracted(text, {"title": title} if title else {}, (), True)
