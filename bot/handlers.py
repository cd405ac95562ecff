"""Thin async handlers: check access, hand the question to the service off the event loop, reply."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.ext import ContextTypes

from bot.access import AccessPolicy
from bot.formatting import Block, answer_blocks, sources_blocks, split_message
from bot.ratelimit import RateLimiter
from bot.store import BotStore
from rag.answer.conversation import Conversation
from rag.index.store import IndexProblem, IndexUnavailable
from rag.lang.messages import t as text
from rag.models import Answer
from rag.service import AccordService, QuestionError

log = logging.getLogger(__name__)
KEPT_ANSWERS = 20
TYPING_AFTER_S = 0.3
Context = ContextTypes.DEFAULT_TYPE


def user_language(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code.split("-")[0] if user and user.language_code else None


class BotHandlers:
    def __init__(
        self,
        service: AccordService,
        policy: AccessPolicy,
        limiter: RateLimiter,
        store: BotStore,
        max_jobs: int = 4,
        history_turns: int = 3,
    ) -> None:
        self.service = service
        self.policy = policy
        self.limiter = limiter
        self.store = store
        self.jobs = asyncio.Semaphore(max_jobs)
        self.history_turns = history_turns

    # --- checks -------------------------------------------------------------------

    async def _allowed(self, update: Update, admin: bool = False) -> bool:
        user = update.effective_user
        chat = update.effective_chat
        user_id, chat_id = (user.id if user else None), (chat.id if chat else None)
        ok = self.policy.is_admin(user_id) if admin else self.policy.can_ask(user_id, chat_id)
        if not ok:
            log.warning(
                "refused %s from user %s in chat %s",
                "admin command" if admin else "question",
                user_id,
                chat_id,
            )
            if update.effective_message:
                key = (
                    "admin_only"
                    if admin and self.policy.can_ask(user_id, chat_id)
                    else "not_allowed"
                )
                await update.effective_message.reply_text(text(key, user_language(update)))
        return ok

    # --- commands -----------------------------------------------------------------

    async def help(self, update: Update, context: Context) -> None:
        if not update.effective_message or not await self._allowed(update):
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
        question = " ".join(context.args or [])
        await self._answer(update, context, question)

    async def text_message(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not message.text:
            return
        chat = update.effective_chat
        if chat and chat.type != ChatType.PRIVATE and not self._addressed(message, context):
            return
        question = (
            message.text.replace(f"@{context.bot.username}", " ")
            if context.bot.username
            else message.text
        )
        await self._answer(update, context, question)

    @staticmethod
    def _addressed(message: Message, context: Context) -> bool:
        """In a group: a mention of the bot, or a reply to one of its messages."""
        reply = message.reply_to_message
        if reply and reply.from_user and reply.from_user.id == context.bot.id:
            return True
        username = (context.bot.username or "").lower()
        mentions = message.parse_entities(["mention"]).values()
        return bool(username) and any(m.lower() == f"@{username}" for m in mentions)

    async def unsupported(self, update: Update, context: Context) -> None:
        if update.effective_message and await self._allowed(update):
            await update.effective_message.reply_text(text("text_only", user_language(update)))

    async def sources(self, update: Update, context: Context) -> None:
        if not update.effective_message or not await self._allowed(update):
            return
        answers = _answers(context)
        if not answers:
            await update.effective_message.reply_text(text("no_sources", user_language(update)))
            return
        _qid, answer = next(reversed(answers.values()))
        await self._send_sources(update.effective_message, answer)

    async def reindex(self, update: Update, context: Context) -> None:
        if not update.effective_message or not await self._allowed(update, admin=True):
            return
        await update.effective_message.reply_text(text("reindex_started", user_language(update)))
        report = await asyncio.to_thread(self.service.refresh)
        for chunk in split_message([Block(report.summary())]):
            await update.effective_message.reply_text(chunk, parse_mode=ParseMode.HTML)

    async def stats(self, update: Update, context: Context) -> None:
        if not update.effective_message or not await self._allowed(update, admin=True):
            return
        info = await asyncio.to_thread(self.service.corpus)
        s = self.store.stats()
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
        if message is None or user is None or not await self._allowed(update):
            return
        if not self.limiter.allow(user.id):
            seconds = self.limiter.retry_in(user.id)
            await message.reply_text(text("rate_limited", user_language(update), seconds=seconds))
            return
        conversation = _conversation(context, self.history_turns)
        try:
            async with self.jobs:
                job = asyncio.ensure_future(
                    asyncio.to_thread(
                        self.service.ask, question, conversation, None, user_language(update)
                    )
                )
                # "typing…" only when the answer takes a moment: every Bot API call counts
                # against Telegram's flood limits (about 30 requests/s per bot).
                done, _pending = await asyncio.wait({job}, timeout=TYPING_AFTER_S)
                if not done:
                    await message.reply_chat_action(ChatAction.TYPING)
                answer = await job
        except QuestionError as exc:
            await message.reply_text(str(exc))
            return
        except (IndexUnavailable, IndexProblem) as exc:
            log.error("index problem while answering: %s", exc)
            await message.reply_text(text("unavailable", user_language(update)))
            return
        qid = self.store.record_question(message.chat_id, user.id, answer)
        _remember(context, qid, answer)
        parts = split_message(answer_blocks(answer))
        for i, part in enumerate(parts):
            markup = _buttons(qid, answer) if i == len(parts) - 1 else None
            await message.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=markup)

    async def _send_sources(self, message: Message, answer: Answer) -> None:
        for part in split_message(sources_blocks(answer)):
            await message.reply_text(part, parse_mode=ParseMode.HTML)

    async def callback(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None or not await self._allowed(update):
            if query:
                await query.answer()
            return
        kind, _, rest = (query.data or "").partition(":")
        vote, _, qid_text = rest.rpartition(":")
        found = _answers(context).get(qid_text)
        if found is None:
            await query.answer(text("expired", user_language(update)))
            return
        qid, answer = found
        if kind == "src" and query.message is not None and isinstance(query.message, Message):
            await query.answer()
            await self._send_sources(query.message, answer)
        elif kind == "fb" and vote in ("+1", "-1") and update.effective_user:
            self.store.record_feedback(qid, update.effective_user.id, int(vote), answer)
            await query.answer(text("thanks", user_language(update)))
        else:
            await query.answer()

    async def error(self, update: object, context: Context) -> None:
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message:
            try:
                await update.effective_message.reply_text(text("error", user_language(update)))
            except Exception:  # the error may be that Telegram is unreachable
                log.warning("could not tell the user about the error")


# --- per-chat state --------------------------------------------------------------------


def _conversation(context: Context, turns: int) -> Conversation:
    data: dict[str, Any] = context.chat_data if context.chat_data is not None else {}
    return data.setdefault("conversation", Conversation(max_turns=turns))


def _answers(context: Context) -> OrderedDict[str, tuple[int, Answer]]:
    data: dict[str, Any] = context.chat_data if context.chat_data is not None else {}
    return data.setdefault("answers", OrderedDict())


def _remember(context: Context, qid: int, answer: Answer) -> None:
    answers = _answers(context)
    answers[str(qid)] = (qid, answer)
    while len(answers) > KEPT_ANSWERS:
        answers.popitem(last=False)


def _buttons(qid: int, answer: Answer) -> InlineKeyboardMarkup | None:
    if answer.abstained and not answer.related:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text("sources_button", answer.language), callback_data=f"src:{qid}"
                ),
                InlineKeyboardButton("👍", callback_data=f"fb:+1:{qid}"),
                InlineKeyboardButton("👎", callback_data=f"fb:-1:{qid}"),
            ]
        ]
    )
