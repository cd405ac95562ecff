"""The gold set's schema and its checks against the articles."""

from pathlib import Path

import pytest

from evals.dataset import GOLD_PATH, GoldError, load_gold
from tests.support.eval_outcomes import ARTICLES


def test_gold_set_is_valid_and_balanced() -> None:
    items = load_gold(GOLD_PATH, ARTICLES)
    assert len(items) >= 60
    by_language = {lang: sum(i.language == lang for i in items) for lang in ("en", "fr", "vi")}
    assert min(by_language.values()) >= 20
    assert {i.type for i in items} >= {
        "factual",
        "list",
        "date",
        "followup",
        "no_diacritics",
        "unanswerable",
        "adversarial",
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "en-99", "language": "en", "type": "factual", "question": "Who?"}',
            "supporting_docs",
        ),
        ('{"id": "en-99", "language": "de", "type": "factual", "question": "Wer?"}', "language"),
        (
            '{"id": "en-99", "language": "en", "type": "followup", "question": "And?", "supporting_docs": ["003_4ce31369f94a498f.txt"], "key_facts": ["x"]}',
            "history",
        ),
        (
            '{"id": "en-99", "language": "en", "type": "factual", "question": "Who?", "supporting_docs": ["nope.txt"], "key_facts": ["x"]}',
            "unknown supporting doc",
        ),
        (
            '{"id": "en-99", "language": "en", "type": "factual", "question": "Who?", "supporting_docs": ["003_4ce31369f94a498f.txt"], "key_facts": ["x"], "supporting_passages": ["not in the article"]}',
            "not found verbatim",
        ),
        ("{broken", "Expecting"),
    ],
)
def test_malformed_entries_fail_loudly(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(GoldError, match=message):
        load_gold(path, ARTICLES)
