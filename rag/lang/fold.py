"""Folding: lower case without diacritics, the form every word list and cue is matched in.

Folding diacritics lets "mua ban nguoi" (typed without accents) match "mua bán người".
It lives apart from ``text`` because the language packs check their words with it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase and strip diacritics (đ -> d), so accentless Vietnamese still matches; the
    typographic apostrophe is the typed one ("protocole d’accord" = "protocole d'accord")."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("’", "'")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def fold_aligned(text: str) -> str | None:
    """``fold`` with one character for each of ``text``'s, so a match's offsets point into
    ``text`` too (its case, its neighbours). A character that folds to several ("…" to
    "...") keeps the first; None when the text is decomposed (combining accents: folding
    drops characters, no alignment is possible)."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    if any(unicodedata.combining(ch) for ch in text):
        return None
    return "".join(fold(ch)[:1] or ch for ch in text)
