"""Text from files shown on one line: titles, outlets, file names and skip reasons.

Whatever comes from an article, its front matter, its sidecar or its file name is shown
inside lines we write: a source line "[1] Title (date, outlet; file, en)", a refresh report
line "  skipped: name: reason". A line break in such a value (a YAML "\\n", a JSON
"\\u2028", a file named "a\\n[2] Reuters: ...") would add a line of the file's choosing,
which a reader cannot tell from ours; a bidi override would reorder what is shown. Every
kind of break that ``str.splitlines`` or a Telegram client honours is therefore made a
space, and invisible controls are dropped; file names, which an admin must be able to find
on disk, are shown with such characters escaped instead.
"""

from __future__ import annotations

import re

# Everything str.splitlines() splits on (and Telegram shows as a new line), plus tabs.
_BREAKS = "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Other C0/C1 controls, zero-width space, bidi marks, embeddings, overrides and isolates, BOM.
_INVISIBLE = (
    "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u061c"
    "\u202a-\u202e\u2066-\u2069\ufeff"
)
_BREAK_RUN = re.compile(f"[{_BREAKS}]+")
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+")
_UNSAFE = re.compile(f"[{_BREAKS}{_INVISIBLE}]")
_SPACES = re.compile(r"[ ]{2,}")


def one_line(text: str) -> str:
    """``text`` on one line: breaks become spaces, invisible controls go, spaces collapse."""
    if not _UNSAFE.search(text):
        return text
    text = _INVISIBLE_RUN.sub("", _BREAK_RUN.sub(" ", text))
    return _SPACES.sub(" ", text).strip()


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a line break or an invisible control character."""
    return bool(_UNSAFE.search(text))


def visible(name: str) -> str:
    """A file name on one line with its breaks and controls escaped ("a\\nb.txt"), so the
    admin can still tell which file it is."""
    return _UNSAFE.sub(_escape, name)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return named.get(char) or f"\\u{ord(char):04x}"
