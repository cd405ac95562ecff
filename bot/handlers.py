"""Thin async handlers: hand the question to the service off the event loop, reply.

Access is checked before any of these run (bot/gate.py), and errors are answered in one
place (bot/errors.py), so a handler only does its own job.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import ForceReply, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.buttons import ShowSources, Vote, answer_keyboard, pressed
from bot.formatting import answer_blocks, html_message, sources_blocks, split_message
from bot.language import user_language
from bot.ratelimit import RateLimiter
from bot.report import FILE_NAME, report_messages
from bot.store import BotStore, StoredAnswer
from rag.answer.presenter import present
from rag.errors import RefreshRefused
from rag.lang.messages import t as text
from rag.lang.pack import packs
from rag.models import Answer, IndexReport
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
        self.reindexing = asyncio.Lock()  # one /reindex at a time; a second is told so

    # --- commands -----------------------------------------------------------------

    async def help(self, update: Update, context: Context) -> None:
        if not update.effective_message:
            return
        info = await asyncio.to_thread(self.service.corpus)
        languages = ", ".join(f"{lang}: {n}" for lang, n in sorted(info.languages.items()))
        dates = f"{info.date_min} – {info.date_max}" if info.date_min else "?"
        message = html_message(
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
        message, user = update.effective_message, update.effective_user
        body = message.text or message.caption if message else None  # a photo's caption too
        if message is None or user is None or not body:
            return
        reply = message.reply_to_message
        if reply is not None and await asyncio.to_thread(
            self.store.add_comment, message.chat_id, reply.message_id, user.id, body
        ):
            await message.reply_text(text("comment_thanks", await self.language_of(update)))
            return
        name = context.bot.username
        question = body.replace(f"@{name}", " ") if name else body
        await self._answer(update, context, question)

    async def unsupported(self, update: Update, context: Context) -> None:
        if update.effective_message:
            await update.effective_message.reply_text(text("text_only", user_language(update)))

    async def sources(self, update: Update, context: Context) -> None:
        """The sources of this person's last answer in this chat, which the store holds
        across restarts; a refusal without passages is said to have none."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        language = await self.language_of(update)
        stored = await asyncio.to_thread(self.store.latest, message.chat_id, user.id)
        if stored is None:
            await message.reply_text(text("no_sources", language))
        elif not present(stored.answer).sources:
            await message.reply_text(text("last_without_sources", language))
        else:
            await self._send_sources(message, stored.answer)

    async def reset(self, update: Update, context: Context) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        await asyncio.to_thread(self.store.forget, message.chat_id, user.id)
        await message.reply_text(text("reset_done", await self.language_of(update)))

    async def set_language(self, update: Update, context: Context) -> None:
        """/lang xx: the language of answers (and of the bot's words) in this chat."""
        message = update.effective_message
        if message is None:
            return
        choice = (context.args or [""])[0].lower()
        if choice not in packs().languages:
            await message.reply_text(text("lang_usage", await self.language_of(update)))
            return
        await asyncio.to_thread(self.store.set_language, message.chat_id, choice)
        await message.reply_text(text("lang_set", choice))

    async def unknown_command(self, update: Update, context: Context) -> None:
        if update.effective_message:
            language = await self.language_of(update)
            await update.effective_message.reply_text(text("unknown_command", language))

    async def reindex(self, update: Update, context: Context) -> None:
        """Admins only (the gate)."""
        if update.effective_message:
            await self.refresh(update.effective_message, await self.language_of(update))

    async def refresh(self, message: Message, language: str | None) -> IndexReport | None:
        """Refresh the index and send the report; one at a time, and every refusal (already
        running, would remove most of the corpus) said plainly. None when nothing ran."""
        if self.reindexing.locked():
            await message.reply_text(text("reindex_running", language))
            return None
        async with self.reindexing:
            await message.reply_text(text("reindex_started", language))
            try:
                report = await asyncio.to_thread(self.service.refresh)
            except RefreshRefused as exc:  # expected: one line, no traceback
                log.warning("refresh refused: %s", exc)
                await message.reply_text(text("reindex_refused", language, reason=exc.message))
                return None
        shown = await asyncio.to_thread(report_messages, report, language)
        for chunk in shown.messages:
            await message.reply_text(chunk, parse_mode=ParseMode.HTML)
        if shown.attachment is not None:
            await message.reply_document(shown.attachment, filename=FILE_NAME)
        return report

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

    async def language_of(self, update: Update) -> str | None:
        """The chat's /lang choice, else the user's client language."""
        chat = update.effective_chat
        chosen = await asyncio.to_thread(self.store.language, chat.id) if chat else None
        return chosen or user_language(update)

    async def _answer(self, update: Update, context: Context, question: str) -> None:
        message = update.effective_message
        user = update.effective_user
        if message is None or user is None:
            return
        language = await self.language_of(update)
        if not self.limiter.allow(user.id):
            seconds = self.limiter.retry_in(user.id)
            # A reply to the question it delays, so it cannot read as a notice about the
            # answers still being sent above it.
            await message.reply_text(
                text("rate_limited", language, seconds=seconds),
                reply_to_message_id=message.message_id,
            )
            return
        conversation = await asyncio.to_thread(
            self.store.conversation, message.chat_id, user.id, self.history_turns
        )
        async with self.jobs:
            job = asyncio.ensure_future(
                asyncio.to_thread(self.service.ask, question, conversation, None, language)
            )
            # "typing…" only when the answer takes a moment: every Bot API call counts
            # against Telegram's flood limits (about 30 requests/s per bot).
            done, _pending = await asyncio.wait({job}, timeout=TYPING_AFTER_S)
            if not done:
                await message.reply_chat_action(ChatAction.TYPING)
            answer = await job
        qid = await asyncio.to_thread(self.store.record_question, message.chat_id, user.id, answer)
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
        stored = await self._stored(update, press.question_id)
        if stored is None or not isinstance(query.message, Message):
            await query.answer(text("expired", await self.language_of(update)))
            return
        await query.answer()
        await self._send_sources(query.message, stored.answer)

    async def vote(self, update: Update, context: Context) -> None:
        """One vote per person per answer, the last press winning; the thumbs show the counts,
        and a 👎 asks (optionally) why, as a reply the next message can answer."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        press = pressed(context, Vote)
        language = await self.language_of(update)
        stored = await self._stored(update, press.question_id)
        if stored is None or not isinstance(query.message, Message):
            await query.answer(text("expired", language))
            return
        up, down = await asyncio.to_thread(self.store.vote, press.question_id, user.id, press.vote)
        await query.answer(text("thanks", language))
        keyboard = answer_keyboard(press.question_id, stored.answer.language, up, down)
        if query.message.reply_markup != keyboard:
            await query.message.edit_reply_markup(keyboard)
        if press.vote < 0:
            prompt = await query.message.reply_text(
                text("why_prompt", language),
                reply_markup=ForceReply(selective=True),
            )
            await asyncio.to_thread(
                self.store.ask_why, prompt.chat_id, prompt.message_id, press.question_id, user.id
            )

    async def _stored(self, update: Update, question_id: int) -> StoredAnswer | None:
        """The stored answer a button names, if it was given in the chat it is pressed in."""
        chat = update.effective_chat
        stored = await asyncio.to_thread(self.store.answer, question_id)
        if stored is None or chat is None or stored.chat_id != chat.id:
            return None
        return stored

    async def unknown_button(self, update: Update, context: Context) -> None:
        """A button of an older version of the bot: stop the client's spinner, nothing more."""
        if update.callback_query:
            await update.callback_query.answer()
