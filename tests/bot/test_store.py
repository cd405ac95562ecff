import csv
import sqlite3
from pathlib import Path

from bot.store import BotStore
from rag.models import Answer
from tests.support.answers import citation


def answer(abstained: bool, ms: float, question: str = "q?", query: str = "") -> Answer:
    return Answer(
        question=question,
        language="en",
        answer="a [1]",
        abstained=abstained,
        citations=[citation(1)],
        backend="t",
        retrieval_query=query or question,
        timings_ms={"total": ms},
    )


def test_stats_and_export(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "s" / "bot.sqlite3")
    ids = [store.record_question(1, 2, answer(i % 2 == 0, float(i * 10))) for i in range(1, 11)]
    store.vote(ids[0], 2, 1)
    store.vote(ids[1], 2, -1)
    stats = store.stats()
    assert stats.questions == 10 and stats.abstention_rate == 0.5
    assert (
        stats.p50_ms == 55.0
        and stats.p95_ms > 90
        and (stats.thumbs_up, stats.thumbs_down) == (1, 1)
    )
    out = tmp_path / "feedback.csv"
    assert store.export_feedback(out) == 2
    with out.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["time", "user_id", "vote", "comment", "question", "answer", "citations"]
    assert rows[1][2] == "1" and rows[1][5] == "a [1]" and '"n": 1' in rows[1][6]


def test_one_vote_per_person_the_last_press_wins(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "bot.sqlite3")
    qid = store.record_question(1, 2, answer(False, 1))
    assert store.vote(qid, 2, 1) == (1, 0)
    assert store.vote(qid, 2, 1) == (1, 0)
    assert store.vote(qid, 3, 1) == (2, 0)
    assert store.vote(qid, 2, -1) == (1, 1)
    store.ask_why(1, 500, qid, 2)
    assert not store.add_comment(1, 500, 3, "not my prompt")
    assert store.add_comment(1, 500, 2, " wrong date ")
    [item] = [i for i in store.feedback() if i.user_id == 2]
    assert (item.vote, item.comment) == (-1, "wrong date")
    assert store.vote(qid, 2, 1) == (2, 0)  # a changed vote drops the comment of the old one
    assert [i.comment for i in store.feedback()] == ["", ""]


def test_answers_and_context_survive_a_reopen_per_person(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = BotStore(path)
    mine = store.record_question(-5, 1, answer(False, 1, "Which MoU?", "Which MoU?"))
    store.record_question(-5, 2, answer(False, 1, "Who is Lam?"))
    store.close()
    again = BotStore(path)
    stored = again.answer(mine)
    assert stored is not None and (stored.chat_id, stored.user_id) == (-5, 1)
    assert list(again.conversation(-5, 1, 3).queries) == ["Which MoU?"]
    # The articles each answer quoted come back too: a follow-up stays with them.
    assert list(again.conversation(-5, 1, 3).sources) == [("d1",)]
    assert list(again.conversation(-5, 2, 3).queries) == ["Who is Lam?"]
    again.forget(-5, 1)
    assert list(again.conversation(-5, 1, 3).queries) == []
    assert again.latest(-5, 1) == stored  # /sources still works after /reset


def test_votes_of_the_earlier_schema_become_one_per_person(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY, time REAL NOT NULL, question_id INTEGER,"
        " user_id INTEGER, vote INTEGER NOT NULL, question TEXT, answer TEXT, citations TEXT);"
        "INSERT INTO feedback VALUES (1, 1.0, 9, 2, 1, 'q', 'old answer', '[]');"
        "INSERT INTO feedback VALUES (2, 2.0, 9, 2, 1, 'q', 'old answer', '[]');"
        "INSERT INTO feedback VALUES (3, 3.0, 9, 2, -1, 'q', 'old answer', '[]');"
    )
    db.commit()
    db.close()
    store = BotStore(path)
    assert (store.stats().thumbs_up, store.stats().thumbs_down) == (0, 1)
    [item] = store.feedback()
    assert (item.vote, item.answer) == (-1, "old answer")
