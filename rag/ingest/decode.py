"""Bytes -> text: which encoding a file uses, and whether it is text at all.

Articles arrive as UTF-8, UTF-8 with a BOM, UTF-16 (with or without a BOM, from
Windows tools) or cp1252; anything else that decodes to mostly control characters
is a binary file and is skipped with that reason.
"""

from __future__ import annotations

import codecs

from rag.errors import IngestError


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


def normalize_whitespace(text: str) -> str:
    """Unify line endings and invisible spaces (no-break, zero-width) that pages leave behind."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return text.replace("\xa0", " ").replace("\u200b", "").replace("\u202f", " ")
