"""The CI gate: floors, ceilings and per-language floors per part; thresholds that could never fire."""

from pathlib import Path

import pytest

from evals.gate import THRESHOLDS_PATH, Thresholds, gate, gated_parts, load_thresholds
from rag.errors import ConfigError
from tests.support.eval_outcomes import SUPPORTING, outcome, scored_run


def _thresholds(tmp_path: Path, text: str) -> Thresholds:
    path = tmp_path / "thresholds.toml"
    path.write_text(text)
    return load_thresholds(path)


def test_the_shipped_thresholds_load() -> None:
    thresholds = load_thresholds(THRESHOLDS_PATH).root
    # CI gates on the held-out parts and the seed questions, never on the part tuned on.
    assert set(thresholds) == {"test", "fresh", "fresh2", "fresh3", "fresh6", "seeds"}
    assert thresholds["test"].floors["answer_correct"] > 0 and "leak" in thresholds["test"].ceilings


def test_gate_reports_every_missed_floor_and_ceiling(tmp_path: Path) -> None:
    wrongly_abstained = outcome("I could not find this.", SUPPORTING, abstained=True)
    summary, _records = scored_run(wrongly_abstained)
    thresholds = _thresholds(
        tmp_path,
        '[test.min]\nanswer_correct = 0.9\n"hit@1" = 0.0\n[test.max]\nwrong_abstention = 0.0\n'
        "[test.min_per_question_language]\nanswer_correct = 0.5\n",
    )
    assert gate(summary, thresholds) == [
        "test overall answer_correct = 0.000 < min 0.9",
        "test overall wrong_abstention = 1.000 > max 0.0",
        "test en answer_correct = 0.000 < min 0.5",
    ]
    passing = _thresholds(
        tmp_path, "[test.min]\nanswer_correct = 0.0\n[test.max]\nwrong_abstention = 1.0\n"
    )
    assert gate(summary, passing) == []


def test_only_the_parts_a_run_has_are_gated(tmp_path: Path) -> None:
    summary, _records = scored_run(outcome("I could not find this.", SUPPORTING, abstained=True))
    other = _thresholds(tmp_path, "[seeds.min]\nanswer_correct = 0.9\n")
    assert gate(summary, other) == [] and gated_parts(summary, other) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[test.min]\n"hit@7" = 0.5\n', "unknown metric 'hit@7'"),
        (
            "[test.max]\nanswer_correct = 0.5\n",
            "max threshold on 'answer_correct' points the wrong way",
        ),
        ("[test.min]\nleak = 0.0\n", "min threshold on 'leak' points the wrong way"),
        ("[test.minimum]\nmrr = 0.5\n", "minimum"),
        ("[min\n", "thresholds.toml"),
    ],
)
def test_thresholds_that_could_never_fire_fail_loudly(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        _thresholds(tmp_path, text)
