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
from bot.buttons import RequestAccess, request_keyboard
from bot.language import user_language
from rag.lang.messages import t as text

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

    def _refusal(self, update: Update) -> str | None:
        """None when the update may pass, else the key of the message that says why not."""
        user, chat = update.effective_user, update.effective_chat
        user_id, chat_id = (user.id if user else None), (chat.id if chat else None)
        if self.policy.is_admin(user_id):
            return None
        query = update.callback_query
        if user_id is not None and query and RequestAccess.PATTERN.match(query.data or ""):
            return None  # a stranger asking for access: that press is what strangers may do
        admin_only = self._admin_only(update)
        may_ask = self.policy.can_ask(user_id, chat_id)
        if may_ask and not admin_only:
            return None
        if user_id is not None or chat_id is not None:
            log.warning(
                "refused %s from user %s in chat %s",
                "admin command" if admin_only else "update",
                user_id,
                chat_id,
            )
        return "admin_only" if may_ask else "not_allowed"

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            refusal = self._refusal(update)
        except Exception:  # fail closed: an error here would let PTB run the guarded handlers
            log.exception("access check failed; refusing the update")
            refusal = "not_allowed"
        if refusal is None:
            return
        await self._tell(update, refusal)
        raise ApplicationHandlerStop

    @staticmethod
    async def _tell(update: Update, key: str) -> None:
        """Say no, if the user was talking to the bot. Never raises: an exception here would
        reach the error handler, and PTB would then go on to the handlers the gate guards."""
        try:
            language, user = user_language(update), update.effective_user
            refusal = text(key, language)
            if update.callback_query:
                await update.callback_query.answer(refusal)
            elif update.effective_message and EXPECTS_REPLY.check_update(update):
                if key == "not_allowed" and user is not None:
                    # Their id, which an admin needs, and a way to ask for access.
                    await update.effective_message.reply_text(
                        text("not_allowed_id", language, user_id=user.id),
                        reply_markup=request_keyboard(language),
                    )
                else:
                    await update.effective_message.reply_text(refusal)
        except Exception as exc:
            log.warning("could not send a refusal: %s", type(exc).__name__)
