"""What a reader is: the bytes of one file type in, the article's plain text out.

Everything after that (furniture, metadata, hashing) is shared by all file types
in ``rag.ingest.parse``, so a reader only has to get the words out in reading order.
"""

from __future__ import annotations

from typing import Protocol


class Reader(Protocol):
    """Turns one file's bytes into text; raises ``IngestError`` with a reason for admins."""

    suffixes: tuple[str, ...]  # lower-case, with the dot: (".pdf",)

    def read(self, data: bytes, name: str) -> str: ...
