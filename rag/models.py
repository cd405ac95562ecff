"""Typed values that flow between the pipeline stages, the CLI, the bot and the eval."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from rag.errors import FilterError
from rag.oneline import one_line, visible

Language = str  # ISO 639-1 code; the UI speaks the languages with a pack in rag/lang/packs
# Starts every sentence of a photo caption in an article's text: searchable, never quoted.
CAPTION_MARK = "📷 "


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
    date_source: Literal["front-matter", "metadata", "header", "dateline", "text", "none"] = "none"
    outlet: str = ""
    title_source: Literal["front-matter", "metadata", "headline", "derived"] = "headline"
    content_hash: str = ""
    removed_lines: int = 0
    event_date: PartialDate = field(default_factory=PartialDate)  # the story's own first date
    date_detail: str = ""  # the line the date was read from; how a missing year was found
    outlet_source: str = ""  # "front-matter", "metadata", "text" or "folder"
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (line, reason) for --explain
    captions: int = 0  # caption lines kept, marked with CAPTION_MARK
    file_hash: str = ""  # raw bytes (and sidecar): lets a refresh skip parsing unchanged files
    body_key: str = ""  # folded text: finds the same article saved under two names


@dataclass(frozen=True)
class Skipped:
    """A file that was not ingested, and the reason an admin can act on."""

    source_file: str  # relative to the articles folder; a folder's ends with "/"
    reason: str
    unreadable: bool = False  # exists but cannot be read now: what was indexed from it stays

    def covers(self, doc_id: str) -> bool:
        """Whether the article ``doc_id`` is this file, or lies in this folder."""
        return doc_id == self.source_file or (
            self.source_file.endswith("/") and doc_id.startswith(self.source_file)
        )


@dataclass(frozen=True)
class ChunkMeta:
    """Everything known about a chunk besides its text; stored flat, one field per store key.

    The field names are the store's metadata keys (rag/index/rows.py converts both ways),
    so a filter or a reader names a field, never a string key.
    """

    doc_id: str
    source_file: str
    title: str
    language: Language
    position: int  # 0-based order within the article version
    n_chunks: int  # chunks in this version: fewer stored means a refresh did not finish
    version: str  # one article version; a full rebuild gives every version a new one
    generation: int  # index generation the version was written for; the highest one is live
    doc_hash: str  # article content hash + chunker fingerprint: a refresh's change test
    chunk_hash: str  # this chunk's text
    date: str = ""  # ISO 8601 with reduced precision (PartialDate.iso)
    date_sort: int = 0  # PartialDate.sort_key: YYYYMMDD, unknown parts 0
    date_year: int = 0  # 0: the year is unknown, and no date range matches
    outlet: str = ""
    event_date: str = ""  # ISO 8601 with reduced precision: the story's own first date
    file_hash: str = ""  # raw bytes: a refresh skips parsing unchanged files
    body_key: str = ""  # folded text: the same article saved under two names
    concepts: tuple[str, ...] = ()  # glossary concept ids found in the title and text, sorted
    facets: tuple[str, ...] = ()  # the article's facets read at index time (Facets.tokens)

    def published(self) -> PartialDate:
        """The article's date, from the stored sort key (YYYYMMDD, unknown parts 0)."""
        key = self.date_sort
        year, month, day = key // 10000, key // 100 % 100, key % 100
        return PartialDate(year or None, month or None, day or None)


@dataclass(frozen=True)
class Chunk:
    chunk_id: str  # "{doc_id}#{position}@{version}"
    text: str
    meta: ChunkMeta

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id

    @property
    def position(self) -> int:
        return self.meta.position


FilterOp = Literal["$in", "$gt", "$gte", "$lte"]
_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "$in": lambda value, allowed: value in allowed,
    "$gt": lambda value, bound: value > bound,
    "$gte": lambda value, bound: value >= bound,
    "$lte": lambda value, bound: value <= bound,
}


