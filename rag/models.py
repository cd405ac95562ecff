"""Typed values that flow between the pipeline stages, the CLI, the bot and the eval."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

Language = str  # ISO 639-1 code; the UI speaks the languages with a pack in rag/lang/packs


@dataclass(frozen=True)
class PartialDate:
    """A date whose parts may be unknown; the seeds give "2024-10" or "March 4" (no year)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def known(self) -> bool:
        return any(p is not None for p in (self.year, self.month, self.day))

    def iso(self) -> str:
        """ISO 8601 with reduced precision; ``--MM-DD`` marks an unknown year."""
        if not self.known:
            return ""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}" if self.day else f"--{self.month:02d}"
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> int:
        """YYYYMMDD with unknown parts as 0, so a year-only date sorts before its months."""
        return (self.year or 0) * 10000 + (self.month or 0) * 100 + (self.day or 0)


@dataclass
class Article:
    """One cleaned source document and the metadata extracted from it."""

    doc_id: str
    source_file: str
    title: str
    text: str
    language: Language
    date: PartialDate = field(default_factory=PartialDate)
    date_source: Literal["front-matter", "header", "text", "none"] = "none"
    outlet: str = ""
    title_source: Literal["front-matter", "headline", "derived"] = "headline"
    content_hash: str = ""
    removed_lines: int = 0
    file_hash: str = ""  # raw bytes (and sidecar): lets a refresh skip parsing unchanged files
    body_key: str = ""  # folded text: finds the same article saved under two names


@dataclass(frozen=True)
class Skipped:
    """A file that was not ingested, and the reason an admin can act on."""

    source_file: str
    reason: str


@dataclass
class Chunk:
    chunk_id: str
    doc_id: str
    position: int
    text: str
    content_hash: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class RetrievedChunk:
    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)


class Citation(BaseModel):
    n: int
    doc_id: str
    chunk_id: str
    source_file: str
    title: str
    date: str
    language: Language
    outlet: str = ""
    passage: str
    quote: str = ""
    score: float


class Answer(BaseModel):
    """What every front end (CLI, bot, eval) receives for one question."""

    question: str
    language: Language
    answer: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    related: list[Citation] = Field(default_factory=list)
    backend: str
    note: str = ""
    retrieval_query: str = ""
    timings_ms: dict[str, float] = Field(default_factory=dict)


class IndexReport(BaseModel):
    """Outcome of one index refresh, for the CLI summary and the bot's /reindex."""

    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    skipped: list[tuple[str, str]] = Field(default_factory=list)
    chunks_written: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """The one-paragraph account shown by `accord index` and the bot's /reindex."""
        lines = [
            f"added {len(self.added)}, changed {len(self.changed)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)} "
            f"({self.chunks_written} chunks written in {self.seconds:.1f}s)"
        ]
        for label, names in (
            ("added", self.added),
            ("changed", self.changed),
            ("removed", self.removed),
        ):
            lines += [f"  {label}: {name}" for name in names]
        lines += [f"  skipped: {name}: {reason}" for name, reason in self.skipped]
        return "\n".join(lines)
