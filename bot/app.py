"""Wiring only: settings -> service, gate, handlers, error handler -> a python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import logging
import secrets

from telegram import Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from threadpoolctl import threadpool_limits

from bot.access import AccessPolicy
from bot.addressing import ADDRESSED
from bot.admission import Admission
from bot.buttons import DecideAccess, RequestAccess, ShowSources, Vote
from bot.commands import publish_commands
from bot.errors import quiet_outages, report_error
from bot.gate import AccessGate
from bot.handlers import BotHandlers
from bot.ratelimit import RateLimiter
from bot.retry import RetryingRateLimiter, start_policy
from bot.store import BotStore
from bot.updates import TolerantUpdatesRequest
from bot.upload import URL, ArticleUploads
from rag.errors import BotApiUnreachable, ConfigError
from rag.service import AccordService, RagService
from rag.settings import Settings

log = logging.getLogger(__name__)


def make_policy(settings: Settings) -> AccessPolicy:
    return AccessPolicy(
        allowed_users=frozenset(settings.allowed_users),
        allowed_chats=frozenset(settings.allowed_chats),
        admins=frozenset(settings.admin_users),
        allow_everyone=settings.allow_everyone,
    )


def bot_token(settings: Settings) -> str:
    if settings.telegram_bot_token is None:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather, then\n"
            "  export TELEGRAM_BOT_TOKEN=123456:ABC...  ACCORD_ALLOWED_USERS=<your user id>\n"
            "and run `accord bot` again (see README, 'Telegram bot')."
        )
    return settings.telegram_bot_token.get_secret_value()


def build_application(settings: Settings, service: AccordService) -> Application:
    store = BotStore(settings.state_dir / "bot.sqlite3")
    policy = make_policy(settings)
    policy.approved.update(store.approved())
    builder = (
        ApplicationBuilder()
        .token(bot_token(settings))
        .rate_limiter(RetryingRateLimiter(max_retries=3))
        .concurrent_updates(True)
        .get_updates_request(TolerantUpdatesRequest())
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
        if settings.telegram_base_url.endswith("/bot"):  # a local Bot API server's layout
            builder = builder.base_file_url(settings.telegram_base_url[: -len("bot")] + "file/bot")
    builder = builder.post_init(lambda app: publish_commands(app.bot, settings.admin_users))
    app = builder.build()
    handlers = BotHandlers(
        service,
        RateLimiter(settings.rate_limit_per_minute),
        store,
        max_jobs=settings.max_concurrent_jobs,
        history_turns=settings.history_turns,
    )
    admission = Admission(policy, store)
    uploads = ArticleUploads(handlers, settings.seeds_dir, settings.max_file_bytes)
    admin = [
        CommandHandler("reindex", handlers.reindex),
        CommandHandler("stats", handlers.stats),
        CallbackQueryHandler(admission.decide, pattern=DecideAccess.PATTERN),
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.Document.ALL,
            uploads.document,
        ),
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.Regex(URL),
            uploads.url,
        ),
    ]
    app.add_handler(TypeHandler(Update, AccessGate(policy, admin)), group=-1)
    new_messages = filters.UpdateType.MESSAGE
    app.add_handlers(
        [
            CommandHandler(["start", "help"], handlers.help),
            CommandHandler("ask", handlers.ask_command),
            CommandHandler("sources", handlers.sources),
            CommandHandler("reset", handlers.reset),
            CommandHandler("lang", handlers.set_language),
            *admin,
            CallbackQueryHandler(handlers.show_sources, pattern=ShowSources.PATTERN),
            CallbackQueryHandler(handlers.vote, pattern=Vote.PATTERN),
            CallbackQueryHandler(admission.request, pattern=RequestAccess.PATTERN),
            CallbackQueryHandler(handlers.unknown_button),
            MessageHandler(
                new_messages & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND & ADDRESSED,
                handlers.text_message,
            ),
            MessageHandler(
                new_messages & filters.ChatType.PRIVATE & filters.COMMAND, handlers.unknown_command
            ),
            MessageHandler(
                new_messages
                & filters.ChatType.PRIVATE
                & ~filters.TEXT
                & ~filters.CAPTION
                & ~filters.COMMAND
                & ~filters.StatusUpdate.ALL,
                handlers.unsupported,
            ),
        ]
    )
    app.add_error_handler(report_error)
    quiet_outages()
    return app


def serve_many_small_questions() -> threadpool_limits:
    """One BLAS thread per call. The bot answers several questions at once, each a handful of
    small matrix products; OpenBLAS's own threads (one per core by default) then spin against
    the answering threads and each other, and on two cores that cut throughput threefold
    (bench/botload.py: 10 users 12.5 -> 51 messages/s). Bulk indexing keeps its threads: only
    the bot's process is limited."""
    return threadpool_limits(limits=1, user_api="blas")


async def connect(app: Application, settings: Settings) -> None:
    """The application's first Bot API call (``getMe``, in ``initialize``), retried by the
    start policy; what cannot be fixed by waiting is said in one message, not a traceback."""
    where = settings.telegram_base_url or "https://api.telegram.org"
    attempts = settings.telegram_start_attempts
    try:
        async for attempt in start_policy(attempts, settings.telegram_start_max_wait_s):
            with attempt:
                await app.initialize()
    except InvalidToken as exc:
        raise ConfigError(
            f"Telegram refused TELEGRAM_BOT_TOKEN ({exc}). Copy the token again from @BotFather "
            "(/mybots -> API Token) and run `accord bot` again."
        ) from None
    except NetworkError as exc:
        raise BotApiUnreachable(
            f"the Telegram Bot API at {where} could not be reached ({attempts} attempts; last: "
            f"{type(exc).__name__}: {exc}). Check this machine's network, proxy and firewall "
            "(and ACCORD_TELEGRAM_BASE_URL if set), then run `accord bot` again."
        ) from None


def start(app: Application, settings: Settings) -> None:
    """Connect on the loop that ``run_polling``/``run_webhook`` will use (they take the
    current one, and ``initialize`` then has nothing left to do)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(connect(app, settings))
    except BaseException:
        loop.close()
        raise


def run_bot(settings: Settings) -> int:
    bot_token(settings)  # before loading the index: a missing token is said at once
    serve_many_small_questions()
    policy = make_policy(settings)
    if policy.closed:
        log.warning(
            "no users are allowed yet: set ACCORD_ALLOWED_USERS / ACCORD_ALLOWED_CHATS or ACCORD_ALLOW_EVERYONE=true"
        )
    service = RagService.from_settings(settings)
    info = service.corpus()  # load models and the index once, before the first message
    log.info("serving %d articles (%d chunks)", info.documents, info.chunks)
    app = build_application(settings, service)
    start(app, settings)
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
