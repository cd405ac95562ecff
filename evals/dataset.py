"""The gold set: questions with their supporting articles, passages and key facts.

Loading validates every entry against the schema and against the articles
themselves (a supporting passage must occur verbatim), so a malformed or stale
entry fails loudly instead of silently scoring zero.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from rag.errors import GoldError
from rag.lang.text import fold
from rag.models import Article

QuestionType = Literal[
    # what is asked for
    "who", "when", "where", "how_many", "which_document", "what_agreed", "why_how",
    "factual", "date", "list", "latest_first",
    # how it is asked
    "followup", "no_diacritics",
    # must be refused
    "unanswerable", "adversarial",
]  # fmt: skip


class GoldItem(BaseModel):
    model_config = {"extra": "forbid"}

    id: str = Field(pattern=r"^[a-z0-9]{2,}(?:-[a-z]{2})?-\d{2,}$")
    language: Literal["en", "fr", "vi"]
    type: QuestionType
    question: str = Field(min_length=3)
    history: list[str] = Field(default_factory=list)
    answerable: bool = True
    supporting_docs: list[str] = Field(default_factory=list)
    supporting_passages: list[str] = Field(default_factory=list)
    key_facts: list[str] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list)
    part: str = ""  # set by the loader from the part's file, never written in it

    @model_validator(mode="after")
    def _consistent(self) -> GoldItem:
        if self.answerable and not (self.supporting_docs and self.key_facts):
            raise ValueError("an answerable question needs supporting_docs and key_facts")
        if not self.answerable and (self.supporting_docs or self.key_facts):
            raise ValueError("an unanswerable question has no supporting_docs or key_facts")
        if self.type in ("unanswerable", "adversarial") and self.answerable:
            raise ValueError(f"type {self.type} must set answerable: false")
        if self.type == "followup" and not self.history:
            raise ValueError("a followup question needs the previous question(s) in history")
        return self

    def fact_alternatives(self) -> list[list[str]]:
        return [[alt.strip() for alt in fact.split("|") if alt.strip()] for fact in self.key_facts]


def load_gold(
    path: Path, articles: dict[str, Article] | None = None, part: str = ""
) -> list[GoldItem]:
    """Parse and validate; with ``articles``, also check docs exist and passages are verbatim."""
    items: list[GoldItem] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = GoldItem.model_validate({**json.loads(line), "part": part})
        except (json.JSONDecodeError, ValidationError) as exc:
            raise GoldError(f"{path}:{number}: {exc}") from exc
        if item.id in seen:
            raise GoldError(f"{path}:{number}: duplicate id {item.id}")
        seen.add(item.id)
        if articles is not None:
            _check_against(item, articles, f"{path}:{number}")
        items.append(item)
    if not items:
        raise GoldError(f"{path}: no questions")
    return items


def _check_against(item: GoldItem, articles: dict[str, Article], where: str) -> None:
    for doc in item.supporting_docs:
        if doc not in articles:
            raise GoldError(f"{where}: {item.id}: unknown supporting doc {doc!r}")
    texts = [fold(articles[d].text) for d in item.supporting_docs]
    for passage in item.supporting_passages:
        if not any(fold(passage) in text for text in texts):
            raise GoldError(f"{where}: {item.id}: passage not found verbatim: {passage[:60]!r}")
