"""Who may ask, and who may administer. One object so no handler can forget a check."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AccessPolicy:
    allowed_users: frozenset[int] = field(default_factory=frozenset)
    allowed_chats: frozenset[int] = field(default_factory=frozenset)
    admins: frozenset[int] = field(default_factory=frozenset)
    allow_everyone: bool = False
    # Users an admin approved from the chat (kept in the bot's store); the environment's
    # lists stay the bootstrap. Mutable so an approval takes effect at once.
    approved: set[int] = field(default_factory=set)

    def can_ask(self, user_id: int | None, chat_id: int | None) -> bool:
        if user_id is None:
            return False
        if self.allow_everyone or user_id in self.admins or user_id in self.allowed_users:
            return True
        if user_id in self.approved:
            return True
        return chat_id is not None and chat_id in self.allowed_chats

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    @property
    def closed(self) -> bool:
        """Nobody but admins can ask: worth a warning at start-up."""
        return not (self.allow_everyone or self.allowed_users or self.allowed_chats)
