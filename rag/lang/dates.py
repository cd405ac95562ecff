"""Date mentions in every pack's language, keeping unknown parts unknown.

"March 4" yields month 3, day 4 and no year: guessing the year would put
articles in the wrong order for "which happened first" questions. Month names,
header labels and worded dates ("ngày 15 tháng 8") come from the language packs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rag.lang.pack import YEAR, Packs, any_of, packs
from rag.lang.text import fold
from rag.models import PartialDate

_ISO = re.compile(rf"\b{YEAR}-(?P<m>\d{{1,2}})(?:-(?P<d>\d{{1,2}}))?\b")


@dataclass(frozen=True)
class _Vocabulary:
    months: Mapping[str, int]
    patterns: tuple[re.Pattern[str], ...]  # on folded text; each yields y/m/d/mn groups
    header: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary(loaded: Packs) -> _Vocabulary:
    months = dict(loaded.union(lambda pack: pack.dates.months.items()))
    names = "|".join(sorted(months, key=len, reverse=True))
    # Order matters: an earlier pattern's match hides later ones over the same span.
    patterns = [
        _ISO,
        re.compile(rf"\b(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.]{YEAR}\b"),
        *(re.compile(p) for p in loaded.union(lambda pack: pack.dates.patterns)),
    ]
    if names:
        patterns += [
            re.compile(rf"\b(?P<mn>{names})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? {YEAR})?"),
            re.compile(rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)? (?P<mn>{names})\b(?: {YEAR})?"),
            re.compile(rf"\b(?P<mn>{names}) {YEAR}\b"),
        ]
    patterns.append(re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])"))
    labels = any_of(loaded.union(lambda pack: pack.dates.labels), literal=True)
    header = re.compile(rf"^\s*{labels}\s*:?\s*", re.IGNORECASE)
    return _Vocabulary(months, tuple(patterns), header)


def months() -> Mapping[str, int]:
    """Folded month names (and abbreviations) of every language -> month number."""
    return _vocabulary(packs()).months


def _build(groups: dict[str, str | None], month_names: Mapping[str, int]) -> PartialDate | None:
    y, d, m = groups.get("y"), groups.get("d"), groups.get("m")
    year = int(y) if y else None
    month_name = groups.get("mn")
    month = month_names[month_name] if month_name else (int(m) if m else None) or None
    day = int(d) if d else None
    if month is None or not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if year is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    if year is None and day is None:
        return None  # a bare month name ("May") is too ambiguous to count as a date
    return PartialDate(year, month, day)


def find_dates(text: str) -> Iterator[tuple[PartialDate, int, int]]:
    """Dates mentioned in ``text`` with their spans, earliest first, without overlaps."""
    vocabulary = _vocabulary(packs())
    folded = fold(text)
    if len(folded) != len(text):  # folding changed offsets (rare ligatures): spans unreliable
        folded = text.lower()
    found: list[tuple[int, int, PartialDate]] = []
    taken: list[tuple[int, int]] = []
    for pattern in vocabulary.patterns:
        for match in pattern.finditer(folded):
            a, b = match.span()
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            parsed = _build(match.groupdict(), vocabulary.months)
            if parsed:
                found.append((a, b, parsed))
                taken.append((a, b))
    for a, b, parsed in sorted(found, key=lambda item: item[0]):
        yield parsed, a, b


def first_date(text: str) -> PartialDate | None:
    return next((d for d, _a, _b in find_dates(text)), None)


def publication_date(header_lines: list[str], body: str) -> tuple[PartialDate, str]:
    """The article's date: a dated header line wins; else the first date in the lead."""
    header = _vocabulary(packs()).header
    for line in header_lines:
        if header.match(fold(line)) or re.search(r"\d{1,2}/\d{1,2}/\d{4}", line):
            found = first_date(line)
            if found:
                return found, "header"
    lead = body[:600]
    found = first_date(lead)
    if found:
        return found, "text"
    return PartialDate(), "none"


def strip_date_prefix(line: str) -> str:
    """'date 2024-10 Vietnam - UK ...' -> 'Vietnam - UK ...' (a dateline glued to a title)."""
    folded = fold(line)
    match = _vocabulary(packs()).header.match(folded)
    if not match:
        return line
    rest = _ISO.match(folded, match.end())
    if not rest:
        return line
    return line[rest.end() :].strip()
