"""Articles folder -> cleaned ``Article`` records with metadata, or a reason for skipping.

Every file is either ingested or reported: an admin must be able to see why a
file is missing from the index.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rag.errors import ConfigError, IngestError
from rag.ingest.clean import clean_lines
from rag.lang.dates import find_dates, first_date, publication_date, strip_date_prefix
from rag.lang.detect import detect_article_language
from rag.lang.text import fold, split_sentences
from rag.models import Article, PartialDate, Skipped
from rag.settings import PACKAGE_DIR

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_MD_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass
class IngestResult:
    articles: list[Article]
    skipped: list[Skipped]


# --- decoding ----------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used; raises ``IngestError`` for binary or empty data."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data:
        return _decode_utf16_without_bom(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise IngestError("binary file (not text)")
    return data.decode("cp1252", errors="replace"), "cp1252"


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str]:
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) / 2
    for encoding, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > 0.3 * half:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    raise IngestError("binary file (contains NUL bytes)")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > 0.05 * len(sample)


# --- metadata ----------------------------------------------------------------------


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


@lru_cache(maxsize=1)
def _outlet_aliases() -> list[tuple[str, str]]:
    raw = json.loads((PACKAGE_DIR / "data" / "outlets.json").read_text(encoding="utf-8"))
    pairs = [
        (fold(alias), name)
        for name, aliases in raw.items()
        if not name.startswith("_")
        for alias in aliases
    ]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def _outlet_in(line: str) -> str:
    folded = fold(line)
    for alias, name in _outlet_aliases():
        if re.search(rf"(?<![\w.]){re.escape(alias)}(?![\w])", folded):
            return name
    return ""


def is_signature(line: str) -> bool:
    """A line made only of outlet names, e.g. the closing "VNA/CVN"."""
    parts = [fold(p).strip() for p in re.split(r"[/,|\-–]+", line) if p.strip()]
    aliases = {alias for alias, _name in _outlet_aliases()}
    return bool(parts) and len(line) <= 60 and all(p in aliases for p in parts)


def find_outlet(lines: list[str]) -> str:
    """Outlet from a signature line, a "Outlet - " lead, or a reader prompt naming it."""
    for line in reversed(lines[-3:]):
        if is_signature(line):
            return line.strip()
    candidates = [line.split(" - ", 1)[0] for line in lines[:4] if " - " in line]
    candidates += [line for line in lines if fold(line).startswith(("moi quy doc gia", "follow"))]
    for candidate in candidates:
        name = _outlet_in(candidate)
        if name and len(candidate) <= 60:
            return candidate.strip() if is_signature(candidate) else name
    return ""


def _is_headline(line: str, has_more: bool) -> bool:
    words = line.split()
    return has_more and len(line) <= 200 and len(words) <= 30 and not line.rstrip().endswith(".")


def _is_dateline(line: str) -> bool:
    """'Thứ Hai, 15/08/2022, 11:59': a line that is a date and little else."""
    rest = line
    for _d, a, b in sorted(find_dates(line), key=lambda item: -item[1]):
        rest = rest[:a] + rest[b:]
    rest = re.sub(r"\d{1,2}:\d{2}|\bthu \w+\b|\bchu nhat\b|\bgmt[+\-]?\d*", "", fold(rest))
    return rest != fold(line) and len(re.sub(r"[\W\d_]", "", rest)) <= 3


def derive_title(text: str, limit: int = 90) -> str:
    first = split_sentences(text)[0] if text.strip() else ""
    if len(first) <= limit:
        return first.rstrip(".")
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"


def _coerce_date(value: Any) -> PartialDate:
    if hasattr(value, "year") and hasattr(value, "month"):
        return PartialDate(value.year, value.month, getattr(value, "day", None))
    parsed = first_date(str(value))
    if parsed is None:
        raise IngestError(
            f"front matter date {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    return parsed


# --- articles ----------------------------------------------------------------------


def normalize_whitespace(text: str) -> str:
    """Unify line endings and invisible spaces (no-break, zero-width) that pages leave behind."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return text.replace("\xa0", " ").replace("\u200b", "").replace("\u202f", " ")


