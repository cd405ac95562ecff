"""Word stems, so that "established" meets "establish" and "signée" meets "signer".

Question and article rarely use the same form of a word: a question asks who "proposed",
the article says the minister "proposes"; French inflects for gender and number too.
Snowball stemmers (the ``snowballstemmer`` package, pure Python, quick with PyStemmer's C
code when that is installed) are the standard, per-language answer. A language pack names
its algorithm (``"stemmer": "english"``); Vietnamese words do not inflect and have none.

Only lower-case words are stemmed: capitals mark names in English and French, and a name is
matched as written ("Cooper" is no "coop", the French stem of "cooper"). Stems are compared
alongside the words, never instead of them, so a name still meets its translation.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Protocol

import snowballstemmer

from rag.lang.fold import fold
from rag.lang.pack import packs
from rag.lang.text import stopwords

STEM_PREFIX = "~"  # keeps stems apart from words in one feature set
MIN_LENGTH = 4  # shorter words are mostly stems already, or function words
COGNATE_PREFIX = "^"
COGNATE_LETTERS = 6
COGNATE_MIN = 8  # letters a word needs for its first six to name its root
_WORD = re.compile(r"\w+", re.UNICODE)


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...


@cache
def _stemmer(language: str) -> _Stemmer | None:
    pack = packs().get(language)
    algorithm = pack.stemmer if pack else ""
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=100_000)
def _stem(word: str, language: str) -> str:
    """Stemmed as written (the French rules read accents: "signée" -> "sign"), then folded
    like every word the answerer compares."""
    stemmer = _stemmer(language)
    return STEM_PREFIX + fold(stemmer.stemWord(word)) if stemmer else ""


def word_stems(text: str, language: str) -> dict[str, str]:
    """Folded lower-case content word -> its stem feature ("~establish"), for ``language``."""
    if _stemmer(language) is None:
        return {}
    stop = stopwords()
    out: dict[str, str] = {}
    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].isupper() or word[0].isdigit() or len(word) < MIN_LENGTH:
            continue
        folded = fold(word)
        if folded not in stop and folded not in out:
            out[folded] = _stem(word.lower(), language)
    return out


def cognate(word: str) -> str:
    """A long word's first letters ("^illega"), shared by English and French words of one
    Latin root whatever their endings: "illegally" / "illégalement", "cooperation" /
    "coopération"; "" for words too short to tell."""
    return f"{COGNATE_PREFIX}{word[:COGNATE_LETTERS]}" if len(word) >= COGNATE_MIN else ""


@lru_cache(maxsize=50_000)
def stem_set(text: str, language: str) -> frozenset[str]:
    """The stem and cognate features of a sentence or passage (kept: article text is read
    again and again)."""
    stems = word_stems(text, language)
    return frozenset(stems.values()) | {c for c in map(cognate, stems) if c}
