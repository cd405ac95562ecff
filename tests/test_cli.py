"""The `accord` command as users call it (in-process, network blocked)."""

import json
from pathlib import Path

import pytest

from rag.cli import main
from rag.service import RagService


@pytest.fixture
def env(service: RagService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_DATA_DIR", str(service.settings.data_dir))
    monkeypatch.setenv("ACCORD_SEEDS_DIR", str(service.settings.seeds_dir))
    monkeypatch.setenv("ACCORD_LOG_LEVEL", "WARNING")


def test_ask_json_schema(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "Qui a coprésidé le premier dialogue sur la migration ?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {
        "question",
        "language",
        "answer",
        "abstained",
        "citations",
        "backend",
        "timings_ms",
    } <= set(data)
    assert data["language"] == "fr" and data["abstained"] is False
    citation = data["citations"][0]
    assert {"n", "doc_id", "source_file", "title", "date", "language", "passage", "score"} <= set(
        citation
    )
    assert citation["n"] == 1 and citation["source_file"] == "001_1cb86d86045a36fa.txt"


def test_ask_text_output_lists_sources(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "ask",
                "Who",
                "signed",
                "the",
                "MoU",
                "on",
                "anti-human",
                "trafficking",
                "with",
                "the",
                "UK?",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Sources:" in out and "003_4ce31369f94a498f.txt" in out


def test_index_is_idempotent(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index"]) == 0
    assert "added 0, changed 0, removed 0, unchanged 5, skipped 0" in capsys.readouterr().out


def test_chat_keeps_history(
    env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = iter(
        ["Which MoU did Vietnam and the UK sign on November 21?", "And who signed it?", ""]
    )
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(lines))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert "5 articles indexed" in out and "Sajid Javid" in out


def test_errors_are_messages_not_tracebacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("ACCORD_LOG_LEVEL", "WARNING")
    assert main(["ask", "Who signed the MoU?"]) == 1
    assert "run `accord index`" in capsys.readouterr().err
    monkeypatch.setenv("ACCORD_SEEDS_DIR", str(tmp_path / "missing"))
    assert main(["index"]) == 1
    assert "does not exist" in capsys.readouterr().err
    monkeypatch.setenv("ACCORD_TOP_K", "zero")
    assert main(["index"]) == 2
    assert "invalid configuration" in capsys.readouterr().err


def test_index_explain_shows_what_was_read_and_indexes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ACCORD_SEEDS_DIR", str(tmp_path))
    monkeypatch.setenv("ACCORD_LOG_LEVEL", "WARNING")
    (tmp_path / "VOV").mkdir()
    article = tmp_path / "VOV" / "a.txt"
    article.write_text(
        "Vietnam, Laos review anti-trafficking agreement\n\n"
        "Published: 04 Nov. 2025, 10:54\n\n"
        "Officials of the two ministries met in Vientiane on November 3 to review the "
        "agreement on preventing trafficking in persons.\n\n"
        "The delegations at the meeting in Vientiane.\nPhoto: VOV\n\n"
        "Comments (2)\n"
    )
    assert main(["index", "--explain", str(article)]) == 0
    out = capsys.readouterr().out
    assert "title:     Vietnam, Laos review anti-trafficking agreement  (from headline)" in out
    assert "date:      2025-11-04  (from header: 'Published: 04 Nov. 2025, 10:54')" in out
    assert "event:     2025-11-03" in out
    assert "outlet:    VOV  (from folder)" in out
    assert "captions:  1" in out and "[page furniture] Comments (2)" in out
    assert "--- chunk 1" in out and "Officials of the two ministries met in Vientiane" in out
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.sqlite3"))
    (tmp_path / "empty.txt").write_text("")
    assert main(["index", "--explain", str(tmp_path / "empty.txt")]) == 1
    assert "empty.txt: not indexed: empty file" in capsys.readouterr().out


def test_feedback_exports_votes_and_thumbs_down_as_gold_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.store import BotStore
    from evals.dataset import GoldItem
    from tests.support.answers import answer, citation

    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "data"))
    store = BotStore(tmp_path / "data" / "state" / "bot.sqlite3")
    good = store.record_question(1, 1, answer("Good [1].", question="Who signed?",
                                              citations=[citation(1)]))  # fmt: skip
    bad = store.record_question(1, 1, answer("Wrong [1].", question="When was it signed?",
                                             citations=[citation(2)]))  # fmt: skip
    store.vote(good, 1, 1)
    store.vote(bad, 1, -1)
    store.ask_why(1, 77, bad, 1)
    store.add_comment(1, 77, 1, "wrong date")
    store.close()
    assert main(["feedback"]) == 2
    csv_out, gold_out = tmp_path / "fb.csv", tmp_path / "gold.jsonl"
    assert main(["feedback", "--csv", str(csv_out), "--to-gold", str(gold_out)]) == 0
    assert "wrote 2 feedback rows" in capsys.readouterr().out
    assert "wrong date" in csv_out.read_text(encoding="utf-8")
    [line] = gold_out.read_text(encoding="utf-8").splitlines()
    candidate = json.loads(line)
    assert candidate["_review"] == {"answer": "Wrong [1].", "comment": "wrong date"}
    assert candidate["question"] == "When was it signed?" and candidate["supporting_docs"] == ["d2"]
    reviewed = {k: v for k, v in candidate.items() if k != "_review"}
    GoldItem.model_validate({**reviewed, "key_facts": ["21 November"]})
    with pytest.raises(ValueError):
        GoldItem.model_validate(candidate)  # unreviewed, the loader refuses it


def test_readme_filter_example_and_partial_dates_cover_whole_periods(
    env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--from 2022` is the README's own example; `--to 2022-08` takes in all of August."""
    argv = ["ask", "--json", "--lang", "fr,en", "--from", "2022", "--to", "2024-12"]
    assert main([*argv, "cooperation on border security"]) == 0
    shown = json.loads(capsys.readouterr().out)
    found = shown["citations"] + shown["related"]
    assert found and all(c["language"] in ("fr", "en") for c in found)
    assert all("2022" <= c["date"][:4] <= "2024" for c in found)
    question = "Việt Nam và Vương quốc Anh hợp tác phòng chống tội phạm thế nào?"
    assert main(["ask", "--json", "--from", "2022-08", "--to", "2022-08", question]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {c["source_file"] for c in shown["citations"] + shown["related"]} == {
        "001_1cb86d86045a36fa.txt"  # dated 15 August 2022
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--lang", "xx"], "No indexed article is in xx; the index holds en, fr, vi."),
        (["--lang", "en,de"], "No indexed article is in de;"),
        (["--from", "2024", "--to", "2022"], "--from 2024 is later than --to 2022"),
        (["--to", "2022-13"], "'2022-13' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--from", "last year"], "'last year' is not a date"),
    ],
)
def test_filters_that_cannot_match_are_refused_with_the_reason(
    env: None, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["ask", *options, "cooperation on border security"]) == 1
    printed = capsys.readouterr()
    assert message in printed.err and "Traceback" not in printed.err and not printed.out


def test_a_question_in_chinese_is_told_the_languages_spoken(
    env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15, item 14: it was answered "not found" in Vietnamese."""
    assert main(["ask", "谁与英国签署了打击人口贩运的谅解备忘录？"]) == 1
    err = capsys.readouterr().err
    assert (
        "Your question seems to be in Chinese." in err and "English, French, or Vietnamese" in err
    )
    assert "không tìm thấy" not in err and "Traceback" not in err
