"""Text repair shared by every reader: hard-wrapped lines back into paragraphs.

E-mails, PDF text and some saved pages cut every line at a fixed width (70-110
characters). Left alone, each piece is a "sentence" of its own (line breaks end
sentences), so quotes stop mid-sentence ("...Ambassador to Vietnam Ted [1]") and the
Sources view shows one paragraph per line. A file counts as hard-wrapped when many of
its lines end close to one width; then a line that reaches that width is joined to the
next one, unless the next one is plainly a new block (a list item, a caption or credit,
a dateline). Blank lines, short lines (headings, last lines of paragraphs) and files
that are not wrapped are never joined, so real paragraphs stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

WRAP_MAX = 130  # wider lines are paragraphs written on one line, not a wrap width
_FULL = 0.72  # a line this close to the wrap width was cut by the wrap
_NEAR = 0.9  # lines cut at one width end within this share of it
_SHARE = 0.35  # ...and this share of the lines must be such lines to call the file wrapped
_LIST_ITEM = re.compile(r"^(?:[-•*–·▪]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_HYPHENATED = re.compile(r"[a-zà-ỹ]-$")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_QUOTES = str.maketrans({"″": '"', "‟": '"', "„": '"', "′": "'", "‛": "'", "`": "'"})


def normalize_line(line: str) -> str:
    """One line with runs of spaces (any width) made one space and odd quote marks unified.

    Typographic quotes (“ ” ‘ ’ « ») are kept as written: they are the article's own.
    Doubled ASCII quotes from word processors (``like this'') become plain double quotes.
    """
    line = line.replace("``", '"').replace("''", '"').translate(_QUOTES)
    return _SPACES.sub(" ", line).strip()


def wrap_width(lines: list[str]) -> int | None:
    """The width the file was wrapped at, or None when it was not hard-wrapped."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 4:
        return None
    # The longest length that two more lines come within _NEAR of, not the longest line:
    # wrapped files may hold a few longer lines (a pasted URL, a caption written on one
    # line), and taking one of them for the width left lines cut a little short of it
    # unjoined ("...in Vietnam in" / "2023.").
    ordered = sorted(lengths, reverse=True)
    width = next((n for i, n in enumerate(ordered[:-2]) if ordered[i + 2] >= _NEAR * n), ordered[0])
    if width > WRAP_MAX:
        return None
    full = sum(1 for n in lengths if _FULL * width <= n <= width)
    continued = sum(1 for a, b in pairwise(lines) if a and b)
    if full < 3 or full < _SHARE * len(lengths) or continued < 2:
        return None
    return width


def unwrap(
    lines: list[str], starts_block: Callable[[str], bool] | None = None, rejoin: bool = True
) -> list[str]:
    """Paragraphs of ``lines`` (blank lines separate them); wrapped lines re-joined.

    ``starts_block`` says a line begins something of its own (a caption, a dateline)
    even if the line before it reaches the wrap width. ``rejoin=False``: the lines are
    a format's own paragraphs (HTML, Word), only normalised.
    """
    clean = [normalize_line(line) for line in lines]
    width = wrap_width(clean) if rejoin else None
    paragraphs: list[str] = []
    current = ""
    last_len = 0  # length of the last physical line in ``current``
    for line in clean:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current and width and _continues(last_len, line, width, starts_block):
            if _HYPHENATED.search(current) and line[:1].islower():
                current = current[:-1] + line
            else:
                current = f"{current} {line}"
        else:
            if current:
                paragraphs.append(current)
            current = line
        last_len = len(line)
    if current:
        paragraphs.append(current)
    return paragraphs


def _continues(
    last_len: int, line: str, width: int, starts_block: Callable[[str], bool] | None
) -> bool:
    """The previous line was cut by the wrap and ``line`` does not start a block of its own."""
    if last_len < _FULL * width or _LIST_ITEM.match(line):
        return False
    return not (starts_block and starts_block(line))
