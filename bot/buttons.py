"""The inline buttons under an answer: what each carries as callback data, written and read
here only. Each kind has a pattern its ``CallbackQueryHandler`` is registered with, and the
handler gets the press back as a typed value instead of splitting strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import CallbackContext

from rag.lang.messages import t as text


@dataclass(frozen=True)
class ShowSources:
    """ "Sources": the quoted passages of one answer."""

    question_id: int
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^src:(?P<question_id>\d+)$")

    @property
    def data(self) -> str:
        return f"src:{self.question_id}"


@dataclass(frozen=True)
class Vote:
    """👍 (+1) or 👎 (-1) on one answer."""

    question_id: int
    vote: int
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^fb:(?P<vote>[+-]1):(?P<question_id>\d+)$")

    @property
    def data(self) -> str:
        return f"fb:{self.vote:+d}:{self.question_id}"


@dataclass(frozen=True)
class RequestAccess:
    """A refused stranger asks the admins for access."""

    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^acc:req$")

    @property
    def data(self) -> str:
        return "acc:req"


@dataclass(frozen=True)
class DecideAccess:
    """An admin's answer to an access request: approve (1) or deny (0) ``user_id``."""

    user_id: int
    approve: int
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^acc:(?P<approve>[01]):(?P<user_id>\d+)$")

    @property
    def data(self) -> str:
        return f"acc:{self.approve}:{self.user_id}"


Button = TypeVar("Button", ShowSources, Vote, DecideAccess)


def read(kind: type[Button], match: re.Match[str]) -> Button:
    """The button whose ``PATTERN`` gave ``match``: each named group is an integer field."""
    return kind(**{name: int(value) for name, value in match.groupdict().items()})


def pressed(context: CallbackContext[Any, Any, Any, Any], kind: type[Button]) -> Button:
    """The press a handler registered with ``kind.PATTERN`` received, already matched by PTB."""
    if not context.matches:
        raise ValueError(f"the handler for {kind.__name__} was registered without its pattern")
    return read(kind, context.matches[0])


def _count(label: str, votes: int) -> str:
    return f"{label} {votes}" if votes else label


def answer_keyboard(
    question_id: int, language: str, up: int = 0, down: int = 0
) -> InlineKeyboardMarkup:
    """Sources, 👍 and 👎; after a vote each thumb shows how many people chose it, so the
    voter sees their current vote (the last press wins)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text("sources_button", language), callback_data=ShowSources(question_id).data
                ),
                InlineKeyboardButton(_count("👍", up), callback_data=Vote(question_id, +1).data),
                InlineKeyboardButton(_count("👎", down), callback_data=Vote(question_id, -1).data),
            ]
        ]
    )


def request_keyboard(language: str | None) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(
        text("request_access_button", language), callback_data=RequestAccess().data
    )
    return InlineKeyboardMarkup([[button]])


def decision_keyboard(user_id: int, language: str | None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text("approve_button", language), callback_data=DecideAccess(user_id, 1).data
                ),
                InlineKeyboardButton(
                    text("deny_button", language), callback_data=DecideAccess(user_id, 0).data
                ),
            ]
        ]
    )
