"""Photo captions: kept searchable, marked so that no answer ever quotes one.

A caption describes a picture ("Minister To Lam and Sajid Javid at the signing. Photo:
VNA"); quoted as an answer it reads as a fact about the meeting and often repeats
the headline. A line is a caption when it carries a credit ("Photo:", "Ảnh:",
"Crédit :", the words come from the packs' ``furniture.credits``), when it is a short
line right next to a bare credit line, when it places someone in the picture ("(left)",
"(à droite)", "(trái)": the packs' ``furniture.positions``), when the page repeats it, or
when it is an image's alt text. Each sentence of a caption is written on its own line behind
``CAPTION_MARK``: line breaks end sentences, so every caption sentence starts with the
mark and the answerer's ``quotable`` can refuse it on sight.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.ingest.clean import is_noise
from rag.ingest.repair import normalize_line
from rag.lang.pack import Packs, any_of, packs
from rag.lang.text import fold, split_sentences
from rag.models import CAPTION_MARK

CAPTION_MAX = 300  # longer lines are article paragraphs, whatever they mention
_NEXT_TO_CREDIT_MAX = 200
POSITION_MAX = 200  # a line placing someone in a picture is a caption up to this length


@lru_cache(maxsize=1)
def _credit(loaded: Packs) -> re.Pattern[str]:
    words = any_of(loaded.union(lambda pack: pack.furniture.credits), literal=True)
    # "... at the signing. Photo: VNA", "(Ảnh: Bộ Công an)", "Photo : han..."
    return re.compile(rf"(?:^|[\s(.|–-]){words}\s*(?::|©|by\b)")


def has_credit(line: str) -> bool:
    return bool(_credit(packs()).search(fold(line)))


@lru_cache(maxsize=1)
def _position(loaded: Packs) -> re.Pattern[str]:
    words = any_of(loaded.union(lambda pack: pack.furniture.positions), literal=True)
    return re.compile(rf"\(\s*{words}\s*\)")


def places_someone(line: str) -> bool:
    """A short line that says where someone stands in the picture: "Minister To Lam
    (right) and Ambassador Robyn Mudie at the reception", "Polie Phan (trái) và Jaiden
    Nguyen tại cơ quan công an". Article paragraphs seldom do, and never in parentheses."""
    return len(line) <= POSITION_MAX and bool(_position(packs()).search(fold(line)))


def _bare_credit(line: str) -> bool:
    """'Photo: VNA' or 'Ảnh minh họa': a credit with (almost) nothing else."""
    folded = fold(line)
    return (has_credit(line) and len(folded) <= 60) or folded in ("anh minh hoa", "photo", "anh")


def beside_credits(raw_lines: list[str]) -> frozenset[str]:
    """Lines written right against a bare credit line, with no blank line between:
    "Đại tướng Tô Lâm phát biểu tại Hội nghị." / "Ảnh: Bộ Công an". A paragraph set off by a
    blank line above a credit that closes the page is article text, not a caption."""
    found: set[str] = set()
    lines = [normalize_line(line) for line in raw_lines]
    for j, line in enumerate(lines):
        if j == 0 or not line or not _bare_credit(line):
            continue
        # The caption sits above its credit, else below it.
        for i in (j - 1, j + 1):
            near = lines[i] if 0 <= i < len(lines) else ""
            if near and len(near) <= _NEXT_TO_CREDIT_MAX and not _bare_credit(near):
                found.add(near)
                break
    return frozenset(found)


def caption_indices(
    lines: list[str], alt_texts: frozenset[str] = frozenset(), beside: frozenset[str] = frozenset()
) -> set[int]:
    """Which of ``lines`` are captions; the first line (the headline) never is.

    ``beside`` holds the lines found against a credit line (``beside_credits``).
    """
    found: set[int] = set()
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        if i == 0 or len(line) > CAPTION_MAX:
            continue
        key = fold(line)
        if (
            line in alt_texts
            or line in beside
            or places_someone(line)
            or (has_credit(line) and not is_noise(line))
        ):
            found.add(i)
        elif key in seen and seen[key] > 0:
            found.update((seen[key], i))  # the page repeats it: a caption under two pictures
        seen.setdefault(key, i)
    return found


def mark(line: str) -> str:
    """The caption with each of its sentences on its own line behind the mark."""
    return "\n".join(f"{CAPTION_MARK}{sentence}" for sentence in split_sentences(line))


def is_caption(text: str) -> bool:
    return text.lstrip().startswith(CAPTION_MARK)
