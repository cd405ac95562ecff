"""The passage budget: each passage cut to the sentences around its best match."""

from rag.answer.passages import ELLIPSIS, budgeted, excerpt, format_passages
from rag.models import RetrievedChunk
from tests.support.chunks import make_chunk

ARTICLE = (
    "The delegation arrived in Hanoi on Monday. "
    "Officials toured the new border post. "
    "Minister To Lam and Home Secretary Sajid Javid signed the memorandum on trafficking. "
    "Both sides praised the talks. "
    "A dinner followed in the evening."
)


def test_a_short_passage_is_kept_whole() -> None:
    assert excerpt(ARTICLE, {"signed"}, 10_000) == ARTICLE


def test_the_hit_sentence_and_its_neighbours_fill_the_budget() -> None:
    cut = excerpt(ARTICLE, {"signed", "memorandum"}, 160)
    assert "Sajid Javid signed the memorandum on trafficking." in cut
    assert cut.startswith(ELLIPSIS) and cut.endswith(ELLIPSIS)
    assert len(cut.replace(ELLIPSIS, "").strip()) <= 160
    assert "Both sides praised the talks." in cut  # the sentence after is tried first


def test_a_hit_longer_than_the_budget_is_cut_at_a_word() -> None:
    cut = excerpt(ARTICLE, {"signed"}, 40)
    assert cut.endswith(ELLIPSIS) and len(cut) <= 42
    assert cut.startswith("Minister To Lam")


def _item(doc: str, text: str) -> RetrievedChunk:
    return RetrievedChunk(make_chunk(doc, text=text), 1.0)


def test_unused_budget_passes_to_the_next_passage() -> None:
    items = [_item("a", "Short [3] note."), _item("b", ARTICLE)]
    texts = budgeted(items, "Who signed the memorandum?", 200)
    assert texts[0] == "Short [3] note."
    assert len(texts[1].replace(ELLIPSIS, "").strip()) > 100  # more than half of 200
    shown = format_passages(items, texts)
    assert shown.startswith("[1] Title of a (undated, en)\nShort (3) note.")
    assert "\n\n[2] Title of b" in shown
