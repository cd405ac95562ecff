"""Articles added from the chat: an admin sends a document (or a URL, fetched with a size and
a time limit); it is checked with the same reader and parser the index uses, saved into the
articles folder under a safe name, and indexed, and the admin gets the refresh report.

A file that cannot become an article is refused with the reason before anything is written;
one the refresh then skips is removed again, so the folder only ever gains readable
articles. Which suffixes are accepted is the readers' list (rag.ingest.readers), not ours.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.handlers import BotHandlers
from rag.errors import IngestError
from rag.ingest.readers import SUPPORTED_SUFFIXES
from rag.ingest.walk import read_article
from rag.lang.messages import t as text

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
URL = re.compile(r"^\s*(https?://\S+)\s*$")
CONTENT_TYPES = {"text/html": ".html", "text/plain": ".txt", "text/markdown": ".md",
                 "application/pdf": ".pdf"}  # fmt: skip


def safe_name(name: str, suffix: str) -> str:
    """ASCII letters, digits and dashes, at most 80 of them: no path, no hidden file, no
    surprise for a shell or another operating system."""
    ascii_stem = unicodedata.normalize("NFKD", Path(name).stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:80]
    return f"{stem or 'article'}{suffix}"


class Refused(Exception):
    """An upload that cannot be added; ``reply`` says why, in the admin's language."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


class ArticleUploads:
    def __init__(
        self, handlers: BotHandlers, folder: Path, max_bytes: int, fetch_timeout_s: float = 15.0
    ) -> None:
        self.handlers = handlers
        self.folder = folder
        self.max_bytes = max_bytes
        self.fetch_timeout_s = fetch_timeout_s

    async def document(self, update: Update, context: Context) -> None:
        """Admins only (the gate): a document sent to the bot."""
        message = update.effective_message
        if message is None or message.document is None:
            return
        language = await self.handlers.language_of(update)
        name = message.document.file_name or "article.txt"
        try:
            self._check(name, message.document.file_size or 0, language)
            file = await message.document.get_file()
            data = bytes(await file.download_as_bytearray())
            await self._add(message, language, name, data)
        except Refused as refused:
            await message.reply_text(refused.reply)

    async def url(self, update: Update, context: Context) -> None:
        """Admins only (the gate): a message that is nothing but a URL."""
        message = update.effective_message
        match = URL.match(message.text or "") if message else None
        if message is None or match is None:
            return
        language = await self.handlers.language_of(update)
        try:
            name, data = await self._fetch(match.group(1), language)
            await self._add(message, language, name, data)
        except Refused as refused:
            await message.reply_text(refused.reply)

    # --- steps -------------------------------------------------------------------------

    def _check(self, name: str, size: int, language: str | None) -> str:
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
            raise Refused(text("upload_unsupported", language, name=name,
                               suffix=suffix or "?", supported=supported))  # fmt: skip
        if size > self.max_bytes:
            raise Refused(
                text("upload_too_large", language, name=name, size=size, limit=self.max_bytes)
            )
        return suffix

    async def _fetch(self, url: str, language: str | None) -> tuple[str, bytes]:
        """GET with a time limit, reading at most ``max_bytes`` (the body is streamed, so a
        huge page is cut off rather than downloaded)."""
        path = urlsplit(url).path
        name = Path(path).name or urlsplit(url).hostname or "article"
        try:
            async with httpx.AsyncClient(
                timeout=self.fetch_timeout_s, follow_redirects=True, max_redirects=3
            ) as client, client.stream("GET", url) as response:  # fmt: skip
                response.raise_for_status()
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                suffix = CONTENT_TYPES.get(kind) or Path(name).suffix.lower()
                name = safe_name(name, suffix)
                self._check(name, int(response.headers.get("content-length") or 0), language)
                data = bytearray()
                async for piece in response.aiter_bytes():
                    data.extend(piece)
                    if len(data) > self.max_bytes:
                        raise Refused(text("upload_too_large", language, name=name,
                                           size=f">{self.max_bytes}", limit=self.max_bytes))  # fmt: skip
        except httpx.HTTPError as exc:
            log.warning("could not fetch an article URL: %s", type(exc).__name__)
            reason = str(exc) or type(exc).__name__
            raise Refused(text("upload_fetch_failed", language, url=url, reason=reason)) from exc
        return name, bytes(data)

    def _validate(self, name: str, data: bytes, language: str | None) -> None:
        """The checks the index would make, before anything is written."""
        try:
            read_article(data, name)
        except IngestError as exc:
            raise Refused(text("upload_bad", language, name=name, reason=exc.message)) from exc

    def _save(self, name: str, data: bytes) -> Path:
        """Into the articles folder under a fresh safe name; written under a hidden temporary
        name first (walks skip hidden files), then renamed, so a refresh never reads half."""
        suffix = Path(name).suffix.lower()
        base = Path(safe_name(name, suffix)).stem
        target, n = self.folder / f"{base}{suffix}", 1
        while target.exists():
            n += 1
            target = self.folder / f"{base}-{n}{suffix}"
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{target.name}.upload"
        temporary.write_bytes(data)
        os.replace(temporary, target)
        return target

    async def _add(self, message: Message, language: str | None, name: str, data: bytes) -> None:
        self._check(name, len(data), language)
        # Parsing (a PDF, a Word file) and writing are long work: off the event loop.
        await asyncio.to_thread(self._validate, name, data, language)
        if self.handlers.reindexing.locked():
            raise Refused(text("reindex_running", language))
        target = await asyncio.to_thread(self._save, name, data)
        log.info("admin added article %s (%d bytes)", target.name, len(data))
        await message.reply_text(text("upload_saved", language, name=target.name))
        report = await self.handlers.refresh(message, language)
        skipped = dict((Path(f).name, why) for f, why in report.skipped) if report else {}
        if report is None or target.name in skipped:
            target.unlink(missing_ok=True)
            reason = skipped.get(target.name, "the refresh did not run")
            await message.reply_text(
                text("upload_not_indexed", language, name=target.name, reason=reason)
            )
