"""Removal of page furniture that is not article text.

News pages append "Related" story lists, comment counters, reader prompts and
photo-caption residue; left in, they leak other stories into answers.
Everything here works line by line, so article sentences are never cut. The words
("Related", "Bình luận", "Lire aussi") come from the language packs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rag.lang.pack import Packs, any_of, packs
from rag.lang.pack_schema import Furniture
from rag.lang.text import fold


@dataclass(frozen=True)
class _Furniture:
    trailer: re.Pattern[str]  # starts a trailing block of links to other stories
    noise: tuple[re.Pattern[str], ...]  # single lines that are page furniture


@lru_cache(maxsize=1)
def _furniture(loaded: Packs) -> _Furniture:
    def words(part: Callable[[Furniture], Iterable[str]]) -> str:
        return any_of(loaded.union(lambda pack: part(pack.furniture)), literal=True)

    noise = [
        rf"^{words(lambda f: f.counters)}\s*\(\d+\)$",
        rf"^{words(lambda f: f.buttons)}$",
        rf"^{words(lambda f: f.credits)}\s*:\s*\S.{{0,60}}$",
        *loaded.union(lambda pack: pack.furniture.lines),
        r"^.{0,200}\s-\d{1,2}$",  # caption residue: "<headline> -0"
        r"^[\W_]{0,5}$",  # ".", "./.", "***"
    ]
    trailer = re.compile(rf"^{words(lambda f: f.related)}\s*:?$")
    return _Furniture(trailer, tuple(re.compile(p) for p in noise))


def is_noise(line: str) -> bool:
    folded = fold(line.strip())
    return any(p.match(folded) for p in _furniture(packs()).noise)


def is_trailer(line: str) -> bool:
    return bool(_furniture(packs()).trailer.match(fold(line.strip())))


def clean_lines(lines: list[str]) -> tuple[list[str], int]:
    """Article lines without furniture, and how many lines were removed."""
    kept, dropped = explain_clean(lines)
    return kept, len(dropped)


def explain_clean(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Article lines without furniture, and each removed line with the reason."""
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        if is_trailer(line):
            dropped += [(rest.strip(), "related-stories block") for rest in lines[index:]]
            dropped = [(text, why) for text, why in dropped if text]
            break
        stripped = line.strip()
        if not stripped:
            continue
        if is_noise(stripped):
            dropped.append((stripped, "page furniture"))
        elif kept and stripped == kept[-1]:
            dropped.append((stripped, "repeated line"))
        else:
            kept.append(stripped)
    return kept, dropped