def parse_article(text: str, source_file: str, sidecar: dict[str, Any] | None = None) -> Article:
    """Clean text and extract metadata from one decoded file; a sidecar's keys win."""
    meta, body_text = split_front_matter(normalize_whitespace(text))
    meta.update(sidecar or {})
    raw_lines = [line.strip() for line in body_text.split("\n") if line.strip()]
    if not raw_lines:
        raise IngestError("no text")
    lines, removed = clean_lines(raw_lines)
    outlet = str(meta.get("outlet") or find_outlet(raw_lines))
    lines = [line for line in lines if not is_signature(line)]
    if not lines:
        raise IngestError("no article text after removing page boilerplate")

    first = _MD_HEADING.sub("", strip_date_prefix(lines[0]))
    header = raw_lines[:3]
    title_source: Any = "headline"
    if meta.get("title"):
        title, title_source = str(meta["title"]), "front-matter"
        body = lines
    elif _is_headline(first, len(lines) > 1):
        title, body = first, lines[1:]
    else:
        title, body, title_source = "", lines, "derived"
    body = [_MD_HEADING.sub("", line) for line in body if not _is_dateline(line)]
    body_text = "\n\n".join(body)
    if sum(ch.isalpha() for ch in body_text) < 20:
        raise IngestError("no article text after removing page boilerplate")
    if not title:
        title = derive_title(body_text)

    if meta.get("date"):
        date, date_source = _coerce_date(meta["date"]), "front-matter"
    else:
        date, date_source = publication_date(header, body_text)
    language = str(meta.get("language") or detect_article_language(f"{title}\n{body_text}"))
    article = Article(
        doc_id=source_file,
        source_file=source_file,
        title=title,
        text=body_text,
        language=language,
        date=date,
        date_source=date_source,  # type: ignore[arg-type]
        outlet=outlet,
        title_source=title_source,
        removed_lines=removed,
    )
    article.content_hash = content_hash(article)
    return article


def content_hash(article: Article) -> str:
    """Hash of everything that ends up in the index, so a metadata edit is a change."""
    parts = [article.title, article.text, article.language, article.date.iso(), article.outlet]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def iter_article_files(folder: Path) -> Iterable[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(SIDECAR_SUFFIXES)
    )


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata an admin put next to an article: ``name.txt.meta.yaml`` (or .yml / .json)."""
    side = sidecar_path(path)
    if side is None:
        return {}
    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8"))  # JSON is YAML too
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"sidecar {side.name} is not valid YAML/JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise IngestError(f"sidecar {side.name} must be a mapping of key: value")
    return {str(k).lower(): v for k, v in data.items()}


def sidecar_path(path: Path) -> Path | None:
    for suffix in SIDECAR_SUFFIXES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            return side
    return None


def file_hash(path: Path, data: bytes | None = None) -> str:
    """Hash of the file's bytes and its sidecar's: unchanged hash, unchanged article."""
    digest = hashlib.sha256(path.read_bytes() if data is None else data)
    side = sidecar_path(path)
    if side is not None:
        digest.update(b"\x00sidecar\x00" + side.read_bytes())
    return digest.hexdigest()[:32]


def load_file(path: Path, folder: Path, max_bytes: int) -> Article:
    relative = path.relative_to(folder).as_posix()
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(f"unsupported file type {path.suffix or '(none)'!r}; use .txt or .md")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"file too large ({size:,} bytes > cap {max_bytes:,})")
    data = path.read_bytes()
    text, encoding = decode(data)
    if encoding not in ("utf-8", "utf-8-sig"):
        log.info("%s decoded as %s", relative, encoding)
    article = parse_article(text, relative, read_sidecar(path))
    article.file_hash = file_hash(path, data)
    article.body_key = hashlib.sha256(fold(article.text).encode()).hexdigest()[:32]
    return article


def ingest_files(
    paths: Iterable[Path], folder: Path, max_bytes: int, known: dict[str, str] | None = None
) -> IngestResult:
    """Parse ``paths``; ``known`` maps body keys of articles already kept to their doc ids."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = dict(known or {})
    for path in paths:
        relative = path.relative_to(folder).as_posix()
        try:
            article = load_file(path, folder, max_bytes)
        except (IngestError, OSError) as exc:
            skipped.append(Skipped(relative, str(exc)))
            continue
        if article.body_key in seen:
            skipped.append(Skipped(relative, f"duplicate of {seen[article.body_key]}"))
            continue
        seen[article.body_key] = relative
        articles.append(article)
    return IngestResult(articles, skipped)


def ingest_folder(folder: Path, max_bytes: int = 2_000_000) -> IngestResult:
    """Every file under ``folder``: articles (duplicates dropped) plus skipped with reasons."""
    if not folder.is_dir():
        raise ConfigError(f"articles folder {folder} does not exist (set ACCORD_SEEDS_DIR)")
    return ingest_files(iter_article_files(folder), folder, max_bytes)
