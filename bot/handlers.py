"""Thin async handlers: hand the question to the service off the event loop, reply.

Access is checked before any of these run (bot/gate.py), and errors are answered in one
place (bot/errors.py), so a handler only does its own job.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.buttons import ShowSources, Vote, answer_keyboard, pressed
from bot.chat_memory import chat_memory
from bot.formatting import Block, answer_blocks, sources_blocks, split_message
from bot.language import user_language
from bot.ratelimit import RateLimiter
from bot.store import BotStore
from rag.answer.presenter import present
from rag.lang.messages import t as text
from rag.models import Answer
from rag.service import AccordService

log = logging.getLogger(__name__)
TYPING_AFTER_S = 0.3
Context = ContextTypes.DEFAULT_TYPE


class BotHandlers:
    def __init__(
        self,
        service: AccordService,
        limiter: RateLimiter,
        store: BotStore,
        max_jobs: int = 4,
        history_turns: int = 3,
    ) -> None:
        self.service = service
        self.limiter = limiter
        self.store = store
        self.jobs = asyncio.Semaphore(max_jobs)
        self.history_turns = history_turns

    # --- commands -----------------------------------------------------------------

    async def help(self, update: Update, context: Context) -> None:
        if not update.effective_message:
            return
        info = await asyncio.to_thread(self.service.corpus)
        languages = ", ".join(f"{lang}: {n}" for lang, n in sorted(info.languages.items()))
        dates = f"{info.date_min} – {info.date_max}" if info.date_min else "?"
        message = text(
            "help",
            user_language(update),
            documents=info.documents,
            languages=languages,
            date_range=dates,
        )
        await update.effective_message.reply_text(message, parse_mode=ParseMode.HTML)

    async def ask_command(self, update: Update, context: Context) -> None:
        await self._answer(update, context, " ".join(context.args or []))

    async def text_message(self, update: Update, context: Context) -> None:
        """A message meant for the bot (bot/addressing.py), without the bot's @name."""
        message = update.effective_message
        if message is None or not message.text:
            return
        name = context.bot.username
        question = message.text.replace(f"@{name}", " ") if name else message.text
        await self._answer(update, context, question)

    async def unsupported(self, update: Update, context: Context) -> None:
        if update.effective_message:
            await update.effective_message.reply_text(text("text_only", user_language(update)))

    async def sources(self, update: Update, context: Context) -> None:
        if not update.effective_message:
            return
        answer = chat_memory(context, self.history_turns).latest()
        if answer is None:
            await update.effective_message.reply_text(text("no_sources", user_language(update)))
            return
        await self._send_sources(update.effective_message, answer)

    async def reindex(self, update: Update, context: Context) -> None:
        """Admins only (the gate). A refused refresh raises, and the error handler says why."""
        if not update.effective_message:
            return
        await update.effective_message.reply_text(text("reindex_started", user_language(update)))
        report = await asyncio.to_thread(self.service.refresh)
        for chunk in split_message([Block(report.summary())]):
            await update.effective_message.reply_text(chunk, parse_mode=ParseMode.HTML)

    async def stats(self, update: Update, context: Context) -> None:
        if not update.effective_message:
            return
        info = await asyncio.to_thread(self.service.corpus)
        s = await asyncio.to_thread(self.store.stats)
        lines = [
            f"documents: {info.documents}, chunks: {info.chunks}",
            f"questions served: {s.questions}, abstention rate: {s.abstention_rate:.0%}",
            f"latency p50: {s.p50_ms:.0f} ms, p95: {s.p95_ms:.0f} ms",
            f"feedback: 👍 {s.thumbs_up} / 👎 {s.thumbs_down}",
        ]
        await update.effective_message.reply_text("\n".join(lines))

    # --- answering ------------------------------------------------------------------

    async def _answer(self, update: Update, context: Context, question: str) -> None:
        message = update.effective_message
        user = update.effective_user
        if message is None or user is None:
            return
        language = user_language(update)
        if not self.limiter.allow(user.id):
            seconds = self.limiter.retry_in(user.id)
            await message.reply_text(text("rate_limited", language, seconds=seconds))
            return
        memory = chat_memory(context, self.history_turns)
        async with self.jobs:
            job = asyncio.ensure_future(
                asyncio.to_thread(self.service.ask, question, memory.conversation, None, language)
            )
            # "typing…" only when the answer takes a moment: every Bot API call counts
            # against Telegram's flood limits (about 30 requests/s per bot).
            done, _pending = await asyncio.wait({job}, timeout=TYPING_AFTER_S)
            if not done:
                await message.reply_chat_action(ChatAction.TYPING)
            answer = await job
        qid = await asyncio.to_thread(self.store.record_question, message.chat_id, user.id, answer)
        memory.remember(qid, answer)
        view = present(answer)
        parts = split_message(answer_blocks(view))
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            markup = answer_keyboard(qid, answer.language) if last and view.sources else None
            await message.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=markup)

    @staticmethod
    async def _send_sources(message: Message, answer: Answer) -> None:
        for part in split_message(sources_blocks(present(answer))):
            await message.reply_text(part, parse_mode=ParseMode.HTML)

    # --- buttons --------------------------------------------------------------------

    async def show_sources(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        press = pressed(context, ShowSources)
        answer = chat_memory(context, self.history_turns).answers.get(press.question_id)
        if answer is None or not isinstance(query.message, Message):
            await query.answer(text("expired", user_language(update)))
            return
        await query.answer()
        await self._send_sources(query.message, answer)

    async def vote(self, update: Update, context: Context) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        press = pressed(context, Vote)
        answer = chat_memory(context, self.history_turns).answers.get(press.question_id)
        if answer is None:
            await query.answer(text("expired", user_language(update)))
            return
        await asyncio.to_thread(
            self.store.record_feedback, press.question_id, user.id, press.vote, answer
        )
        await query.answer(text("thanks", user_language(update)))

    async def unknown_button(self, update: Update, context: Context) -> None:
        """A button of an older version of the bot: stop the client's spinner, nothing more."""
        if update.callback_query:
            await update.callback_query.answer()
