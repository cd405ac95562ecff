"""A local OpenAI-compatible HTTP server that the real ``openai`` client talks to.

Tests script its behaviour request by request (status, headers, body, delay,
dropped connection) and read back what it received.
"""

from __future__ import annotations

import json
import random
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.support.http import loopback_server, send_json


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict -> JSON; bytes -> raw
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


def chat_reply(content: str, finish_reason: str = "stop") -> Reply:
    """A chat completion; ``finish_reason="length"`` is a reply cut off at ``max_tokens``."""
    return Reply(
        body={
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "stub-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    )


class OpenAIStub:
    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.failure_rate = 0.0  # share of unscripted chat calls answered with a 500
        self._rng = random.Random(3)
        self.default_content = "The stub answer [1]."
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append(
                    {
                        "path": self.path,
                        "body": body,
                        "headers": dict(self.headers),
                        "time": time.monotonic(),
                    }
                )
                if stub.script:
                    reply = stub.script.popleft()
                elif stub.failure_rate and stub._rng.random() < stub.failure_rate:
                    reply = Reply(500, {"error": {"message": "random failure"}})
                else:
                    reply = stub._default(self.path, body)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.connection.close()
                    return
                if reply.body is None and self.path.endswith("/embeddings"):
                    reply = stub._default(self.path, body)
                raw = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                send_json(self, reply.status, raw, reply.headers)

        self.server, self.thread = loopback_server(Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def _default(self, path: str, body: dict[str, Any]) -> Reply:
        if path.endswith("/embeddings"):
            inputs = body.get("input") or []
            inputs = [inputs] if isinstance(inputs, str) else inputs
            data = [
                {"object": "embedding", "index": i, "embedding": _fake_vector(str(text))}
                for i, text in enumerate(inputs)
            ]
            return Reply(
                body={
                    "object": "list",
                    "data": data,
                    "model": "stub",
                    "usage": {"prompt_tokens": 1, "total_tokens": 1},
                }
            )
        return chat_reply(self.default_content)

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]

    def start(self) -> OpenAIStub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _fake_vector(text: str, dim: int = 16) -> list[float]:
    """Deterministic bag-of-characters vector: similar texts get similar vectors."""
    vec = [0.0] * dim
    for ch in text.lower():
        vec[ord(ch) % dim] += 1.0
    norm = sum(v * v for v in vec) ** 0.5 or 1.0
    return [v / norm for v in vec]
