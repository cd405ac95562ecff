"""What a reader is shown of an ``Answer``, decided once for every front end.

The CLI and the bot differ only in markup (plain text, Telegram HTML); which passages
are listed, under which label, how an undated source reads and how many of the closest
passages follow an abstention are decided here, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rag.lang.datefmt import format_partial
from rag.lang.messages import t
from rag.models import Answer, Citation, PartialDate
from rag.oneline import one_line, visible

CLOSEST = 3  # passages shown under an abstention: enough to read on, few enough to scan


@dataclass(frozen=True)
class SourceLine:
    """One listed passage, as plain text; front ends add markup and escaping."""

    n: int
    title: str
    date: str  # the article's date, or the reader's word for "undated"
    outlet: str
    source_file: str
    language: str
    quote: str  # the sentences the answer quotes, else the whole passage; on one line
    passage: str
    numbers: tuple[int, ...] = ()  # in ``AnswerView.articles``: every passage of this article

    def label(self, *details: str) -> str:
        """ "[n] Title (date, outlet)", with ``details`` after a semicolon inside the brackets;
        "[1, 3] ..." for an article line that backs several passages."""
        about = self.date + (f", {self.outlet}" if self.outlet else "")
        if details:
            about += "; " + ", ".join(details)
        numbers = ", ".join(str(n) for n in self.numbers or (self.n,))
        return f"[{numbers}] {self.title} ({about})"


@dataclass(frozen=True)
class AnswerView:
    """An answer as a reader sees it, free of markup."""

    text: str
    note: str
    heading: str  # "Sources:" or "Closest passages:" in the answer's language; "" when none
    sources: tuple[SourceLine, ...]
    closest: bool  # the sources are the closest passages of an abstention, not citations

    @property
    def articles(self) -> tuple[SourceLine, ...]:
        """The sources with each article listed once, with the passage numbers it backs: a
        compact list under an answer, where two passages of one article would otherwise
        read as the same line twice."""
        merged: dict[str, SourceLine] = {}
        for source in self.sources:
            seen = merged.get(source.source_file)
            numbers = (*seen.numbers, source.n) if seen else (source.n,)
            merged[source.source_file] = replace(seen or source, numbers=numbers)
        return tuple(merged.values())


def _line(c: Citation, language: str) -> SourceLine:
    """Every field shown inside a line is made one line here, once for every front end: a
    title, outlet or file name indexed with a line break (or a bidi override) must not add
    a source line of its own ("[2] Reuters: ..."). The passage keeps its paragraphs; it is
    shown apart, as a quote."""
    return SourceLine(
        n=c.n,
        title=one_line(c.title),
        date=one_line(human_date(c.date, language) or t("undated", language)),
        outlet=one_line(c.outlet),
        source_file=visible(c.source_file),
        language=one_line(c.language),
        quote=one_line(c.quote or c.passage),
        passage=c.passage,
    )


def human_date(iso: str, language: str) -> str:
    """An ISO date of reduced precision ("2024-10", "--11-21") in the reader's language, the
    unknown parts left out ("Oct 2024", "Nov 21"); "" for no date, ``iso`` itself if odd."""
    if not iso:
        return ""
    try:
        if iso.startswith("--"):
            month, *day = (int(p) for p in iso[2:].split("-"))
            date = PartialDate(None, month, day[0] if day else None)
        else:
            year, *rest = (int(p) for p in iso.split("-"))
            date = PartialDate(year, rest[0] if rest else None, rest[1] if len(rest) > 1 else None)
        return format_partial(date, language, "short") or iso
    except ValueError:  # also Babel's, for a month 13
        return iso


def present(answer: Answer, closest: int = CLOSEST) -> AnswerView:
    """The citations of an answer; for an abstention, up to ``closest`` nearest passages."""
    shown = answer.citations or answer.related[:closest]
    is_closest = not answer.citations and bool(shown)
    heading = f"{t('closest' if is_closest else 'sources', answer.language)}:" if shown else ""
    return AnswerView(
        text=answer.answer,
        note=answer.note,
        heading=heading,
        sources=tuple(_line(c, answer.language) for c in shown),
        closest=is_closest,
    )
