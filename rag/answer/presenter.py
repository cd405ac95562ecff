"""What a reader is shown of an ``Answer``, decided once for every front end.

The CLI and the bot differ only in markup (plain text, Telegram HTML); which passages
are listed, under which label, how an undated source reads and how many of the closest
passages follow an abstention are decided here, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.lang.messages import t
from rag.models import Answer, Citation

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
    quote: str  # the sentences the answer quotes, else the whole passage
    passage: str

    def label(self, *details: str) -> str:
        """ "[n] Title (date, outlet)", with ``details`` after a semicolon inside the brackets."""
        about = self.date + (f", {self.outlet}" if self.outlet else "")
        if details:
            about += "; " + ", ".join(details)
        return f"[{self.n}] {self.title} ({about})"


@dataclass(frozen=True)
class AnswerView:
    """An answer as a reader sees it, free of markup."""

    text: str
    note: str
    heading: str  # "Sources:" or "Closest passages:" in the answer's language; "" when none
    sources: tuple[SourceLine, ...]
    closest: bool  # the sources are the closest passages of an abstention, not citations


def _line(c: Citation, language: str) -> SourceLine:
    return SourceLine(
        n=c.n,
        title=c.title,
        date=c.date or t("undated", language),
        outlet=c.outlet,
        source_file=c.source_file,
        language=c.language,
        quote=c.quote or c.passage,
        passage=c.passage,
    )


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
