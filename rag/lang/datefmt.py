"""Dates shown to people in their language (Babel/CLDR), with unknown parts left out.

Articles often give "March 4" without a year or "2024-10" without a day; showing those as
ISO fragments (``--03-04``) reads as an error to staff. A date is shown with the parts it
has: "15 août 2022", "August 2022", "ngày 15 tháng 8". CLDR supplies month names and the
order of parts; a language pack may override a pattern where the language's press writes
dates differently from CLDR's default (Vietnamese papers write "ngày 15 tháng 8 năm 2022").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from rag.models import PartialDate

Style = Literal["long", "short"]
# Babel skeletons per known-parts key; "ymd" long uses CLDR's own long date format.
_SKELETONS: dict[Style, dict[str, str]] = {
    "long": {"ymd": "long", "ym": "yMMMM", "md": "MMMMd", "y": "y", "m": "MMMM"},
    "short": {"ymd": "yMMMd", "ym": "yMMM", "md": "MMMd", "y": "y", "m": "MMM"},
}


def parts_key(date: PartialDate) -> str:
    return "".join(k for k, v in (("y", date.year), ("m", date.month), ("d", date.day)) if v)


def format_partial(
    date: PartialDate,
    language: str,
    style: Style = "long",
    patterns: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The known parts of ``date`` in ``language``; "" when nothing is known.

    ``patterns`` (from the language pack) maps a style to {parts key: CLDR pattern}.
    """
    from babel.dates import format_date, format_skeleton  # the read path imports it lazily

    key = parts_key(date)
    if key not in _SKELETONS[style]:  # a day without a month: nothing sensible to show
        return str(date.year) if date.year else ""
    when = dt.date(date.year or 2000, date.month or 1, date.day or 1)
    override = (patterns or {}).get(style, {}).get(key)
    if override:
        return format_date(when, override, locale=language)
    skeleton = _SKELETONS[style][key]
    if skeleton == "long":
        return format_date(when, "long", locale=language)
    return format_skeleton(skeleton, when, locale=language)
