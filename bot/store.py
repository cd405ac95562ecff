"""The bot's SQLite store: every answer given (so buttons, follow-ups and /sources work for
any answer it holds, across restarts), one vote per person per answer, per-chat settings,
approved users; read by /stats and exported by `accord feedback`.

An answer's id is its row id in ``questions``: stable across restarts, and what its buttons
carry. Follow-up context is rebuilt from the asker's own last answers in that chat, so two
members of a group never share it.
"""

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

from rag.answer.conversation import Conversation, sources
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
CREATE TABLE IF NOT EXISTS answers (
    question_id INTEGER PRIMARY KEY REFERENCES questions(id),
    chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_asker ON answers (chat_id, user_id, question_id);
CREATE TABLE IF NOT EXISTS votes (
    question_id INTEGER NOT NULL, user_id INTEGER NOT NULL, vote INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '', time REAL NOT NULL, PRIMARY KEY (question_id, user_id)
);
CREATE TABLE IF NOT EXISTS resets (
    chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, after_id INTEGER NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE TABLE IF NOT EXISTS comment_prompts (
    chat_id INTEGER NOT NULL, message_id INTEGER NOT NULL, question_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL, PRIMARY KEY (chat_id, message_id)
);
CREATE TABLE IF NOT EXISTS chat_languages (chat_id INTEGER PRIMARY KEY, language TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS approved_users (
    user_id INTEGER PRIMARY KEY, approved_by INTEGER NOT NULL, time REAL NOT NULL
);
"""

# Votes of the earlier schema (one row per press) become one vote per person: the last press.
MIGRATE_VOTES = """
INSERT OR IGNORE INTO votes (question_id, user_id, vote, comment, time)
SELECT question_id, user_id, vote, '', time FROM feedback f
WHERE f.id = (SELECT MAX(g.id) FROM feedback g
              WHERE g.question_id = f.question_id AND g.user_id = f.user_id)
"""


@dataclass(frozen=True)
class Stats:
    questions: int
    abstention_rate: float
    p50_ms: float
    p95_ms: float
    thumbs_up: int
    thumbs_down: int


@dataclass(frozen=True)
class StoredAnswer:
    question_id: int
    chat_id: int
    user_id: int
    answer: Answer


@dataclass(frozen=True)
class FeedbackItem:
    """One person's vote on one answer, with what evaluators need to judge it."""

    time: float
    user_id: int
    vote: int
    comment: str
    question: str
    language: str
    answer: str
    citations: list[dict[str, object]]


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
            db.execute(MIGRATE_VOTES)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._guard, self._conn:
            yield self._conn

    def close(self) -> None:
        with self._guard:
            self._conn.close()

    # --- answers -------------------------------------------------------------------

    def record_question(self, chat_id: int, user_id: int, answer: Answer) -> int:
        """Keep the answer; returns its id, which its buttons carry."""
        with self._db() as db:
            cursor = db.execute(
                "INSERT INTO questions (time, chat_id, user_id, question, language, abstained, latency_ms, backend)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), chat_id, user_id, answer.question, answer.language, int(answer.abstained),
                 answer.timings_ms.get("total", 0.0), answer.backend),
            )  # fmt: skip
            question_id = int(cursor.lastrowid or 0)
            db.execute(
                "INSERT INTO answers (question_id, chat_id, user_id, body) VALUES (?, ?, ?, ?)",
                (question_id, chat_id, user_id, answer.model_dump_json()),
            )
            return question_id

    def answer(self, question_id: int) -> StoredAnswer | None:
        with self._db() as db:
            row = db.execute(
                "SELECT question_id, chat_id, user_id, body FROM answers WHERE question_id = ?",
                (question_id,),
            ).fetchone()
        return _stored(row) if row else None

    def latest(self, chat_id: int, user_id: int) -> StoredAnswer | None:
        """This person's last answer in this chat (a refusal included)."""
        with self._db() as db:
            row = db.execute(
                "SELECT question_id, chat_id, user_id, body FROM answers"
                " WHERE chat_id = ? AND user_id = ? ORDER BY question_id DESC LIMIT 1",
                (chat_id, user_id),
            ).fetchone()
        return _stored(row) if row else None

    def conversation(self, chat_id: int, user_id: int, turns: int) -> Conversation:
        """This person's follow-up context in this chat: their last ``turns`` answers since
        their last /reset."""
        conversation = Conversation(max_turns=turns)
        if turns == 0:
            return conversation
        with self._db() as db:
            rows = db.execute(
                "SELECT a.body FROM answers a"
                " LEFT JOIN resets r ON r.chat_id = a.chat_id AND r.user_id = a.user_id"
                " WHERE a.chat_id = ? AND a.user_id = ? AND a.question_id > COALESCE(r.after_id, 0)"
                " ORDER BY a.question_id DESC LIMIT ?",
                (chat_id, user_id, turns),
            ).fetchall()
        for (body,) in reversed(rows):
            answer = Answer.model_validate_json(body)
            query = answer.retrieval_query or answer.question
            conversation.record(
                answer.question, query, answer.answer, answer.language, sources(answer)
            )
        return conversation

    def forget(self, chat_id: int, user_id: int) -> None:
        """/reset: later questions do not lean on earlier ones. Answers stay, for their buttons."""
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO resets (chat_id, user_id, after_id)"
                " VALUES (?, ?, (SELECT COALESCE(MAX(id), 0) FROM questions))",
                (chat_id, user_id),
            )

    # --- votes ---------------------------------------------------------------------

    def vote(self, question_id: int, user_id: int, vote: int) -> tuple[int, int]:
        """One vote per person per answer: the last press wins (a changed vote drops its
        comment). Returns the answer's 👍 and 👎 counts, for its buttons."""
        with self._db() as db:
            db.execute(
                "INSERT INTO votes (question_id, user_id, vote, comment, time) VALUES (?, ?, ?, '', ?)"
                " ON CONFLICT (question_id, user_id) DO UPDATE SET"
                " comment = CASE WHEN vote = excluded.vote THEN comment ELSE '' END,"
                " vote = excluded.vote, time = excluded.time",
                (question_id, user_id, vote, time.time()),
            )
            up, down = db.execute(
                "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM votes"
                " WHERE question_id = ?",
                (question_id,),
            ).fetchone()
        return int(up), int(down)

    def ask_why(self, chat_id: int, message_id: int, question_id: int, user_id: int) -> None:
        """Remember that ``message_id`` asked ``user_id`` why they voted 👎."""
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO comment_prompts VALUES (?, ?, ?, ?)",
                (chat_id, message_id, question_id, user_id),
            )

    def add_comment(self, chat_id: int, reply_to: int, user_id: int, comment: str) -> bool:
        """Store a reply to a "why?" prompt as the 👎's comment; False when ``reply_to`` is
        no prompt of this person's, and the message is an ordinary question."""
        with self._db() as db:
            row = db.execute(
                "SELECT question_id FROM comment_prompts"
                " WHERE chat_id = ? AND message_id = ? AND user_id = ?",
                (chat_id, reply_to, user_id),
            ).fetchone()
            if row is None:
                return False
            db.execute(
                "UPDATE votes SET comment = ? WHERE question_id = ? AND user_id = ?",
                (comment.strip(), row[0], user_id),
            )
            return True

    # --- chat settings and access --------------------------------------------------

    def set_language(self, chat_id: int, language: str) -> None:
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO chat_languages VALUES (?, ?)", (chat_id, language))

    def language(self, chat_id: int) -> str | None:
        with self._db() as db:
            row = db.execute(
                "SELECT language FROM chat_languages WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        return str(row[0]) if row else None

    def approve(self, user_id: int, admin_id: int) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO approved_users VALUES (?, ?, ?)",
                (user_id, admin_id, time.time()),
            )

    def approved(self) -> frozenset[int]:
        with self._db() as db:
            rows = db.execute("SELECT user_id FROM approved_users").fetchall()
        return frozenset(int(r[0]) for r in rows)

    # --- reading -------------------------------------------------------------------

    def stats(self) -> Stats:
        with self._db() as db:
            rows = db.execute("SELECT abstained, latency_ms FROM questions").fetchall()
            up, down = db.execute(
                "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM votes"
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

    def feedback(self) -> list[FeedbackItem]:
        """Every vote with its question, answer and citations. Votes of the earlier schema
        have no stored answer; their row in ``feedback`` kept the text."""
        with self._db() as db:
            rows = db.execute(
                "SELECT v.time, v.user_id, v.vote, v.comment, q.question, q.language, a.body,"
                " (SELECT f.answer FROM feedback f WHERE f.question_id = v.question_id"
                "   AND f.user_id = v.user_id ORDER BY f.id DESC LIMIT 1),"
                " (SELECT f.citations FROM feedback f WHERE f.question_id = v.question_id"
                "   AND f.user_id = v.user_id ORDER BY f.id DESC LIMIT 1)"
                " FROM votes v LEFT JOIN questions q ON q.id = v.question_id"
                " LEFT JOIN answers a ON a.question_id = v.question_id ORDER BY v.time"
            ).fetchall()
        items = []
        for when, user_id, vote, comment, question, language, body, old_text, old_cites in rows:
            if body:
                answer = Answer.model_validate_json(body)
                text, citations = answer.answer, [c.model_dump() for c in answer.citations]
            else:
                text, citations = old_text or "", json.loads(old_cites or "[]")
            items.append(
                FeedbackItem(when, user_id, vote, comment, question or "", language or "", text,
                             citations)
            )  # fmt: skip
        return items

    def export_gold_candidates(self, out: Path) -> int:
        """Every 👎 as a candidate gold question (evals/dataset.py ``GoldItem`` fields), for
        an evaluator to review: ``supporting_docs`` holds what the bot cited, ``key_facts``
        is left empty to be filled, and ``_review`` (the answer given and the voter's
        comment) is to be deleted once reviewed; until then the eval loader refuses the line,
        so an unreviewed candidate cannot slip into a gold set."""
        items = [i for i in self.feedback() if i.vote < 0]
        with out.open("w", encoding="utf-8") as handle:
            for number, item in enumerate(items, start=1):
                language = item.language if item.language in ("en", "fr", "vi") else "en"
                docs = list(dict.fromkeys(str(c.get("doc_id", "")) for c in item.citations))
                candidate = {
                    "id": f"feedback-{language}-{number:02d}",
                    "language": language,
                    "type": "factual",
                    "question": item.question,
                    "answerable": True,
                    "supporting_docs": [d for d in docs if d],
                    "key_facts": [],
                    "_review": {"answer": item.answer, "comment": item.comment},
                }
                handle.write(json.dumps(candidate, ensure_ascii=False) + "\n")
        return len(items)

    def export_feedback(self, out: Path) -> int:
        """Write every vote as CSV; returns the number of rows."""
        items = self.feedback()
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["time", "user_id", "vote", "comment", "question", "answer", "citations"]
            )
            for item in items:
                writer.writerow([item.time, item.user_id, item.vote, item.comment, item.question,
                                 item.answer, json.dumps(item.citations, ensure_ascii=False)])  # fmt: skip
        return len(items)


def _stored(row: tuple[int, int, int, str]) -> StoredAnswer:
    return StoredAnswer(row[0], row[1], row[2], Answer.model_validate_json(row[3]))
