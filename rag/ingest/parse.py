"""Decoded text of one file -> a cleaned ``Article`` with its metadata.

Every reader ends here, whatever the file type: furniture is removed, the outlet,
title, date and language are found, and the article is hashed.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from rag.errors import IngestError
from rag.ingest.clean import clean_lines
from rag.ingest.decode import normalize_whitespace
from rag.ingest.metadata import (
    coerce_date,
    derive_title,
    find_outlet,
    is_dateline,
    is_headline,
    is_signature,
    split_front_matter,
)
from rag.lang.dates import publication_date, strip_date_prefix
from rag.lang.detect import detect_article_language
from rag.models import Article

_MD_HEADING = re.compile(r"^#{1,6}\s+")


def parse_article(text: str, source_file: str, sidecar: dict[str, Any] | None = None) -> Article:
    """Clean text and extract metadata from one decoded file; a sidecar's keys win."""
    meta, body_text = split_front_matter(normalize_whitespace(text))
    meta.update(sidecar or {})
    raw_lines = [line.strip() for line in body_text.split("\n") if line.strip()]
    if not raw_lines:
        raise IngestError("no text")
    lines, removed = clean_lines(raw_lines)
    outlet = str(meta.get("outlet") or find_outlet(raw_lines))
    lines = [line for line in lines if not is_signature(line)]
    if not lines:
        raise IngestError("no article text after removing page boilerplate")

    first = _MD_HEADING.sub("", strip_date_prefix(lines[0]))
    header = raw_lines[:3]
    title_source: Any = "headline"
    if meta.get("title"):
        title, title_source = str(meta["title"]), "front-matter"
        body = lines
    elif is_headline(first, len(lines) > 1):
        title, body = first, lines[1:]
    else:
        title, body, title_source = "", lines, "derived"
    body = [_MD_HEADING.sub("", line) for line in body if not is_dateline(line)]
    body_text = "\n\n".join(body)
    if sum(ch.isalpha() for ch in body_text) < 20:
        raise IngestError("no article text after removing page boilerplate")
    if not title:
        title = derive_title(body_text)

    if meta.get("date"):
        date, date_source = coerce_date(meta["date"]), "front-matter"
    else:
        date, date_source = publication_date(header, body_text)
    language = str(meta.get("language") or detect_article_language(f"{title}\n{body_text}"))
    article = Article(
        doc_id=source_file,
        source_file=source_file,
        title=title,
        text=body_text,
        language=language,
        date=date,
        date_source=date_source,  # type: ignore[arg-type]
        outlet=outlet,
        title_source=title_source,
        removed_lines=removed,
    )
    article.content_hash = content_hash(article)
    return article


def content_hash(article: Article) -> str:
    """Hash of everything that ends up in the index, so a metadata edit is a change."""
    parts = [article.title, article.text, article.language, article.date.iso(), article.outlet]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
