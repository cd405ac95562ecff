"""Text primitives shared by chunking, BM25, the glossary and the extractive answerer.

Words are compared folded (``rag.lang.fold``); the stopwords, question words and
abbreviations of every language pack apply to all text. The sentence splitter keeps
"Sen. Lt. Gen. To Lam" and "15/8." dates in one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import NamedTuple

from rag.lang.fold import fold
from rag.lang.pack import Packs, packs

_WORD = re.compile(r"\w+", re.UNICODE)


class _WordSets(NamedTuple):
    stopwords: frozenset[str]
    question_words: frozenset[str]
    abbreviations: frozenset[str]
    titles: frozenset[str]  # one-word titles before a given name ("ông", "Mr")


@lru_cache(maxsize=1)
def _word_sets(loaded: Packs) -> _WordSets:
    """The words of every language at once: a question may mix languages, an article too."""
    return _WordSets(
        frozenset(loaded.union(lambda pack: pack.words.stopwords)),
        frozenset(loaded.union(lambda pack: pack.words.question_words)),
        frozenset(loaded.union(lambda pack: pack.words.abbreviations)),
        frozenset(t for t in loaded.union(lambda pack: pack.entities.titles) if " " not in t),
    )


def stopwords() -> frozenset[str]:
    """Folded words that carry no retrieval signal, in any language."""
    return _word_sets(packs()).stopwords


def question_words() -> frozenset[str]:
    """Folded words that only phrase a question ("who", "quand", "bao nhiêu"), any language."""
    return _word_sets(packs()).question_words


def name_titles() -> frozenset[str]:
    """Folded one-word titles written before a given name ("ông", "bà", "mr"), any language."""
    return _word_sets(packs()).titles


def tokens(text: str) -> list[str]:
    """Folded word tokens, stopwords kept (BM25 weighs them down by itself)."""
    return _WORD.findall(fold(text))


def content_tokens(text: str) -> list[str]:
    """Folded tokens without stopwords or one-letter debris."""
    stop = stopwords()
    return [t for t in tokens(text) if t not in stop and len(t) > 1]


def topic_tokens(question: str) -> list[str]:
    """Content tokens of a question minus the words that only phrase it as a question."""
    phrasing = _word_sets(packs()).question_words
    return [t for t in content_tokens(question) if t not in phrasing]


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- sentences -------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)]*(?=\s)|(?<=[a-zà-ỹ]{2})\.(?=[A-ZÀ-Ỹ][a-zà-ỹ])")
# Letters only Vietnamese writes (ơ, ư, ă, đ, tones below or hooked): such a word, folded,
# may look like another language's abbreviation ("hơn" / "hon"), but it is none.
_VIETNAMESE_ONLY = re.compile("[ơưăđƠƯĂĐạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
_PREV_WORD = re.compile(r"([\w.]+)[.!?…]*[\"”’»)]*$")


NAME_WINDOW = 40  # characters before a word searched for the word before it


def title_case(word: str) -> bool:
    """Letters only, one capital, then lower case: how every syllable of a Vietnamese name is
    written ("Trà", "Tuấn"); no acronym, no punctuation ("Nội,"), not "ở" (at)."""
    return word.isalpha() and word.istitle()


def after_given_name(text: str, start: int) -> bool:
    """``text[start:]`` follows a capitalised word or a title with only a space between: a
    short country name there ends a Vietnamese personal name ("Phạm Thị Trà My", "Nguyễn
    Tuấn Anh", "ông Anh"), read alike by the places reader and the glossary."""
    before = text[max(0, start - NAME_WINDOW) : start].rstrip().rsplit(maxsplit=1)
    return bool(before) and (title_case(before[-1]) or fold(before[-1]) in name_titles())


def written_in_vietnamese(text: str) -> bool:
    """The text holds letters only Vietnamese writes."""
    return bool(_VIETNAMESE_ONLY.search(text))


def _is_abbreviation(before: str) -> bool:
    match = _PREV_WORD.search(before)
    if not match:
        return False
    word = match.group(1).rstrip(".")
    if (len(word) == 1 and word.isalpha()) or "." in word:
        return True  # an initial ("J. Smith") or a dotted acronym ("U.S.", "e.g.")
    if _VIETNAMESE_ONLY.search(word):
        return False  # "hơn." (more) ends a sentence, whatever "Hon." abbreviates in English
    return fold(word).replace(".", "") in _word_sets(packs()).abbreviations


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


# What ends a clause within a sentence: the words before a name or after a number belong to
# the name or the number only up to it.
CLAUSE_BREAK = re.compile(r"[,.;:()\[\]–—]")


def holds_name(folded: str, name: str) -> bool:
    """Every word of ``name`` is in the folded text ``folded``, wherever: an article names
    "Lương Tam Quang" when it says "Luong Tam Quang" or "Quang ... Luong Tam"."""
    return all(token in folded for token in fold(name).split())


def named_in(text: str, folded: str) -> bool:
    """``text`` occurs in the folded ``folded`` as whole words: the "202" of an answer is not
    named by a question's "2022", nor "Lam" by "Lampedusa"."""
    key = fold(text)
    at = folded.find(key) if key else -1
    while at >= 0:
        if word_bounded(folded, at, at + len(key)):
            return True
        at = folded.find(key, at + 1)
    return False


def word_bounded(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is not part of a longer word."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def opens_clause(text: str, start: int, abbreviations: AbstractSet[str] = frozenset()) -> bool:
    """The word at ``start`` opens the text, or a clause after a full stop, colon, dash or
    quote: capitalised by its position, not because it names something. The full stop of an
    abbreviation (folded, as ``abbreviations`` holds them: "Gen. To Lam") ends nothing."""
    before = text[:start].rstrip()
    if not before:
        return True
    if before[-1] == ".":
        previous = before[:-1].rsplit(maxsplit=1)
        return not previous or fold(previous[-1]) not in abbreviations
    return before[-1] in ':;!?-–—"“(«'
