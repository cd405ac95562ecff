"""When an article was published, where that was read, and when its event happened.

The order is the one a careful reader follows: explicit metadata (front matter, a
sidecar, the page's own metadata); a "published" stamp near the top ("Published: 04
Nov. 2025, 10:54", "Thứ Hai, 15/08/2022, 11:59"); the dateline that opens the first
paragraph ("Paris, 5 novembre (VNA) - "); a stamp under the article; only then the first date of the lead. A
year-less date is completed from the article's own evidence (``complete_year``), never
guessed. The event date (the first date the story itself gives, "le 4 novembre") is kept
apart, so a signing date in the body never becomes the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.ingest.metadata import is_signature
from rag.lang.dates import complete_year, event_year, first_date, is_stamp
from rag.models import PartialDate

# "HANOI, Feb. 16 (VNA) - ", "Hanoï, 28 mai (VNA) – ", "KUALA LUMPUR, Nov 21 -- ", "VOV.VN - "
_DATELINE = re.compile(r"^(?P<head>[^!?\n]{2,80}?(?:\([^)\n]{1,40}\))?)\s*(?:--|-|–|—)\s+(?=\S)")
_LEAD_CHARS = 600


@dataclass(frozen=True)
class Dating:
    date: PartialDate
    source: str  # "front-matter", "metadata", "header", "dateline", "text" or "none"
    detail: str  # the line the date was read from, and where a completed year came from
    event: PartialDate  # the first date the story gives; may equal ``date``


def split_dateline(paragraph: str) -> tuple[str, str]:
    """("Paris, 5 novembre (VNA)", rest) when the paragraph opens with a dateline, else ("", p).

    A dateline is short, ends in a dash, and holds a date, a parenthesised source, a
    place in capitals or an outlet's name; "Vietnam - France : ..." holds none of them.
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return "", paragraph
    head = match.group("head").strip()
    if not (first_date(head) or "(" in head or head.isupper() or is_signature(head)):
        return "", paragraph
    if len(head.split()) > 10:
        return "", paragraph
    return head, paragraph[match.end() :]


def date_article(
    meta_date: PartialDate | None,
    meta_source: str,
    header: list[str],
    dateline: str,
    title: str,
    body: str,
    footer: list[str] | None = None,
) -> Dating:
    """The publication and event dates of one article (see the module docstring for the order)."""
    story = body[body.find(dateline) + len(dateline) :] if dateline and dateline in body else body
    # A "Published: ..." line kept in the text is the publication, not the story's event.
    lead = "\n\n".join(p for p in story.split("\n\n")[:6] if not is_stamp(p))[:_LEAD_CHARS]
    event = first_date(lead) or PartialDate()
    if meta_date is not None and meta_date.known:
        return Dating(meta_date, meta_source, meta_source, event_year(event, meta_date))
    found, source, line = PartialDate(), "none", ""
    stamp = next((h for h in header if is_stamp(h) or _only_date(h)), "")
    if stamp:
        found, source, line = first_date(stamp) or PartialDate(), "header", stamp
    elif dateline and first_date(dateline):
        found, source, line = first_date(dateline) or PartialDate(), "dateline", dateline
    elif bottom := next((f for f in footer or [] if is_stamp(f)), ""):
        # some saved pages put "Thứ Tư, 30/10/2024, 09:46" under the article
        found, source, line = first_date(bottom) or PartialDate(), "header", bottom
    elif event.known:
        found, source, line = event, "text", _sentence_with(lead, event)
    found, how = complete_year(found, line if source != "text" else "", title, body)
    detail = f"{line!r}" + (f"; {how}" if how else "") if line else ""
    return Dating(found, source, detail, event_year(event, found))


def _only_date(line: str) -> bool:
    """'December 13, 2018' on a line of its own."""
    found = first_date(line)
    return found is not None and len(re.sub(r"[\W\d_]", "", line)) <= 12 and len(line) <= 40


def _sentence_with(lead: str, found: PartialDate) -> str:
    return lead.split("\n", 1)[0][:120] if found.known else ""
