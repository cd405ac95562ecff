"""Citation markers: build numbered citations, parse [n] in answers, drop invented ones."""

from __future__ import annotations

import re

from rag.models import Citation, RetrievedChunk

_MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")


def cited_numbers(text: str) -> list[int]:
    """Numbers cited in ``text`` in order of first appearance ("[1, 2]" and "[1][2]" alike)."""
    seen: dict[int, None] = {}
    for match in _MARKER.finditer(text):
        for part in match.group(1).split(","):
            seen.setdefault(int(part), None)
    return list(seen)


def has_markers(text: str) -> bool:
    return bool(_MARKER.search(text))


def neutralize_markers(text: str) -> str:
    """ "[9]" -> "(9)": article text must not carry what looks like one of our citations."""
    return _MARKER.sub(lambda m: f"({m.group(1)})", text)


def clean_citations(text: str, valid: set[int]) -> str:
    """Remove markers (or numbers inside them) that point at no given passage."""

    def keep(match: re.Match[str]) -> str:
        numbers = [int(p) for p in match.group(1).split(",") if int(p) in valid]
        return "[" + ", ".join(str(n) for n in numbers) + "]" if numbers else ""

    cleaned = _MARKER.sub(keep, text)
    return re.sub(r"[ \t]{2,}", " ", cleaned).replace(" .", ".").strip()


def renumber(text: str, mapping: dict[int, int]) -> str:
    def swap(match: re.Match[str]) -> str:
        numbers = [mapping[int(p)] for p in match.group(1).split(",") if int(p) in mapping]
        return "[" + ", ".join(str(n) for n in numbers) + "]" if numbers else ""

    return _MARKER.sub(swap, text)


def make_citation(n: int, item: RetrievedChunk, quote: str = "") -> Citation:
    meta = item.chunk.meta
    return Citation(
        n=n,
        doc_id=item.chunk.doc_id,
        chunk_id=item.chunk.chunk_id,
        source_file=meta.source_file,
        title=meta.title,
        date=meta.date,
        language=meta.language,
        outlet=meta.outlet,
        passage=item.chunk.text,
        quote=quote,
        score=round(item.score, 6),
    )


def split_cited(
    items: list[RetrievedChunk], cited: list[int], quotes: dict[int, str] | None = None
) -> tuple[list[Citation], list[Citation], dict[int, int]]:
    """Cited passages numbered 1..m in citation order, the rest after; plus old->new numbers."""
    quotes = quotes or {}
    mapping = {old: new for new, old in enumerate(cited, start=1)}
    citations = [make_citation(mapping[o], items[o - 1], quotes.get(o, "")) for o in cited]
    rest = [i for i in range(1, len(items) + 1) if i not in mapping]
    related = [make_citation(len(cited) + j, items[i - 1]) for j, i in enumerate(rest, start=1)]
    return citations, related, mapping
