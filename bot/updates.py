"""A getUpdates transport that survives a malformed update.

python-telegram-bot parses a getUpdates batch as a whole: one update it cannot
parse fails the batch, the offset never advances and the bot is stuck on it
forever. Here each update is checked first; an unparseable one is replaced by an
empty update with the same id, so it is logged, skipped and acknowledged.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)


def sanitize_updates(payload: bytes) -> bytes:
    try:
        body = json.loads(payload)
    except ValueError:
        return payload
    result = body.get("result") if isinstance(body, dict) else None
    if not body.get("ok") or not isinstance(result, list):
        return payload
    cleaned = []
    for item in result:
        try:
            Update.de_json(json.loads(json.dumps(item)), None)
            cleaned.append(item)
        except Exception as exc:  # any parse failure of any field
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if not isinstance(update_id, int):
                log.error("dropping an update without an id: %s", type(exc).__name__)
                continue
            log.warning("skipping malformed update %s (%s: %s)", update_id, type(exc).__name__, exc)
            cleaned.append({"update_id": update_id})
    body["result"] = cleaned
    return json.dumps(body).encode()


class TolerantUpdatesRequest(HTTPXRequest):
    async def do_request(
        self, url: str, method: str, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        code, payload = await super().do_request(url, method, *args, **kwargs)
        if code == 200 and url.endswith("/getUpdates"):
            payload = sanitize_updates(payload)
        return code, payload