@dataclass(frozen=True)
class Condition:
    """One test on one ``ChunkMeta`` field, in Chroma's operator vocabulary."""

    field: str
    op: FilterOp
    value: Any

    def where(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {self.field: {self.op: value}}

    def holds(self, meta: ChunkMeta) -> bool:
        return _TESTS[self.op](getattr(meta, self.field), self.value)


@dataclass(frozen=True)
class Filters:
    """Caller-side restrictions on which chunks may be retrieved.

    Written once as conditions; the Chroma ``where`` (dense search) and the Python test
    (the BM25 mask) are both derived from them, so the two channels cannot disagree.
    """

    languages: tuple[Language, ...] = ()
    date_from: int | None = None  # YYYYMMDD, inclusive; undated articles never match a range
    date_to: int | None = None

    @classmethod
    def parse(cls, languages: str | None, date_from: str | None, date_to: str | None) -> Filters:
        """Filters as people type them ("fr,en", "2022", "2024-12").

        A partial date bound is its whole period: ``--from 2022`` starts on 1 January and
        ``--to 2022-08`` ends on 31 August (unknown parts sort as 0, so an end bound's
        unknown parts are 99). Raises ``FilterError`` for a bound that is not a date or a
        range that is empty, rather than answer "not found" from a filter that cannot match."""
        codes = (x.strip().lower() for x in (languages or "").split(","))
        start, end = _date_bound(date_from, end=False), _date_bound(date_to, end=True)
        if start is not None and end is not None and start > end:
            shown = {"date_from": str(date_from).strip(), "date_to": str(date_to).strip()}
            raise FilterError(
                "--from {date_from} is later than --to {date_to}: no article can match.".format(
                    **shown
                ),
                key="filter_range",
                **shown,
            )
        return cls(tuple(dict.fromkeys(c for c in codes if c)), start, end)

    def check_languages(self, indexed: Collection[str]) -> None:
        """Refuse languages no indexed article is in: "--lang xx" would match nothing."""
        missing = [code for code in self.languages if code not in indexed]
        if missing:
            values = {"languages": ", ".join(missing), "known": ", ".join(sorted(indexed)) or "-"}
            raise FilterError(
                "No indexed article is in {languages}; the index holds {known}.".format(**values),
                key="filter_language",
                **values,
            )

    def conditions(self) -> tuple[Condition, ...]:
        parts: list[Condition] = []
        if self.languages:
            parts.append(Condition("language", "$in", self.languages))
        if self.date_from is not None or self.date_to is not None:
            parts.append(Condition("date_year", "$gt", 0))
        if self.date_from is not None:
            parts.append(Condition("date_sort", "$gte", self.date_from))
        if self.date_to is not None:
            parts.append(Condition("date_sort", "$lte", self.date_to))
        return tuple(parts)

    def to_where(self) -> dict[str, Any] | None:
        """The restriction as a Chroma ``where`` clause (None: no restriction)."""
        parts = [c.where() for c in self.conditions()]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"$and": parts}

    def accepts(self, meta: ChunkMeta) -> bool:
        return all(c.holds(meta) for c in self.conditions())


_ISO_BOUND = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date_bound(text: str | None, end: bool) -> int | None:
    """ "2022-08" -> 20220800 as a start, 20220899 as an end (YYYYMMDD, as ``date_sort``)."""
    if not text or not text.strip():
        return None
    match = _ISO_BOUND.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = (int(part) if part else None for part in match.groups())
        date(year or 1, month or 1, day or 1)  # a month 13 or a 29 February 2023 is refused
    except ValueError:
        raise FilterError(
            f"{text.strip()!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD "
            "(for example --from 2022 --to 2024-12).",
            key="filter_date",
            value=text.strip(),
        ) from None
    unknown = 99 if end else 0
    return (year or 0) * 10000 + (month or unknown) * 100 + (day or unknown)


@dataclass
class RetrievedChunk:
    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # channel name -> 1-based rank
    # How well the chunk's article meets what the question pins down (partner, year, day,
    # ordinal, names): +1 per constraint met, -1 per one contradicted, summed by the rerankers.
    fit: float = 0.0


@dataclass
class Retrieval:
    """Ranked chunks plus what the answerer needs to judge support."""

    chunks: list[RetrievedChunk]
    concepts: set[str]  # glossary concepts in the question
    timings_ms: dict[str, float] = field(default_factory=dict)


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


FallbackReason = Literal[
    "unreachable",  # the endpoint refused, failed (5xx) or answered garbage until we gave up
    "timeout",  # no reply within the deadline
    "rate_limited",  # 429 until the deadline
    "no_citation",  # the reply cited no passage it was given
    "unsupported_quote",  # the reply quotes text its cited passages do not contain
    "echo",  # the reply repeats the prompt's scaffolding (rules, headers, the question line)
    "wrong_language",  # the reply is not in the asker's language
    "too_long",  # longer than an answer may be
    "truncated",  # generation hit max_tokens (finish_reason "length")
]


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
    # The asked facts the answer states first, in the asker's language, before quotes in
    # another language (rag/answer/lead.py); empty when it states none.
    facts: list[str] = Field(default_factory=list)
    # Set when the LLM answerer's reply was not used and another answerer's is shown instead.
    fallback_reason: FallbackReason | None = None
    retrieval_query: str = ""
    timings_ms: dict[str, float] = Field(default_factory=dict)


class IndexReport(BaseModel):
    """Outcome of one index refresh, for the CLI summary and the bot's /reindex."""

    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    skipped: list[tuple[str, str]] = Field(default_factory=list)
    # Indexed articles whose file or folder cannot be read now: left as they are, not removed.
    kept: list[str] = Field(default_factory=list)
    chunks_written: int = 0
    seconds: float = 0.0
    notes: list[str] = Field(default_factory=list)  # what this run did besides the diff

    def summary(self) -> str:
        """The one-paragraph account shown by `accord index` and the bot's /reindex.

        One line per name: file names and reasons come from the folder, and a line break in
        one must not add a line ("  removed: ...") of its own."""
        lines = [
            f"added {len(self.added)}, changed {len(self.changed)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)} "
            f"({self.chunks_written} chunks written in {self.seconds:.1f}s)"
        ]
        lines += [f"  note: {note}" for note in self.notes]
        for label, names in (
            ("added", self.added),
            ("changed", self.changed),
            ("removed", self.removed),
        ):
            lines += [f"  {label}: {visible(name)}" for name in names]
        lines += [f"  skipped: {visible(name)}: {one_line(why)}" for name, why in self.skipped]
        lines += [
            f"  kept: {visible(name)} (cannot be read now; its indexed version stays)"
            for name in self.kept
        ]
        return "\n".join(lines)
