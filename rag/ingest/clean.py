"""Removal of page furniture that is not article text.

News pages append "Related" story lists, comment counters, reader prompts and
photo-caption residue; left in, they leak other stories into answers.
Everything here works line by line, so article sentences are never cut.
"""

from __future__ import annotations

import re

from rag.lang.text import fold

# A line that starts a trailing block of links to other stories: drop it and all after.
_TRAILER = re.compile(
    r"^(related( news| articles| stories)?|read more|see also|more news|"
    r"tin lien quan|xem them|bai lien quan|tin cung chuyen muc|"
    r"lire aussi|a lire aussi|voir aussi|sur le meme sujet)\s*:?$"
)

# Single lines that are page furniture.
_NOISE = [
    re.compile(r"^(comments?|binh luan|commentaires?)\s*\(\d+\)$"),
    re.compile(r"^moi quy doc gia theo doi .{1,40} tren.*$"),
    re.compile(r"^(follow|suivez)[- ](us|nous)\b.*$"),
    re.compile(r"^(share|print|email|partager|imprimer|chia se|in bai)( this( article)?)?$"),
    re.compile(r"^(photo|anh|credit)\s*:\s*\S.{0,60}$"),
    re.compile(r"^.{0,200}\s-\d{1,2}$"),  # caption residue: "<headline> -0"
    re.compile(r"^[\W_]{0,5}$"),  # ".", "./.", "***"
]


def is_noise(line: str) -> bool:
    folded = fold(line.strip())
    return any(p.match(folded) for p in _NOISE)


def is_trailer(line: str) -> bool:
    return bool(_TRAILER.match(fold(line.strip())))


def clean_lines(lines: list[str]) -> tuple[list[str], int]:
    """Article lines without furniture, and how many lines were removed."""
    kept: list[str] = []
    removed = 0
    for index, line in enumerate(lines):
        if is_trailer(line):
            removed += sum(1 for rest in lines[index:] if rest.strip())
            break
        stripped = line.strip()
        if not stripped:
            continue
        if is_noise(stripped) or (kept and stripped == kept[-1]):
            removed += 1
            continue
        kept.append(stripped)
    return kept, removed
