"""Date mentions in English, French and Vietnamese, keeping unknown parts unknown.

"March 4" yields month 3, day 4 and no year: guessing the year would put
articles in the wrong order for "which happened first" questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from rag.lang.text import fold
from rag.models import PartialDate

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # French (folded: "août" -> "aout")
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_Y = r"(?P<y>(?:19|20)\d{2})"

# Patterns run on folded text (lowercase, no diacritics); each yields y/m/d groups.
_PATTERNS = [
    re.compile(rf"\b{_Y}-(?P<m>\d{{1,2}})(?:-(?P<d>\d{{1,2}}))?\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.]{_Y}\b"),
    re.compile(rf"\bngay (?P<d>\d{{1,2}}) thang (?P<m>\d{{1,2}})(?: nam {_Y})?\b"),
    re.compile(rf"\bthang (?P<m>\d{{1,2}})[/ ](?:nam )?{_Y}\b"),
    re.compile(rf"\b(?P<mn>{_MONTH_NAMES})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? {_Y})?"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)? (?P<mn>{_MONTH_NAMES})\b(?: {_Y})?"),
    re.compile(rf"\b(?P<mn>{_MONTH_NAMES}) {_Y}\b"),
    re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])"),
]

_HEADER = re.compile(r"^\s*(?:date|published|ngay dang|publie le)\s*:?\s*", re.IGNORECASE)


def _build(groups: dict[str, str | None]) -> PartialDate | None:
    y, d, m = groups.get("y"), groups.get("d"), groups.get("m")
    year = int(y) if y else None
    month_name = groups.get("mn")
    month = MONTHS[month_name] if month_name else (int(m) if m else None) or None
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
    folded = fold(text)
    if len(folded) != len(text):  # folding changed offsets (rare ligatures): spans unreliable
        folded = text.lower()
    found: list[tuple[int, int, PartialDate]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            a, b = match.span()
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            parsed = _build(match.groupdict())
            if parsed:
                found.append((a, b, parsed))
                taken.append((a, b))
    for a, b, parsed in sorted(found, key=lambda item: item[0]):
        yield parsed, a, b


def first_date(text: str) -> PartialDate | None:
    return next((d for d, _a, _b in find_dates(text)), None)


def publication_date(header_lines: list[str], body: str) -> tuple[PartialDate, str]:
    """The article's date: a dated header line wins; else the first date in the lead."""
    for line in header_lines:
        if _HEADER.match(fold(line)) or re.search(r"\d{1,2}/\d{1,2}/\d{4}", line):
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
    match = _HEADER.match(folded)
    if not match:
        return line
    rest = _PATTERNS[0].match(folded, match.end())
    if not rest:
        return line
    return line[rest.end() :].strip()
