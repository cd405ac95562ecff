"""Access requests from the chat: a refused stranger taps "request access", every admin gets
the request with approve/deny buttons, and an approval is stored (bot/store.py) and takes
effect at once. The environment's allow-lists stay the bootstrap: this only adds users."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.access import AccessPolicy
from bot.buttons import DecideAccess, decision_keyboard, pressed
from bot.language import user_language
from bot.store import BotStore
from rag.lang.messages import t as text

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


class Admission:
    def __init__(self, policy: AccessPolicy, store: BotStore) -> None:
        self.policy = policy
        self.store = store
        self.requested: set[int] = set()  # one request per stranger per run: no admin spam

    async def request(self, update: Update, context: Context) -> None:
        """A stranger's "request access" press (the gate lets this one press through)."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        language = user_language(update)
        await query.answer(text("access_requested", language))
        if user.id in self.requested or self.policy.can_ask(user.id, None):
            return
        self.requested.add(user.id)
        name = user.full_name + (f" (@{user.username})" if user.username else "")
        log.info("user %s asked for access", user.id)
        for admin in sorted(self.policy.admins):
            try:
                await context.bot.send_message(
                    admin,
                    text("access_request", None, name=name, user_id=user.id),
                    reply_markup=decision_keyboard(user.id, None),
                )
            except TelegramError as exc:  # an admin who never started the bot
                log.warning("could not tell admin %s of a request: %s", admin, exc)

    async def decide(self, update: Update, context: Context) -> None:
        """An admin's approve/deny (the gate lets only admins' presses through)."""
        query, admin = update.callback_query, update.effective_user
        if query is None or admin is None:
            return
        press = pressed(context, DecideAccess)
        language = user_language(update)
        if press.approve:
            await asyncio.to_thread(self.store.approve, press.user_id, admin.id)
            self.policy.approved.add(press.user_id)
            log.info("admin %s approved user %s", admin.id, press.user_id)
            outcome = text("access_approved_admin", language, user_id=press.user_id)
            try:
                await context.bot.send_message(press.user_id, text("access_granted", None))
            except TelegramError as exc:
                log.warning("could not tell user %s they were approved: %s", press.user_id, exc)
        else:
            log.info("admin %s denied user %s", admin.id, press.user_id)
            outcome = text("access_denied_admin", language, user_id=press.user_id)
        self.requested.discard(press.user_id)
        await query.answer(outcome)
        if isinstance(query.message, Message):
            await query.message.edit_text(f"{query.message.text}\n\n{outcome}")
