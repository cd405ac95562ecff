"""Text primitives shared by chunking, BM25, the glossary and the extractive answerer.

Folding diacritics lets "mua ban nguoi" (typed without accents) match "mua bán người";
the sentence splitter keeps "Sen. Lt. Gen. To Lam" and "15/8." dates in one sentence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)

# Words that carry no retrieval signal, after folding; small on purpose.
STOPWORDS = frozenset(
    """
    a an and are as at be by did do does for from had has have he her his how i in is it its
    me of on or our she that the their them they this to was were what when where which who
    whom why will with would you your about after before au aux avec ce ces dans de des du
    elle elles en est et il ils la le les leur leurs lui mais ne ni ou par pas pour qu que
    quel quelle quels quelles qui sa se ses son sont sur un une y a l d s n c j t m quand
    comment ont ete ai bao cac cho co cua da duoc gi hay khi khong la lam luc ma mot nao nay
    nhu nhung o ra roi sao the thi tai tren trong va ve voi vi den tu nhieu cung
    """.split()
)

# How questions are phrased, not what they are about ("quel jour", "vào ngày nào", "took place").
QUESTION_WORDS = frozenset(
    """
    happened happen take took place year years date day days month did does whose many much
    jour jours annee mois eu lieu lequel laquelle depuis combien quoi ou nao gi dau bao ngay
    thang nam vao dien khi ai su kien cuoc loai truoc sau
    """.split()
)


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase and strip diacritics (đ -> d), so accentless Vietnamese still matches."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def tokens(text: str) -> list[str]:
    """Folded word tokens, stopwords kept (BM25 weighs them down by itself)."""
    return _WORD.findall(fold(text))


def content_tokens(text: str) -> list[str]:
    """Folded tokens without stopwords or one-letter debris."""
    return [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


def topic_tokens(question: str) -> list[str]:
    """Content tokens of a question minus the words that only phrase it as a question."""
    return [t for t in content_tokens(question) if t not in QUESTION_WORDS]


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- sentences -------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    """
    sen lt gen col maj capt cpt adm brig sgt mr mrs ms dr prof st no nos vs etc eg ie jr sr
    inc ltd co corp dept gov govt rep pres hon amb min cf fig approx m mm mme mmes mlle dr
    pr art av bd tp ths ts gs pgs ong ba jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)]*(?=\s)|(?<=[a-zà-ỹ]{2})\.(?=[A-ZÀ-Ỹ][a-zà-ỹ])")
_PREV_WORD = re.compile(r"([\w.]+)[.!?…]*[\"”’»)]*$")


def _is_abbreviation(before: str) -> bool:
    match = _PREV_WORD.search(before)
    if not match:
        return False
    word = match.group(1).rstrip(".")
    if (len(word) == 1 and word.isalpha()) or "." in word:
        return True  # an initial ("J. Smith") or a dotted acronym ("U.S.", "e.g.")
    return fold(word).replace(".", "") in ABBREVIATIONS


def _next_starts_sentence(rest: str) -> bool:
    stripped = rest.lstrip()
    if not stripped:
        return True
    first = stripped[0]
    return not first.islower() and first not in ",;:"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans over ``text``; concatenating them (with gaps) gives the text back.

    Line breaks always end a sentence: articles put headlines, captions and
    datelines on lines of their own.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        segment = line.group()
        for match in _BOUNDARY.finditer(segment):
            end = match.end()
            if _is_abbreviation(segment[: match.start() + 1]):
                continue
            if not _next_starts_sentence(segment[end:]):
                continue
            piece = (start, line.start() + end)
            if text[piece[0] : piece[1]].strip():
                spans.append(piece)
            start = line.start() + end
            while start < line.end() and text[start].isspace():
                start += 1
        if text[start : line.end()].strip():
            spans.append((start, line.end()))
    return spans


def split_sentences(text: str) -> list[str]:
    """Sentences as verbatim substrings of ``text``."""
    return [text[a:b].strip() for a, b in sentence_spans(text)]


def split_sentences_lossless(text: str) -> list[str]:
    """Sentence pieces whose concatenation equals ``text`` (what llama-index expects)."""
    spans = sentence_spans(text)
    if not spans:
        return [text] if text else []
    pieces: list[str] = []
    for i, (a, _b) in enumerate(spans):
        start = 0 if i == 0 else a
        end = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        pieces.append(text[start:end])
    return pieces
