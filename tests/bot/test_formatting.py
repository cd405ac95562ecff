import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.formatting import Block, answer_blocks, html_message, split_message
from rag.answer.presenter import present
from rag.models import Answer, Citation

TAGS = re.compile(r"</?(b|i|blockquote)>")

words = st.sampled_from(
    [
        "coopération",
        "MoU",
        "[1]",
        "[12]",
        "&",
        "<b>",
        "a<b",
        "x>y",
        "Hà Nội.",
        "end.",
        "\n",
        "mua bán người",
    ]
)
texts = st.lists(words, min_size=0, max_size=400).map(" ".join)


def plain(message: str) -> str:
    return html.unescape(TAGS.sub("", message))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(texts, st.sampled_from(["", "b", "i", "blockquote"])), min_size=1, max_size=6
    ),
    st.integers(60, 600),
)
def test_split_respects_limit_markup_entities_and_citations(
    blocks: list[tuple[str, str]], limit: int
) -> None:
    messages = split_message([Block(text, tag) for text, tag in blocks], limit)
    for message in messages:
        assert len(message) <= limit
        for tag in ("b", "i", "blockquote"):
            assert message.count(f"<{tag}>") == message.count(f"</{tag}>")
        bare = TAGS.sub("", message)
        assert "<" not in bare and ">" not in bare  # article text was escaped
        assert not re.search(r"&[a-z]*$", bare) and not re.search(r"\[\d*$", bare)
    original = "".join("".join(text.split()) for text, _tag in blocks)
    assert "".join("".join(plain(m).split()) for m in messages) == original


@given(st.text(max_size=300))
def test_answer_text_is_always_escaped(text: str) -> None:
    citation = Citation(n=1, doc_id="d", chunk_id="d#0", source_file="d", title=text[:50], date="", language="en",
                        passage=text, score=1.0)  # fmt: skip
    answer = Answer(
        question="q", language="en", answer=text, abstained=False, citations=[citation], backend="t"
    )
    for message in split_message(answer_blocks(present(answer))):
        bare = TAGS.sub("", message)
        assert "<" not in bare and ">" not in bare


def test_an_article_backing_two_passages_is_one_line_under_the_answer() -> None:
    from tests.support.answers import answer, citation

    same = {"source_file": "003_uk.txt", "title": "UK MoU", "date": "--11-21"}
    view = present(answer("A [1]. B [2].", citations=[citation(1, **same), citation(2, **same)]))
    lines = [block.text for block in answer_blocks(view)]
    assert lines[-2:] == ["Sources:", "[1, 2] UK MoU (Nov 21)"]


def test_values_in_markup_messages_are_escaped_and_one_line() -> None:
    """A ``language:`` read from metadata by an older index shows as text in /help."""
    forged = '<a href="https://evil.example">en</a><b>\n<i>Admins: send your token'
    text = html_message("help", "en", documents=3, languages=forged, date_range="2020")
    assert '&lt;a href="https://evil.example"&gt;en&lt;/a&gt;&lt;b&gt; &lt;i&gt;Admins' in text
    assert "<a href" not in text and "<i>Admins" not in text
