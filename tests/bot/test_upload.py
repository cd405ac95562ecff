"""Admins add articles from the chat: a document or a URL is checked, saved under a safe
name, indexed and reported; strangers to the admin list and bad files change nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from bot.upload import safe_name
from rag.service import RagService
from rag.settings import Settings
from tests.support.bot import ADMIN, STAFF, bot_settings, replies, serving, settled
from tests.support.config import SEEDS
from tests.support.fake_telegram import FakeTelegram
from tests.support.http import loopback_server

ARTICLE = b"""Vietnam and Laos agree on joint river patrols

Vietnam and Laos signed an agreement on joint river patrols against human trafficking in Vientiane.
The agreement on river patrols was signed by the two border guard commanders, Colonel Bounmy and Colonel Hoang.
"""
PAGE = b"<html><head><title>Patrols</title></head><body><p>" + ARTICLE + b"</p></body></html>"


@pytest.fixture
def settings(tmp_path: Path, fake: FakeTelegram) -> Settings:
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(seed, folder / seed.name)
    return bot_settings(tmp_path, fake, seeds_dir=folder, max_file_bytes=20_000)


@pytest.fixture
def own_service(settings: Settings) -> RagService:
    service = RagService.from_settings(settings)
    service.refresh()
    return service


@pytest.fixture
def web() -> Iterator[str]:
    class Page(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = ARTICLE if self.path.endswith(".txt") else b"x" * 50_000
            self.send_response(200)
            self.send_header("content-type", "text/plain; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server, thread = loopback_server(Page)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_safe_names() -> None:
    assert safe_name("../../etc/Hồ sơ: Lào (2025).TXT", ".txt") == "ho-so-lao-2025.txt"
    assert safe_name(".bashrc", ".md") == "bashrc.md" and safe_name("???", ".txt") == "article.txt"


async def test_an_admin_uploads_a_document_and_asks_about_it_at_once(
    own_service: RagService, settings: Settings, fake: FakeTelegram
) -> None:
    async with serving(settings, own_service):
        fake.document("../Lào river patrols.txt", ARTICLE, user_id=ADMIN)
        sent = await replies(fake, ADMIN, 3)
        assert "lao-river-patrols.txt" in sent[0]["text"] and "added 1" in sent[2]["text"]
        fake.message("Who signed the agreement on joint river patrols?", user_id=ADMIN)
        answer = (await replies(fake, ADMIN, 4))[-1]["text"]
    assert "[1] Vietnam and Laos agree on joint river patrols" in answer  # the new article
    assert (settings.seeds_dir / "lao-river-patrols.txt").read_bytes() == ARTICLE


async def test_bad_uploads_are_refused_with_the_reason_and_change_nothing(
    own_service: RagService, settings: Settings, fake: FakeTelegram, web: str
) -> None:
    before = sorted(p.name for p in settings.seeds_dir.iterdir())
    async with serving(settings, own_service):
        fake.document("notes.xlsx", b"PK\x03\x04", user_id=ADMIN)
        fake.document("big.txt", b"x", user_id=ADMIN, size=10_000_000)
        fake.document("empty.txt", b"   \n", user_id=ADMIN)
        fake.message(f"{web}/huge.bin", user_id=ADMIN)
        fake.document("patrols.txt", ARTICLE, user_id=STAFF)  # not an admin
        sent = [m["text"] for m in await replies(fake, ADMIN, 4)]
        await settled(fake)

    def said(*words: str) -> bool:
        return any(all(word in message for word in words) for message in sent)

    assert said("notes.xlsx", "not supported", ".txt")
    assert said("big.txt", "10000000 bytes, over the limit")
    assert said("cannot add empty.txt", "Nothing was changed")
    assert said("huge.txt", "over the limit")  # from the size the server announced
    assert "only administrators" in fake.sent(STAFF)[0]["text"]
    assert sorted(p.name for p in settings.seeds_dir.iterdir()) == before


async def test_an_admin_adds_an_article_by_url(
    own_service: RagService, settings: Settings, fake: FakeTelegram, web: str
) -> None:
    async with serving(settings, own_service):
        fake.message(f"{web}/news/river-patrols.txt", user_id=ADMIN)
        sent = await replies(fake, ADMIN, 3)
    assert "river-patrols.txt" in sent[0]["text"] and "added 1" in sent[2]["text"]
