"""A local fake of the Telegram Bot API that the real python-telegram-bot talks to.

It queues incoming updates, holds getUpdates up to one second (PTB spins otherwise),
records every call with its form-encoded (or multipart: documents the bot sends)
parameters, refuses HTML it cannot parse as Telegram does (tests/support/telegram_html.py),
and can be told to fail a method (flood control, 5xx) a number of times.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from collections import defaultdict, deque
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.support.http import loopback_server, send_json
from tests.support.telegram_html import html_errors

PHOTO = {"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}
BOT_USER = {"id": 999000, "is_bot": True, "first_name": "Accord", "username": "accord_bot"}
SENDS = ("sendMessage", "editMessageText", "sendDocument")  # calls answered with a Message


class FakeTelegram:
    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.confirmed = 0  # the highest getUpdates offset seen
        self.files: dict[str, bytes] = {}  # documents users sent, by file path
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failures: dict[str, deque[tuple[int, dict[str, Any]]]] = defaultdict(deque)
        self.lock = threading.Condition()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as Telegram's servers do: a new connection per call would make the
            # fake, not the bot, what a throughput measurement shows.
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                if "/file/bot" in self.path:  # a download of a document sent to the bot
                    data = fake.files.get(self.path.split("/", 3)[-1])
                    self.send_response(200 if data is not None else 404)
                    self.send_header("content-length", str(len(data or b"")))
                    self.end_headers()
                    self.wfile.write(data or b"")
                    return
                method = self.path.rsplit("/", 1)[-1]
                params = fake._params(self)
                status, body = fake._handle(method, params)
                raw = json.dumps(body).encode()
                send_json(self, status, raw, None)

            do_GET = do_POST

        self.server, self.thread = loopback_server(Handler)

    # --- server side -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def _params(self, handler: BaseHTTPRequestHandler) -> dict[str, Any]:
        length = int(handler.headers.get("content-length", 0))
        data = handler.rfile.read(length) if length else b""
        kind = handler.headers.get("content-type", "")
        if kind.startswith("multipart/"):
            form = BytesParser(policy=HTTP).parsebytes(
                f"content-type: {kind}\r\n\r\n".encode() + data
            )
            params: dict[str, Any] = {}
            for part in form.iter_parts():
                name = part.get_param("name", header="content-disposition")
                body = part.get_payload(decode=True)
                if part.get_filename():  # a file the bot sends: its name and bytes
                    params[f"{name}_name"] = part.get_filename()
                    params[str(name)] = body
                else:
                    params[str(name)] = body.decode() if isinstance(body, bytes) else body
            return params
        raw = data.decode()
        if "json" in kind:
            return dict(json.loads(raw or "{}"))
        return {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}

    def _handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        record = {**params, "_received": time.monotonic()}
        if method in SENDS:
            record["_message_id"] = next(self._message_ids)  # what the result names
        if params.get("parse_mode") == "HTML":
            record["_rejected"] = html_errors(str(params.get("text") or params.get("caption")))
        with self.lock:
            if method != "getUpdates":
                self.calls.append((method, record))
                self.lock.notify_all()
            if record.get("_rejected"):
                why = f"Bad Request: can't parse entities: {record['_rejected'][0]}"
                return 400, {"ok": False, "error_code": 400, "description": why}
            if self.failures[method]:
                status, body = self.failures[method].popleft()
                return status, body
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._updates(params)}
        if method == "getFile":
            file_id = str(params.get("file_id"))
            path = f"documents/{file_id}"
            size = len(self.files.get(path, b""))
            result = {"file_id": file_id, "file_unique_id": file_id, "file_size": size,
                      "file_path": path}  # fmt: skip
            return 200, {"ok": True, "result": result}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method in SENDS:
            chat_id = int(params.get("chat_id", 0))
            result = {
                "message_id": record["_message_id"],
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
            return 200, {"ok": True, "result": result}
        return 200, {"ok": True, "result": True}

    def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        with self.lock:
            # As Telegram does: an offset confirms every earlier update, for good, so a
            # restarted bot is not handed them again.
            self.confirmed = max(self.confirmed, int(params.get("offset") or 0))
            while True:
                pending = [u for u in self.updates if u["update_id"] >= self.confirmed]
                if pending or time.monotonic() >= deadline:
                    return pending
                self.lock.wait(max(0.0, deadline - time.monotonic()))

    # --- test side ---------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def push(self, update: dict[str, Any]) -> int:
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, **update})
            self.lock.notify_all()
        return update_id

    def message(
        self,
        text: str,
        user_id: int = 1,
        chat_id: int | None = None,
        chat_type: str = "private",
        language: str = "en",
        entities: list[dict[str, Any]] | None = None,
        reply_to_bot: bool = False,
        edited: bool = False,
        reply_to: int | None = None,
        caption: bool = False,
    ) -> int:
        """A text message; ``caption``: a photo with ``text`` as its caption; ``reply_to``:
        a reply to the bot's message of that id."""
        chat = chat_id if chat_id is not None else user_id
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {
                "id": chat,
                "type": chat_type,
                **({"title": "Staff"} if chat_type != "private" else {}),
            },
            "from": {
                "id": user_id,
                "is_bot": False,
                "first_name": f"U{user_id}",
                "language_code": language,
            },
            **({"caption": text, "photo": [PHOTO]} if caption else {"text": text}),
        }
        if text.startswith("/") and entities is None:
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if entities:
            message["caption_entities" if caption else "entities"] = entities
        if reply_to_bot or reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to or 1,
                "date": int(time.time()),
                "chat": message["chat"],
                "from": BOT_USER,
                "text": "earlier answer",
            }
        return self.push({"edited_message" if edited else "message": message})

    def document(self, name: str, data: bytes, user_id: int = 1, size: int | None = None) -> int:
        """A file sent to the bot; ``size`` overrides the size Telegram announces."""
        file_id = f"f{len(self.files)}"
        self.files[f"documents/{file_id}"] = data
        return self.push(
            {
                "message": {
                    "message_id": next(self._message_ids),
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private"},
                    "from": {"id": user_id, "is_bot": False, "first_name": "U", "language_code": "en"},
                    "document": {"file_id": file_id, "file_unique_id": file_id, "file_name": name,
                                 "file_size": len(data) if size is None else size},
                }
            }
        )  # fmt: skip

    @property
    def file_base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/file/bot"

    def sticker(self, user_id: int = 1) -> int:
        return self.push(
            {
                "message": {
                    "message_id": next(self._message_ids),
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private"},
                    "from": {"id": user_id, "is_bot": False, "first_name": "U"},
                    "sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                                "is_animated": False, "is_video": False},
                }
            }
        )  # fmt: skip

    def press(self, data: str, user_id: int = 1, chat_id: int | None = None) -> int:
        chat = chat_id if chat_id is not None else user_id
        return self.push(
            {
                "callback_query": {
                    "id": f"cq{time.monotonic_ns()}",
                    "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}", "language_code": "en"},
                    "chat_instance": "ci",
                    "data": data,
                    "message": {"message_id": 5, "date": int(time.time()), "chat": {"id": chat, "type": "private"},
                                "from": BOT_USER, "text": "answer"},
                }
            }
        )  # fmt: skip

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        for _ in range(times):
            self.failures[method].append((status, body))

    def wait_sent(self, chat_id: int, count: int, timeout_s: float = 30.0) -> dict[str, Any]:
        """Block (a thread, not an event loop) until ``chat_id`` has received ``count``
        messages; returns the last of them."""
        deadline = time.monotonic() + timeout_s
        with self.lock:
            while True:
                found = [
                    p for m, p in self.calls
                    if m == "sendMessage" and int(p.get("chat_id", 0)) == chat_id
                    and not p.get("_rejected")
                ]  # fmt: skip
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{chat_id} got {len(found)} of {count} messages")
                self.lock.wait(left)

    def sent(self, chat_id: int | None = None, method: str = "sendMessage") -> list[dict[str, Any]]:
        """The calls of ``method`` (to ``chat_id``) that Telegram accepted."""
        return [p for p in self.tried(chat_id, method) if not p.get("_rejected")]

    def tried(
        self, chat_id: int | None = None, method: str = "sendMessage"
    ) -> list[dict[str, Any]]:
        """Every call of ``method`` (to ``chat_id``), those refused (``_rejected``) too."""
        with self.lock:
            return [
                p
                for m, p in self.calls
                if m == method and (chat_id is None or int(p.get("chat_id", 0)) == chat_id)
            ]
