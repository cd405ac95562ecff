"""Secrets never reach a log line, whoever writes it.

Our own code never logs a secret, but the libraries do at DEBUG: python-telegram-bot logs
the Bot API URL, which carries the bot token ("Set Bot API URL: .../bot123:ABC"), and the
openai client logs every request URL, which carries a key given in the userinfo of
``OPENAI_BASE_URL`` ("http://user:key@host/v1"). Filtering each library's logger would miss
the next library or the next message, so the redaction is in the formatter of the one
logging setup of every front end: whatever is written, message, arguments and traceback
alike, passes through it once. The configured secrets are replaced wherever they occur, and
the shapes secrets take (a Bot API path, a URL's userinfo, a bearer token, an ``sk-`` key)
are replaced even when they are not the configured ones.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from rag.settings import Settings

MASK = "***"
_SHAPES = (
    # A Bot API URL: /bot<id>:<token>/method, /file/bot<id>:<token>/path
    (re.compile(r"(/bot)\d+:[A-Za-z0-9_-]+"), rf"\1{MASK}"),
    # A URL's userinfo: scheme://user:password@host
    (re.compile(r"([a-z][a-z0-9+.-]*://)[^/\s@]+@", re.I), rf"\1{MASK}@"),
    (re.compile(r"(Bearer\s+)\S+", re.I), rf"\1{MASK}"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{6,}"), MASK),
)
_MIN_SECRET = 4  # shorter values ("a", "0") would blank out ordinary text


def secrets_of(settings: Settings) -> list[str]:
    """The configured secrets: the bot token, the API key, and the userinfo of the base
    URL (as written and percent-decoded, since a client may log either)."""
    found: list[str] = []
    for secret in (settings.telegram_bot_token, settings.openai_api_key):
        if secret is not None:
            found.append(secret.get_secret_value())
    if settings.openai_base_url:
        parts = urlsplit(settings.openai_base_url)
        for value in (parts.username, parts.password):
            if value:
                found += [value, unquote(value)]
    return found


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret that contains another is masked whole.
        self.secrets = sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        for pattern, replacement in _SHAPES:
            text = pattern.sub(replacement, text)
        return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output, traceback included, is redacted."""

    def __init__(self, fmt: str | None, redact: Redactor) -> None:
        super().__init__(fmt)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


def redacting_handler(settings: Settings, fmt: str) -> logging.Handler:
    """A stderr handler whose formatter masks the configured secrets and secret shapes."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(fmt, Redactor(secrets_of(settings))))
    return handler
