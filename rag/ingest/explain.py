"""`accord index --explain FILE`: what ingest read from one file, and why.

Admins ask "why is this article dated --03-05?" or "why does it quote the caption?";
the answer is in what the readers and the metadata steps decided. This prints it: title,
publication date with the line it came from, event date, outlet and where it was
found, language, captions, every dropped line with its reason, and the first chunks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rag.models import Article
from rag.oneline import one_line, visible

FIRST_CHUNKS = 3
_WIDTH = 100


def explain(article: Article, chunks: Sequence[str], first: int = FIRST_CHUNKS) -> str:
    """A plain-text account of one ingested article and its first ``first`` chunks."""
    date = article.date.iso() or "unknown"
    lines = [
        f"file:      {visible(article.source_file)}",
        f"title:     {one_line(article.title)}  (from {article.title_source})",
        f"date:      {date}  (from {article.date_source}"
        + (f": {one_line(article.date_detail)})" if article.date_detail else ")"),
        f"event:     {article.event_date.iso() or 'same as the date, or none'}",
        f"outlet:    {one_line(article.outlet) or 'unknown'}"
        + (f"  (from {article.outlet_source})" if article.outlet else ""),
        f"language:  {one_line(article.language)}",
        f"captions:  {article.captions} (searchable, never quoted)",
        f"dropped:   {len(article.dropped)} line(s)",
    ]
    lines += [f"  - [{reason}] {_short(one_line(text))}" for text, reason in article.dropped]
    lines.append(f"chunks:    {len(chunks)} (first {min(first, len(chunks))} below)")
    for n, chunk in enumerate(chunks[:first], start=1):
        lines.append(f"--- chunk {n}")
        lines += [textwrap.fill(part, _WIDTH) for part in chunk.split("\n") if part.strip()]
    return "\n".join(lines)


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
