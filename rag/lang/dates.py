"""Date mentions in every pack's language, keeping unknown parts unknown.

"March 4" yields month 3, day 4 and no year: guessing the year would put
articles in the wrong order for "which happened first" questions. Month names,
header labels and worded dates ("ngày 15 tháng 8") come from the language packs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from rag.lang.fold import fold_aligned
from rag.lang.pack import Packs, any_of, packs
from rag.lang.pack_schema import YEAR
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
        # "15/8/2022", "15.8.2022", "23-10-2019" (the Vietnamese press writes dashes)
        re.compile(rf"\b(?P<d>\d{{1,2}})([/.-])(?P<m>\d{{1,2}})\2{YEAR}\b"),
        *(re.compile(p) for p in loaded.union(lambda pack: pack.dates.patterns)),
    ]
    if names:
        patterns += [
            re.compile(rf"\b(?P<mn>{names})\.?,? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? {YEAR})?"),
            re.compile(
                rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)? (?P<mn>{names})\b\.?(?:,? {YEAR})?"
            ),
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
    if not month_name and day is not None and month is not None and month > 12 >= day:
        month, day = day, month  # "01/25/2024": month first, as US outlets write it
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
    # Spans must point into ``text``: "…" folds to three characters; decomposed accents
    # cannot be aligned, and are matched as written.
    folded = fold_aligned(text) or text.lower()
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


@dataclass(frozen=True)
class Relative:
    """A day named relative to when the story was filed: "yesterday" (one day back) or
    "on Wednesday" (the last Wednesday on or before it)."""

    back: int | None = None
    weekday: int | None = None  # 0 is Monday


@lru_cache(maxsize=1)
def _relative_pattern(loaded: Packs) -> tuple[re.Pattern[str], dict[str, Relative]]:
    """Every pack's relative days in one pattern (one pass over each sentence), each
    alternative a named group that says which day it names."""
    alternatives: list[str] = []
    named: dict[str, Relative] = {}
    for pack in loaded.languages.values():
        days = [(re.escape(p), Relative(back=b)) for p, b in pack.dates.days_back.items()]
        weekdays = [(p, Relative(weekday=w)) for w, p in enumerate(pack.dates.weekday_names)]
        for pattern, relative in days + weekdays:
            group = f"r{len(named)}"
            named[group] = relative
            alternatives.append(f"(?P<{group}>{pattern})")
    body = "|".join(alternatives) or r"(?!)"
    return re.compile(rf"\b(?:{body})\b"), named


def find_relative(text: str) -> Iterator[tuple[Relative, int, int]]:
    """Days named relative to the filing ("on Wednesday", "hier", "hôm nay"), with their
    spans, earliest first."""
    pattern, named = _relative_pattern(packs())
    for match in pattern.finditer(fold_aligned(text) or text.lower()):
        yield named[str(match.lastgroup)], match.start(), match.end()


def resolve(relative: Relative, anchor: PartialDate) -> PartialDate | None:
    """The date a relative day names, counted back from ``anchor`` (the day the story was
    filed); None when the anchor's day is not known. A weekday is the last one on or before
    the anchor: news says "on Wednesday" of the past week, "today" of the day itself."""
    if not (anchor.year and anchor.month and anchor.day):
        return None
    filed = date(anchor.year, anchor.month, anchor.day)
    if relative.back is not None:
        back = relative.back
    else:
        back = (filed.weekday() - (relative.weekday or 0)) % 7
    day = filed - timedelta(days=back)
    return PartialDate(day.year, day.month, day.day)


def first_date(text: str) -> PartialDate | None:
    return next((d for d, _a, _b in find_dates(text)), None)


_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_YEARS = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/.-]*\d)")
_STAMP_MAX = 90  # a publication stamp is a short line; a long one is a sentence


def is_stamp(line: str) -> bool:
    """A "published" line: a date after a label ("Published:", "Đã đăng vào"), a date with
    a time ("March 04, 2023 6:41 PM GMT+7"), or a numeric d/m/yyyy date, on a short line."""
    if first_date(line) is None:
        return False
    if _vocabulary(packs()).header.match(fold(line)):
        return True  # "date 2024-10 Vietnam - ..." glues a label and a date to the headline
    if len(line) > _STAMP_MAX:
        return False
    return bool(_TIME.search(line)) or bool(re.search(r"\d{1,2}/\d{1,2}/\d{4}", line))


def publication_date(header_lines: list[str], body: str) -> tuple[PartialDate, str]:
    """The article's date: a dated header line wins; else the first date in the lead."""
    for line in header_lines:
        if is_stamp(line):
            found = first_date(line)
            if found:
                return found, "header"
    lead = body[:600]
    found = first_date(lead)
    if found:
        return found, "text"
    return PartialDate(), "none"


def complete_year(
    found: PartialDate, dateline: str, title: str, body: str
) -> tuple[PartialDate, str]:
    """A year-less date completed only from the article's own evidence, and which evidence.

    In order: a year written in the dateline itself; the year of the text's own full
    dates in the same month, up to that day (when they agree; a later day in that month
    would be news from the future); the one year the title and lead name on its own
    ("Kế hoạch hợp tác năm 2023"). Otherwise the year stays unknown.
    """
    if found.year is not None or found.month is None:
        return found, ""
    this_year = date.today().year
    candidates = (
        (_years(dateline), "a year in the dateline"),
        (
            {
                d.year
                for d, _a, _b in find_dates(body)
                if d.year and d.month == found.month and d.day and d.day <= (found.day or 31)
            },
            "the text's own dates in the same month",
        ),
        (_bare_years(f"{title}\n{body[:300]}"), "the one year named in the title and lead"),
    )
    for years, evidence in candidates:
        plausible = {y for y in years if 1990 <= y <= this_year + 1}
        if len(plausible) == 1:
            year = plausible.pop()
            if found.day is None or _valid(year, found.month, found.day):
                return PartialDate(year, found.month, found.day), f"year from {evidence}"
    return found, ""


def event_year(event: PartialDate, published: PartialDate) -> PartialDate:
    """An event's missing year from the publication date: the most recent such day before it."""
    if event.year is not None or published.year is None or event.month is None:
        return event
    year = published.year
    if published.month and (event.month, event.day or 0) > (published.month, published.day or 31):
        year -= 1
    if event.day is not None and not _valid(year, event.month, event.day):
        return event
    return PartialDate(year, event.month, event.day)


def _years(text: str) -> set[int]:
    return {int(y) for y in _YEARS.findall(text)}


def _bare_years(text: str) -> set[int]:
    """Years standing alone ("năm 2023", "plan for 2025"), not those of a dated event."""
    for _d, a, b in sorted(find_dates(text), key=lambda item: -item[1]):
        text = text[:a] + " " + text[b:]
    return _years(text)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


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
