"""The language a user reads: their Telegram client's, which the bot's own texts follow."""

from __future__ import annotations

from telegram import Update


def user_language(update: object) -> str | None:
    """ "pt-br" -> "pt"; None when the update carries no user or the client sends no language."""
    user = update.effective_user if isinstance(update, Update) else None
    return user.language_code.split("-")[0] if user and user.language_code else None
