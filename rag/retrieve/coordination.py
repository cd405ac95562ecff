"""A question about two coordinated events, cut into one question for each.

"Which officials did they meet in August 2024 at the FBI academy and in February 2025 in
Hanoi?" asks two questions joined by "and": each year's report is found and read best when
its part is asked alone, without the other part's words pulling in the other report. The
cut is made at the coordinating word between the two years (or partners): the first part
is everything before it and after the second value; the second keeps what precedes the
first part (the question's head: "Which officials did they meet") and everything after the
coordinating word. Where the first part starts is read from the parallel wording of the two
parts ("in ... and in ...", "khi ... và khi ...", "de Singapour et de Malaisie"), else from
the clause break before it ("the officials, Interpol's chief in 2018 and UNODC's in 2019").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.lang.fold import fold_aligned
from rag.lang.pack import Packs, any_of, packs

Span = tuple[int, int]
_CLAUSE_BREAK = re.compile(r"[,;:(]")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4)
def _coordination(loaded: Packs) -> re.Pattern[str]:
    words = any_of(loaded.union(lambda pack: pack.questions.coordination))
    return re.compile(rf"\b(?:{words})\b")


def cut(text: str, first: Span, second: Span) -> tuple[str, str] | None:
    """The two questions, one about the value at ``first``, one about that at ``second``
    (spans in ``text``, ``first`` before ``second``); None when no coordinating word joins
    them or the text cannot be read letter for letter."""
    folded = fold_aligned(text)
    if folded is None:
        return None
    joins = list(_coordination(packs()).finditer(folded, first[1], second[0]))
    if not joins:
        return None
    join = joins[-1]
    start = _part_start(folded, first[0], join.end())
    head, tail = text[: join.start()], text[second[1] :]
    one = (head.rstrip() if tail[:1] in ",.;:?!)" else head) + tail  # "in 2044?", not "2044 ?"
    two = text[:start] + text[join.end() :]
    return " ".join(one.split()), " ".join(two.split())


def _part_start(folded: str, value: int, after_join: int) -> int:
    """Where the first part starts: at the last word before its value that also opens the
    second part ("in" of "in 2020 and in 2023"), else after the last clause break before
    its value, else at the value itself."""
    opener = _WORD.search(folded, after_join)
    if opener:
        same = [
            m.start() for m in re.finditer(rf"\b{re.escape(opener.group(0))}\b", folded[:value])
        ]
        if same:
            return same[-1]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, value)]
    return breaks[-1] if breaks else value
