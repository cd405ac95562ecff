"""The one access check, run before every handler (python-telegram-bot's "TypeHandler in
group -1" pattern): a refused update stops there, so no handler can forget the check.

Strangers get a polite refusal when they were talking to the bot (a command, a private
message, a mention, a button) and silence otherwise; every refusal is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, ContextTypes

from bot.access import AccessPolicy
from bot.addressing import EXPECTS_REPLY
from bot.language import user_language
from bot.messages import text

log = logging.getLogger(__name__)


class AccessGate:
    """Callback of a ``TypeHandler(Update, ...)`` registered in group -1."""

    def __init__(
        self, policy: AccessPolicy, admin_handlers: Sequence[BaseHandler[Any, Any, Any]]
    ) -> None:
        self.policy = policy
        self.admin_handlers = admin_handlers  # the updates they would take are admins' only

    def _admin_only(self, update: Update) -> bool:
        return any(handler.check_update(update) for handler in self.admin_handlers)

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user, chat = update.effective_user, update.effective_chat
        user_id, chat_id = (user.id if user else None), (chat.id if chat else None)
        if self.policy.is_admin(user_id):
            return
        admin_only = self._admin_only(update)
        may_ask = self.policy.can_ask(user_id, chat_id)
        if may_ask and not admin_only:
            return
        if user_id is not None or chat_id is not None:
            log.warning(
                "refused %s from user %s in chat %s",
                "admin command" if admin_only else "update",
                user_id,
                chat_id,
            )
        refusal = text("admin_only" if may_ask else "not_allowed", user_language(update))
        if update.callback_query:
            await update.callback_query.answer(refusal)
        elif update.effective_message and EXPECTS_REPLY.check_update(update):
            await update.effective_message.reply_text(refusal)
        raise ApplicationHandlerStop
