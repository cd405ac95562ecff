"""Wiring only: settings -> service, policy, store, handlers -> a python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from typing import Any

from telegram import Update
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.access import AccessPolicy
from bot.handlers import BotHandlers
from bot.ratelimit import RateLimiter
from bot.store import BotStore
from bot.updates import TolerantUpdatesRequest
from rag.service import AccordService, RagService
from rag.settings import Settings

log = logging.getLogger(__name__)


class RetryingRateLimiter(AIORateLimiter):
    """Flood control (RetryAfter) is handled by AIORateLimiter; connection errors are retried here.

    Timeouts are not retried: the request may have arrived, and a retry would send the
    reply twice.
    """

    def __init__(self, network_retries: int = 3, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries

    async def process_request(
        self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any, rate_limit_args: Any
    ) -> Any:
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                if attempt == self.network_retries:
                    raise
                log.warning("Telegram %s failed (%s); retrying", endpoint, type(exc).__name__)
                await asyncio.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")


def make_policy(settings: Settings) -> AccessPolicy:
    return AccessPolicy(
        allowed_users=frozenset(settings.allowed_users),
        allowed_chats=frozenset(settings.allowed_chats),
        admins=frozenset(settings.admin_users),
        allow_everyone=settings.allow_everyone,
    )


def build_application(settings: Settings, service: AccordService) -> Application:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .rate_limiter(RetryingRateLimiter(max_retries=3))
        .concurrent_updates(True)
        .get_updates_request(TolerantUpdatesRequest())
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    app = builder.build()
    handlers = BotHandlers(
        service,
        make_policy(settings),
        RateLimiter(settings.rate_limit_per_minute),
        BotStore(settings.state_dir / "bot.sqlite3"),
        max_jobs=settings.max_concurrent_jobs,
        history_turns=settings.history_turns,
    )
    new_messages = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler(["start", "help"], handlers.help))
    app.add_handler(CommandHandler("ask", handlers.ask_command))
    app.add_handler(CommandHandler("sources", handlers.sources))
    app.add_handler(CommandHandler("reindex", handlers.reindex))
    app.add_handler(CommandHandler("stats", handlers.stats))
    app.add_handler(CallbackQueryHandler(handlers.callback))
    app.add_handler(
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, handlers.text_message)
    )
    app.add_handler(
        MessageHandler(
            new_messages
            & filters.ChatType.PRIVATE
            & ~filters.TEXT
            & ~filters.COMMAND
            & ~filters.StatusUpdate.ALL,
            handlers.unsupported,
        )
    )
    app.add_error_handler(handlers.error)
    return app


def run_bot(settings: Settings) -> int:
    if settings.telegram_bot_token is None:
        print(
            "error: TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather, then\n"
            "  export TELEGRAM_BOT_TOKEN=123456:ABC...  ACCORD_ALLOWED_USERS=<your user id>\n"
            "and run `accord bot` again (see README, 'Telegram bot').",
            file=sys.stderr,
        )
        return 2
    policy = make_policy(settings)
    if policy.closed:
        log.warning(
            "no users are allowed yet: set ACCORD_ALLOWED_USERS / ACCORD_ALLOWED_CHATS or ACCORD_ALLOW_EVERYONE=true"
        )
    service = RagService.from_settings(settings)
    info = service.corpus()  # load models and the index once, before the first message
    log.info("serving %d articles (%d chunks)", info.documents, info.chunks)
    app = build_application(settings, service)
    if settings.webhook_url:
        path = secrets.token_urlsafe(16)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=path,
            webhook_url=f"{settings.webhook_url.rstrip('/')}/{path}",
            secret_token=secrets.token_urlsafe(24),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
