"""Article metadata: front matter, sidecar files, outlet, headline, dateline and dates.

Admins can set title, date, outlet or language in a leading ``---`` YAML block or
in a sidecar file next to the article; otherwise they are read off the page the
way a person would (a signature line, a short first line, a dated header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rag.errors import IngestError
from rag.lang.dates import find_dates, first_date
from rag.lang.pack import Packs, any_of, packs
from rag.lang.text import fold, split_sentences
from rag.models import PartialDate

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)


# --- front matter and sidecars -----------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A leading ``---`` YAML block lets admins set title, date, outlet or language."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise IngestError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise IngestError("front matter must be a mapping of key: value lines")
    return {str(k).lower(): v for k, v in meta.items()}, text[match.end() :]


def parse_sidecar(name: str, data: bytes) -> dict[str, Any]:
    """Metadata an admin put next to an article: ``name.txt.meta.yaml`` (or .yml / .json);
    ``name`` is the sidecar's, for the reason when it cannot be used."""
    side = Path(name).name
    try:
        loaded = yaml.safe_load(data.decode("utf-8"))  # JSON is YAML too
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"sidecar {side} is not valid YAML/JSON: {exc}") from exc
    if not isinstance(loaded, dict):
        raise IngestError(f"sidecar {side} must be a mapping of key: value")
    return {str(k).lower(): v for k, v in loaded.items()}


# --- outlet and dateline cues, from the packs -------------------------------------


@dataclass(frozen=True)
class _Cues:
    outlets: list[tuple[str, str]]  # (folded alias, canonical name), longest alias first
    aliases: frozenset[str]
    reader_prompts: tuple[str, ...]  # "Follow us on ...": a line that names the outlet
    dateline_words: re.Pattern[str]  # what a dateline holds besides its date


@lru_cache(maxsize=1)
def _cues(loaded: Packs) -> _Cues:
    pairs = [
        (fold(alias), name) for name, aliases in loaded.common.outlets.items() for alias in aliases
    ]
    outlets = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)
    weekdays = any_of(loaded.union(lambda pack: pack.dates.weekdays))
    return _Cues(
        outlets,
        frozenset(alias for alias, _name in outlets),
        loaded.union(lambda pack: pack.furniture.reader_prompts),
        re.compile(rf"\d{{1,2}}:\d{{2}}|\b{weekdays}\b|\bgmt[+\-]?\d*"),
    )


def _outlet_in(line: str) -> str:
    folded = fold(line)
    for alias, name in _cues(packs()).outlets:
        if re.search(rf"(?<![\w.]){re.escape(alias)}(?![\w])", folded):
            return name
    return ""


def is_signature(line: str) -> bool:
    """A line made only of outlet names, e.g. the closing "VNA/CVN"."""
    parts = [fold(p).strip() for p in re.split(r"[/,|\-–—]+", line) if p.strip()]
    aliases = _cues(packs()).aliases
    return bool(parts) and len(line) <= 60 and all(p in aliases for p in parts)


def outlet_in_dateline(dateline: str) -> str:
    """ "Paris, 5 novembre (VNA)" -> "VNA"; "(AFP/CVN)" -> "AFP/CVN"; "VOV.VN" -> "VOV.VN".

    Written as the article writes it, like a signature line ("VNA/CVN")."""
    inside = re.findall(r"\(([^)]{1,40})\)", dateline)
    for part in inside or [dateline]:
        if is_signature(part):
            return part.strip()
    return ""


def outlet_in_folder(relative_path: str) -> str:
    """An article filed under a folder named after a known outlet ("VNA/2024/a.txt")."""
    for folder in reversed(relative_path.split("/")[:-1]):
        if fold(folder).strip() in _cues(packs()).aliases:
            return _outlet_in(folder)
    return ""


def find_outlet(lines: list[str], dateline: str = "") -> str:
    """Outlet from a signature line, the dateline's "(VNA)", a "Outlet - " lead, or a
    reader prompt naming it."""
    for line in reversed(lines[-3:]):
        if is_signature(line):
            return line.strip(" -–—")
    if dateline and (found := outlet_in_dateline(dateline)):
        return found
    candidates = [line.split(" - ", 1)[0] for line in lines[:4] if " - " in line]
    candidates += [re.split(r"\s+[-–—]\s+", line, maxsplit=1)[0] for line in lines[:4]]
    for candidate in candidates:
        name = _outlet_in(candidate)
        if name and len(candidate) <= 60:
            return candidate.strip() if is_signature(candidate) else name
    prompts = _cues(packs()).reader_prompts
    for line in lines:  # "Mời quý độc giả theo dõi Báo điện tử Dân Việt trên Google News"
        if fold(line).startswith(prompts) and len(line) <= 120 and (name := _outlet_in(line)):
            return name
    return ""


# --- headline, dateline, title, date -----------------------------------------------


def is_headline(line: str, has_more: bool) -> bool:
    words = line.split()
    return has_more and len(line) <= 200 and len(words) <= 30 and not line.rstrip().endswith(".")


def is_dateline(line: str) -> bool:
    """'Thứ Hai, 15/08/2022, 11:59': a line that is a date and little else."""
    rest = line
    for _d, a, b in sorted(find_dates(line), key=lambda item: -item[1]):
        rest = rest[:a] + rest[b:]
    rest = _cues(packs()).dateline_words.sub("", fold(rest))
    return rest != fold(line) and len(re.sub(r"[\W\d_]", "", rest)) <= 3


def derive_title(text: str, limit: int = 90) -> str:
    first = split_sentences(text)[0] if text.strip() else ""
    if len(first) <= limit:
        return first.rstrip(".")
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"


def coerce_date(value: Any) -> PartialDate:
    """A front-matter date: a YAML date, or text such as "2024", "2024-10" or "2024-10-03"."""
    if hasattr(value, "year") and hasattr(value, "month"):
        return PartialDate(value.year, value.month, getattr(value, "day", None))
    parsed = first_date(str(value))
    if parsed is None:
        raise IngestError(
            f"front matter date {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    return parsed
