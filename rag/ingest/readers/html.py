"""Saved web pages (.html, .htm): the article's main text and what the page says about it.

trafilatura finds the main text (menus, footers and "related" boxes left out) and the
title, site name and date from the page's metadata (it asks htmldate, restricted here
to markup: no guessing from the text, no fetching). The page is parsed from the bytes
given; nothing is downloaded. Image alt texts and figure captions are handed on as
captions: searchable, never quoted.
"""

from __future__ import annotations

import logging
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from rag.errors import IngestError
from rag.ingest.decode import decode
from rag.ingest.readers.base import Extracted

log = logging.getLogger(__name__)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class HtmlReader:
    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def read(self, data: bytes, name: str) -> Extracted:
        markup, _encoding = decode(data)
        try:
            tree = lxml.html.document_fromstring(markup)
        except (ParserError, ValueError) as exc:
            raise IngestError(f"not a readable HTML page: {exc}") from exc
        document = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
        text = str(getattr(document, "text", "") or "").strip()
        if not text:
            raise IngestError("no article text found in the page")
        meta: dict[str, Any] = {
            "title": getattr(document, "title", None),
            "date": getattr(document, "date", None),
            "outlet": getattr(document, "sitename", None),
            "language": _language(tree),
        }
        log.debug("%s: page metadata %s", name, meta)
        return Extracted(text, {k: v for k, v in meta.items() if v}, _captions(tree), True)


def _language(tree: Any) -> str:
    """The page's declared language ("fr-FR" -> "fr"), if any."""
    declared = str(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
    code = declared.split("-")[0].strip().lower()
    return code if code.isalpha() and len(code) in (2, 3) else ""


def _captions(tree: Any) -> tuple[str, ...]:
    texts = [str(img.get("alt") or "") for img in tree.iter("img")]
    texts += [" ".join(fig.text_content().split()) for fig in tree.iter("figcaption")]
    return tuple(dict.fromkeys(t.strip() for t in texts if len(t.strip()) >= 10))
