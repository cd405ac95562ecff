import csv
from pathlib import Path

from bot.store import BotStore
from rag.models import Answer


def answer(abstained: bool, ms: float) -> Answer:
    return Answer(
        question="q?",
        language="en",
        answer="a [1]",
        abstained=abstained,
        backend="t",
        timings_ms={"total": ms},
    )


def test_stats_and_export(tmp_path: Path) -> None:
    store = BotStore(tmp_path / "s" / "bot.sqlite3")
    ids = [store.record_question(1, 2, answer(i % 2 == 0, float(i * 10))) for i in range(1, 11)]
    store.record_feedback(ids[0], 2, 1, answer(False, 1))
    store.record_feedback(ids[1], 2, -1, answer(False, 1))
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
    assert rows[0][:3] == ["time", "user_id", "vote"] and rows[1][2] == "1"
