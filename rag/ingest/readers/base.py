"""What a reader is: the bytes of one file type in, the article's text (and what the file
itself says about the article) out.

Everything after that (text repair, furniture, captions, metadata, hashing) is shared
by all file types in ``rag.ingest.parse``, so a reader only has to get the words out in
reading order, plus any metadata the format carries (an HTML page's title and date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Extracted:
    """One file's text and the metadata its format carries.

    ``meta`` uses the front-matter keys (title, date, outlet, language); an admin's
    front matter or sidecar overrides it. ``alt_texts`` are image descriptions, kept
    as captions: searchable, never quoted.
    """

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    alt_texts: tuple[str, ...] = ()
    structured: bool = False  # lines are the format's own paragraphs: never re-wrapped


class Reader(Protocol):
    """Turns one file's bytes into text; raises ``IngestError`` with a reason for admins."""

    suffixes: tuple[str, ...]  # lower-case, with the dot: (".pdf",)

    def read(self, data: bytes, name: str) -> Extracted: ...
