"""Local SQLite record of questions served and feedback given, for /stats and evaluators."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rag.models import Answer
from rag.stats import percentile

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY, time REAL NOT NULL, chat_id INTEGER, user_id INTEGER,
    question TEXT NOT NULL, language TEXT, abstained INTEGER NOT NULL,
    latency_ms REAL NOT NULL, backend TEXT
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, time REAL NOT NULL, question_id INTEGER REFERENCES questions(id),
    user_id INTEGER, vote INTEGER NOT NULL, question TEXT, answer TEXT, citations TEXT
);
"""


@dataclass(frozen=True)
class Stats:
    questions: int
    abstention_rate: float
    p50_ms: float
    p95_ms: float
    thumbs_up: int
    thumbs_down: int


class BotStore:
    """One connection for the bot's life, shared by the worker threads the handlers call it
    from (never the event loop: a commit waits for the disk). WAL with synchronous=NORMAL:
    a crash of the bot loses nothing committed; only a power cut may lose the last commits,
    and each commit costs no fsync, which at one write per answer set the bot's pace."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, timeout=10, check_same_thread=False)
        self._guard = threading.Lock()
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._guard, self._conn:
            yield self._conn

    def close(self) -> None:
        with self._guard:
            self._conn.close()

    def record_question(self, chat_id: int, user_id: int, answer: Answer) -> int:
        with self._db() as db:
            cursor = db.execute(
                "INSERT INTO questions (time, chat_id, user_id, question, language, abstained, latency_ms, backend)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), chat_id, user_id, answer.question, answer.language, int(answer.abstained),
                 answer.timings_ms.get("total", 0.0), answer.backend),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    def record_feedback(self, question_id: int, user_id: int, vote: int, answer: Answer) -> None:
        citations = json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False)
        with self._db() as db:
            db.execute(
                "INSERT INTO feedback (time, question_id, user_id, vote, question, answer, citations)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    question_id,
                    user_id,
                    vote,
                    answer.question,
                    answer.answer,
                    citations,
                ),
            )

    def stats(self) -> Stats:
        with self._db() as db:
            rows = db.execute("SELECT abstained, latency_ms FROM questions").fetchall()
            up, down = db.execute(
                "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM feedback"
            ).fetchone()
        latencies = sorted(r[1] for r in rows)
        return Stats(
            questions=len(rows),
            abstention_rate=sum(r[0] for r in rows) / len(rows) if rows else 0.0,
            p50_ms=round(percentile(latencies, 50), 1),
            p95_ms=round(percentile(latencies, 95), 1),
            thumbs_up=int(up),
            thumbs_down=int(down),
        )

    def export_feedback(self, out: Path) -> int:
        """Write every feedback row as CSV; returns the number of rows."""
        with self._db() as db:
            cursor = db.execute(
                "SELECT time, user_id, vote, question, answer, citations FROM feedback ORDER BY id"
            )
            rows = cursor.fetchall()
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["time", "user_id", "vote", "question", "answer", "citations"])
            writer.writerows(rows)
        return len(rows)
