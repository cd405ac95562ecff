"""The one place the bot turns an exception into a reply: the application's error handler.

An ``AccordError`` (a bad question, an index outage, a refused /reindex) is expected: one
log line, and the user reads its message in their language. A Bot API outage is expected
too: one line. Anything else is a bug: its traceback is logged and the user gets a short
"something went wrong".
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import ContextTypes

from bot.language import user_language
from rag.errors import AccordError, QuestionError
from rag.lang.messages import t as text

log = logging.getLogger(__name__)


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    language = user_language(update)
    if isinstance(error, AccordError):
        level = logging.INFO if isinstance(error, QuestionError) else logging.WARNING
        log.log(level, "could not answer: %s: %s", type(error).__name__, error)
        reply = error.user_message(language)
    elif isinstance(error, NetworkError):
        log.warning("Telegram unreachable: %s: %s", type(error).__name__, error)
        reply = text("error", language)
    else:
        log.error("error while handling an update", exc_info=error)
        reply = text("error", language)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(reply)
        except Exception as exc:  # the error may be that Telegram is unreachable
            log.warning("could not tell the user about the error: %s", type(exc).__name__)


class OutagesInOneLine(logging.Filter):
    """python-telegram-bot logs every failed poll of an unreachable Bot API with a
    traceback, which an outage of a few minutes turns into pages of log. That is expected,
    not a bug: one warning line per failure, with the error, says all there is."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, NetworkError):
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_outages() -> None:
    """Install the filter on python-telegram-bot's polling loggers, once."""
    for name in ("telegram.ext.Updater", "telegram.ext"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, OutagesInOneLine) for f in logger.filters):
            logger.addFilter(OutagesInOneLine())
