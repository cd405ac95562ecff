"""Decoded text of one file -> a cleaned ``Article`` with its metadata.

Every reader ends here, whatever the file type: furniture is removed, the outlet,
title, date and language are found, and the article is hashed.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from rag.errors import IngestError
from rag.ingest.captions import beside_credits, caption_indices, has_credit, mark
from rag.ingest.clean import explain_clean
from rag.ingest.dating import date_article, split_dateline
from rag.ingest.decode import normalize_whitespace
from rag.ingest.metadata import (
    coerce_date,
    derive_title,
    find_outlet,
    is_dateline,
    is_headline,
    is_signature,
    outlet_in_folder,
    split_front_matter,
)
from rag.ingest.repair import unwrap
from rag.lang.dates import is_stamp, strip_date_prefix
from rag.lang.detect import detect_article_language
from rag.lang.text import fold
from rag.models import Article, PartialDate
from rag.oneline import one_line

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_HEADER_LINES = 4  # a "published" stamp sits among the first lines, or it is not one
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _starts_block(line: str) -> bool:
    """Lines that begin something of their own even after a line cut at the wrap width."""
    return is_dateline(line) or is_stamp(line) or has_credit(line) or is_signature(line)


def parse_article(
    text: str,
    source_file: str,
    sidecar: dict[str, Any] | None = None,
    file_meta: dict[str, Any] | None = None,
    alt_texts: tuple[str, ...] = (),
    structured: bool = False,
) -> Article:
    """Repair and clean text, extract metadata from one decoded file.

    Metadata precedence: a sidecar's keys win over front matter, which wins over what
    the file format itself carries (``file_meta``: an HTML page's title and date).
    """
    front, body_text = split_front_matter(normalize_whitespace(text))
    admin = {**front, **(sidecar or {})}
    meta = {**{k: v for k, v in (file_meta or {}).items() if v}, **admin}

    def origin(key: str) -> str:
        return "front-matter" if key in admin else "metadata"

    paragraphs = unwrap(body_text.split("\n"), _starts_block, rejoin=not structured)
    if not paragraphs:
        raise IngestError("no text")
    lines, dropped = explain_clean(paragraphs)
    dropped += [(line, "outlet signature") for line in lines if is_signature(line)]
    lines = [line for line in lines if not is_signature(line)]
    while lines and (
        is_dateline(lines[0]) or (is_stamp(lines[0]) and strip_date_prefix(lines[0]) == lines[0])
    ):
        dropped.append((lines.pop(0), "date line"))  # "Đã đăng vào 04 Th4, 2023" above the title
    if not lines:
        raise IngestError("no article text after removing page boilerplate")

    first = _MD_HEADING.sub("", strip_date_prefix(lines[0]))
    title_source: Any = "headline"
    if meta.get("title"):
        title, title_source = str(meta["title"]).strip(), origin("title")
        body = lines[1:] if fold(first) == fold(title) else lines
    elif is_headline(first, len(lines) > 1):
        title, body = first, lines[1:]
    else:
        title, body, title_source = "", lines, "derived"
    kept: list[str] = []
    for line in body:
        if is_dateline(line):
            dropped.append((line, "date line"))
        else:
            kept.append(_MD_HEADING.sub("", line))
    beside = beside_credits(body_text.split("\n"))
    body, captions = _mark_captions(kept, frozenset(alt_texts), beside, dropped)
    body_text = "\n\n".join(body)
    if sum(ch.isalpha() for ch in body_text) < 20:
        raise IngestError("no article text after removing page boilerplate")
    if not title:
        title = derive_title(body_text)
    title = one_line(title)  # shown inside source lines: a break would forge one

    dateline, _rest = split_dateline(body[0]) if body else ("", "")
    outlet, outlet_source = one_line(str(meta.get("outlet") or "")), origin("outlet")
    if not outlet:
        outlet, outlet_source = find_outlet(paragraphs, dateline), "text"
    if not outlet:
        outlet, outlet_source = outlet_in_folder(source_file), "folder"
    meta_date = coerce_date(meta["date"]) if meta.get("date") else None
    dating = date_article(
        meta_date,
        origin("date"),
        paragraphs[:_HEADER_LINES],
        dateline,
        title,
        body_text,
        paragraphs[-_HEADER_LINES:],
    )
    language = (
        language_code(meta["language"])
        if meta.get("language")
        else detect_article_language(f"{title}\n{body_text}")
    )
    article = Article(
        doc_id=source_file,
        source_file=source_file,
        title=title,
        text=body_text,
        language=language,
        date=dating.date,
        date_source=dating.source,  # type: ignore[arg-type]
        outlet=outlet,
        title_source=title_source,
        removed_lines=len(dropped),
        event_date=dating.event if dating.event != dating.date else PartialDate(),
        date_detail=dating.detail,
        outlet_source=outlet_source if outlet else "",
        dropped=dropped,
        captions=captions,
    )
    article.content_hash = content_hash(article)
    return article


def language_code(value: Any) -> str:
    """A front matter or sidecar ``language:``: an ISO 639 code ("en", "fr", "vi"; "en-GB"
    is "en"). Anything else is refused: the value is stored with every chunk, filtered on
    and shown, so markup or a line break must not get in."""
    code = str(value).strip()
    if not _LANGUAGE.fullmatch(code):
        raise IngestError(
            f"language {one_line(code)[:40]!r} is not a language code (use en, fr, vi ...)"
        )
    return code.split("-")[0].split("_")[0].lower()


def _mark_captions(
    lines: list[str],
    alt_texts: frozenset[str],
    beside: frozenset[str],
    dropped: list[tuple[str, str]],
) -> tuple[list[str], int]:
    """Caption lines marked (repeats dropped), alt texts not in the text added as captions."""
    found = caption_indices(lines, alt_texts, beside)
    out: list[str] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if i not in found:
            out.append(line)
        elif fold(line) in seen:
            dropped.append((line, "repeated caption"))
        else:
            seen.add(fold(line))
            out.append(mark(line))
    extra = [alt for alt in alt_texts if fold(alt) not in seen and alt.strip()]
    out += [mark(alt) for alt in extra]
    return out, len(seen) + len(extra)


def content_hash(article: Article) -> str:
    """Hash of everything that ends up in the index, so a metadata edit is a change."""
    parts = [
        article.title,
        article.text,
        article.language,
        article.date.iso(),
        article.outlet,
        article.event_date.iso(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
