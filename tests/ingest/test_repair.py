import textwrap

from rag.ingest.parse import parse_article
from rag.ingest.repair import normalize_line, unwrap, wrap_width
from rag.lang.text import sentence_spans, split_sentences

QUOTE = (
    "The administration is seeking to deport thousands of Vietnamese immigrants who have "
    "long been shielded by a 2008 bilateral agreement, former US Ambassador to Vietnam Ted "
    "Osius said this week."
)
SECOND = (
    "Under the memorandum of understanding signed by Washington and Hanoi in 2008, "
    "Vietnamese citizens who arrived before July 12, 1995 are not subject to return. Most of "
    "them came as refugees after the end of the war, and many have lived in the country for "
    "decades."
)
THIRD = (
    "A spokesman for US Immigration and Customs Enforcement said that 8,600 Vietnamese "
    "nationals were subject to final orders of removal, most of whom had criminal convictions."
)


def wrapped_article(width: int = 80) -> str:
    paragraphs = [textwrap.fill(p, width) for p in (QUOTE, SECOND, THIRD)]
    return "\n".join(
        [
            "US weighs deporting Vietnamese protected by 2008 agreement",
            "",
            "December 13, 2018",
            "",
            paragraphs[0],
            "",
            "Key points",
            "- first point of the list",
            "- second point of the list",
            "",
            paragraphs[1],
            paragraphs[2],  # no blank line: the short last line still ends the paragraph
        ]
    )


def test_hard_wrapped_lines_are_rejoined_into_paragraphs() -> None:
    paragraphs = unwrap(wrapped_article().split("\n"))
    assert QUOTE in paragraphs and SECOND in paragraphs and THIRD in paragraphs
    # headings and list items stay lines of their own
    assert "Key points" in paragraphs and "- first point of the list" in paragraphs
    assert "- second point of the list" in paragraphs


def test_quotes_span_former_line_ends_with_exact_offsets() -> None:
    article = parse_article(wrapped_article(), "reuters.txt")
    sentences = split_sentences(article.text)
    assert QUOTE in sentences
    for a, b in sentence_spans(article.text):  # each span is the sentence, verbatim
        assert article.text[a:b].strip() in sentences
    assert article.text.index(QUOTE) == article.text.find("The administration")


def test_unwrapped_text_is_left_alone() -> None:
    lines = ["Short title", "", QUOTE, "", SECOND, "A short line.", "Another short line."]
    assert wrap_width(lines) is None
    assert unwrap(lines) == ["Short title", QUOTE, SECOND, "A short line.", "Another short line."]


def test_hyphenated_line_ends_are_joined_without_the_hyphen() -> None:
    lines = [
        "The ministers agreed to strengthen cooperation against human traffick-",
        "ing and illegal migration across the whole of the Mekong sub-region, they",
        "said on Thursday after two days of talks held in the Vietnamese capital.",
        "",
        "The next meeting will be held in Phnom Penh in the second half of next year",
        "according to the joint statement released by both ministries on Friday.",
    ]
    first = unwrap(lines)[0]
    assert "human trafficking and illegal" in first and first.endswith("capital.")


def test_whitespace_and_odd_quotes_are_normalised() -> None:
    assert normalize_line("  a\u2003\u2003b\tc  ") == "a b c"
    assert normalize_line("``quoted''") == '"quoted"'
    assert normalize_line("“curly” ‘kept’") == "“curly” ‘kept’"


def test_one_longer_line_does_not_set_the_wrap_width() -> None:
    """A caption written on one line, longer than the wrap: taken for the width, it left
    lines cut a few characters short of the true width unjoined ("...in Vietnam in")."""
    caption = (
        "Officials of both ministries pose for a photo after the talks in Bangkok. (Photo: VNA)"
    )
    lines = [caption, "", *textwrap.fill(SECOND, 60).split("\n"), "", *textwrap.wrap(THIRD, 60)]
    assert wrap_width(lines) == max(len(line) for line in lines[2:])
    assert SECOND in unwrap(lines) and THIRD in unwrap(lines)
