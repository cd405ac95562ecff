"""The gold set's schema and its checks against the articles."""

from pathlib import Path

import pytest

from evals.dataset import GoldError, GoldItem, load_gold
from evals.parts import CORPUS_DIR, load_parts
from rag.ingest.walk import ingest_folder
from tests.support.config import SEEDS
from tests.support.eval_outcomes import ARTICLES

EVAL_ARTICLES = {
    a.doc_id: a for folder in (SEEDS, CORPUS_DIR) for a in ingest_folder(folder).articles
}


def _parts() -> dict[str, list[GoldItem]]:
    return {p.name: load_gold(p.path, EVAL_ARTICLES, p.name) for p in load_parts()}


def test_every_part_is_valid_against_the_eval_corpus() -> None:
    parts = _parts()
    assert set(parts) == {
        "dev",
        "dev2",
        "dev3",
        "dev4",
        "test",
        "seeds",
        "fresh",
        "fresh2",
        "fresh3",
        "dev5",
        "dev6",
        "fresh6",
    }
    assert all(item.part == name for name, items in parts.items() for item in items)
    ids = [item.id for items in parts.values() for item in items]
    assert len(ids) == len(set(ids)), "a question id is in two parts"


def test_the_written_questions_are_realistic_and_balanced() -> None:
    parts = _parts()
    written = parts["dev"] + parts["test"]
    assert len(written) >= 200 and len(parts["test"]) >= 100
    by_language = {lang: sum(i.language == lang for i in written) for lang in ("en", "fr", "vi")}
    assert min(by_language.values()) >= 60
    answerable = [i for i in written if i.answerable]
    cross = [
        i
        for i in answerable
        if all(EVAL_ARTICLES[d].language != i.language for d in i.supporting_docs)
    ]
    assert len(cross) >= len(answerable) / 2
    assert sum(not i.answerable for i in written) >= 20
    asked_for = {"who", "when", "where", "how_many", "which_document", "what_agreed", "list"}
    assert {i.type for i in written} >= asked_for | {
        "latest_first",
        "no_diacritics",
        "followup",
        "unanswerable",
        "adversarial",
    }
    # Both parts hold every type, so the held-out scores speak for each.
    assert {i.type for i in parts["test"]} == {i.type for i in parts["dev"]}


def test_the_corpus_is_realistic() -> None:
    written = [a for a in EVAL_ARTICLES.values() if a.doc_id.startswith("g")]
    assert len(written) >= 60
    languages = {lang: sum(a.language == lang for a in written) for lang in ("en", "fr", "vi")}
    assert languages["en"] >= len(written) * 0.4 and min(languages.values()) >= 15


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


def test_the_fresh_part_is_blind_and_about_the_later_articles() -> None:
    """The part written last, by writers who never saw the answerer, over 24 articles of
    its own: blind like the test part, with every kind of question."""
    declared = {p.name: p for p in load_parts()}
    assert declared["fresh"].blind and declared["test"].blind and not declared["dev"].blind
    fresh = _parts()["fresh"]
    assert len(fresh) >= 100 and sum(not i.answerable for i in fresh) >= 10
    assert {i.type for i in fresh} == {i.type for i in _parts()["test"]}
    later = {d for i in fresh for d in i.supporting_docs if d.startswith(("g4_", "g5_", "g6_"))}
    assert len(later) >= 20


@pytest.mark.parametrize(
    ("part", "groups", "blind"),
    [
        ("fresh2", ("g16_", "g17_", "g18_"), True),
        ("fresh3", ("g19_", "g20_", "g21_"), True),
        ("dev6", ("g25_", "g26_", "g27_"), False),
        ("fresh6", ("g28_", "g29_", "g30_"), True),
        ("dev5", ("g22_", "g23_", "g24_"), False),
        ("dev2", ("g7_", "g8_", "g9_"), False),
        ("dev3", ("g10_", "g11_", "g12_"), False),
        ("dev4", ("g13_", "g14_", "g15_"), False),
    ],
)
def test_the_later_parts_are_about_their_own_articles(
    part: str, groups: tuple[str, ...], blind: bool
) -> None:
    """Written later, by writers who never saw the answerer, with every kind of question:
    the fresh parts blind, never tuned on; the dev parts open, to tune on (the first dev part
    had been read so often that its scores no longer told how a new question fares)."""
    declared = {p.name: p for p in load_parts()}
    assert declared[part].blind is blind
    items = _parts()[part]
    assert len(items) >= 100 and sum(not i.answerable for i in items) >= 10
    assert {i.type for i in items} == {i.type for i in _parts()["fresh"]}
    later = {d for i in items for d in i.supporting_docs if d.startswith(groups)}
    assert len(later) >= 20
