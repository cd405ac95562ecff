"""What the bot remembers of a chat between updates: the conversation, for follow-up
questions, and the last answers, for their Sources and 👍/👎 buttons and /sources."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import CallbackContext

from rag.answer.conversation import Conversation
from rag.models import Answer

KEPT_ANSWERS = 20  # older buttons answer "too old; ask again"


@dataclass
class ChatMemory:
    conversation: Conversation
    answers: OrderedDict[int, Answer] = field(default_factory=OrderedDict)

    def remember(self, question_id: int, answer: Answer) -> None:
        self.answers[question_id] = answer
        while len(self.answers) > KEPT_ANSWERS:
            self.answers.popitem(last=False)

    def latest(self) -> Answer | None:
        return next(reversed(self.answers.values()), None)


def chat_memory(context: CallbackContext[Any, Any, Any, Any], turns: int) -> ChatMemory:
    """This chat's memory, created on its first update (PTB keeps ``chat_data`` per chat)."""
    data: dict[str, Any] = context.chat_data if context.chat_data is not None else {}
    memory = data.get("memory")
    if not isinstance(memory, ChatMemory):
        memory = data["memory"] = ChatMemory(Conversation(max_turns=turns))
    return memory
