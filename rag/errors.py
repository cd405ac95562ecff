"""One error hierarchy. Every error a person may see is an ``AccordError``.

Each front end (the CLI's ``main``, the bot's error handler, the eval's entry point)
catches ``AccordError`` in one place and shows ``user_message(language)``; anything else
is a bug and is logged with its traceback. The English text given when raising is what
admins and logs see; a ``key`` names a message of the language packs, so staff see it in
their own language.
"""

from __future__ import annotations

from typing import ClassVar


class AccordError(Exception):
    """Base: a message for users, optionally a language-pack key with its values."""

    key: ClassVar[str | None] = None

    def __init__(self, message: str, *, key: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.message = message
        self.message_key = key or type(self).key
        self.values = values

    def user_message(self, language: str | None = None) -> str:
        """The text to show a user: the pack's message when there is one, else the message."""
        if self.message_key is None:
            return self.message
        from rag.lang.messages import t  # the packs load lazily; errors must import cheaply

        return t(self.message_key, language, **self.values)


class ConfigError(AccordError):
    """A setting, data file or prompt file is missing or malformed; the message names it."""


class GlossaryError(ConfigError):
    """The glossary file is malformed; the message names the entry to fix."""


class PromptError(ConfigError):
    """A prompt file is missing or does not declare the variables it uses."""


class QuestionError(AccordError):
    """The question cannot be asked as given; the message is in the asker's language."""


class FilterError(QuestionError):
    """A --lang, --from or --to filter that is not valid or can match nothing; says which."""


class UnsupportedLanguage(QuestionError):
    """The question is in a language without a pack; the message, in every pack's
    language, names the languages that are spoken."""


class IngestError(AccordError):
    """A file that cannot become an article; the message (the reason) is shown to admins."""


class IndexProblem(AccordError):
    """The index is missing, unreachable or built differently; the message says what to run.

    A fault that stops a refresh is told differently to whoever ran the refresh (what
    survived, what to run next) than to someone asking a question: ``refresh_key``.
    """

    refresh_key: ClassVar[str | None] = None

    def during_refresh(self) -> IndexProblem:
        """The same fault, worded for the admin whose refresh it stopped."""
        if self.refresh_key is None:
            return self
        told = type(self)(self.message, key=self.refresh_key, **self.values)
        told.__cause__ = self.__cause__
        return told


class IndexUnavailable(IndexProblem):
    """The Chroma server cannot be reached right now."""

    key = "index_unavailable"
    refresh_key = "refresh_index_unavailable"


class StorageFull(IndexProblem):
    """The disk holding the index has no room left. Nothing is lost: a refresh that hits it
    keeps the previous index servable and is completed by the next run."""

    key = "storage_full"
    refresh_key = "refresh_storage_full"


class StorageReadOnly(IndexProblem):
    """The index's folder cannot be written (read-only mount, permissions): refreshes only."""

    key = "storage_read_only"
    refresh_key = "refresh_read_only"


class EmbedderUnavailable(IndexProblem):
    """The embedding endpoint failed after the retry policy's attempts; nothing was changed."""

    key = "embedder_unavailable"
    refresh_key = "refresh_embedder_unavailable"


class RefreshRefused(AccordError):
    """The refresh would do something destructive or conflicting; the message says why."""


class BotApiUnreachable(AccordError):
    """The Telegram Bot API could not be reached at start, after every retry; the message
    says where and what to check."""


class LLMUnavailable(AccordError):
    """The model endpoint failed after all retries, or answered something unusable."""


class GoldError(AccordError):
    """The gold set is malformed or does not match the articles."""
