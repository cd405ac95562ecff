"""Telegram HTML for answers and sources, split under the 4096-character limit.

Everything that comes from an article is escaped. Messages are built from
blocks that each carry balanced markup, and long blocks are cut only at
sentence or word boundaries, never inside a citation "[n]" or an HTML entity.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from rag.answer.presenter import AnswerView

TELEGRAM_LIMIT = 4096
_CUT = re.compile(r"(?<=[.!?…\]])\s+(?!\[)")  # after a sentence end or a citation, not before one


@dataclass(frozen=True)
class Block:
    text: str  # plain text, escaped when rendered
    tag: str = ""  # "b", "i", "blockquote" or "" for none
    raw_prefix: str = ""  # trusted markup placed before the text (already escaped)

    def render(self, text: str | None = None) -> str:
        body = html.escape(self.text if text is None else text, quote=False)
        return (
            f"{self.raw_prefix}<{self.tag}>{body}</{self.tag}>"
            if self.tag
            else self.raw_prefix + body
        )


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def answer_blocks(view: AnswerView) -> list[Block]:
    """The answer, its note in italics, and the bold heading over a compact source list."""
    blocks = [Block(view.text)]
    if view.note:
        blocks.append(Block(view.note, "i"))
    if view.sources:
        blocks.append(Block(view.heading, "b"))
        blocks.extend(Block(source.label()) for source in view.articles)
    return blocks


def sources_blocks(view: AnswerView) -> list[Block]:
    """Each source's label and file in bold, then its whole passage as a quote."""
    blocks: list[Block] = []
    for source in view.sources:
        blocks.append(Block(f"{source.label()} — {source.source_file}", "b"))
        blocks.append(Block(source.passage, "blockquote"))
    return blocks


def _pieces(text: str, budget: int) -> list[str]:
    """Cut plain ``text`` so that each escaped piece fits ``budget``."""
    pieces: list[str] = []
    rest = text
    while len(escape(rest)) > budget:
        cut = _best_cut(rest, budget)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _fits(text: str, budget: int) -> bool:
    return len(escape(text)) <= budget


def _best_cut(text: str, budget: int) -> int:
    sentence_cuts = [m.start() for m in _CUT.finditer(text) if _fits(text[: m.start()], budget)]
    if sentence_cuts and sentence_cuts[-1] > 0:
        return sentence_cuts[-1]
    word_cuts = [
        m.start()
        for m in re.finditer(r"\s+", text)
        if _fits(text[: m.start()], budget) and not re.search(r"\[\d*$", text[: m.start()])
    ]
    if word_cuts and word_cuts[-1] > 0:
        return word_cuts[-1]
    cut = budget
    while cut > 1 and not _fits(text[:cut], budget):
        cut -= 1
    return max(cut, 1)


def split_message(blocks: list[Block], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack rendered blocks into messages of at most ``limit`` characters."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        overhead = len(block.render(""))
        for piece in _pieces(block.text, limit - overhead):
            rendered = block.render(piece)
            joined = f"{current}\n{rendered}" if current else rendered
            if len(joined) <= limit:
                current = joined
                continue
            if current:
                messages.append(current)
            current = rendered
    if current:
        messages.append(current)
    return messages
