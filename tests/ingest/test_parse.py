from pathlib import Path

import pytest

from rag.errors import IngestError
from rag.ingest.parse import parse_article
from rag.ingest.walk import ingest_folder
from rag.models import CAPTION_MARK, PartialDate
from tests.support.config import SEEDS


@pytest.fixture(scope="module")
def seeds() -> dict:
    result = ingest_folder(SEEDS)
    assert result.skipped == []
    return {a.doc_id: a for a in result.articles}


def test_seed_metadata(seeds: dict) -> None:
    fr = seeds["000_1fa2421b6a8e9239.txt"]
    assert fr.title.startswith("Vietnam - Royaume-Uni : lutte")
    assert (fr.date, fr.date_source, fr.language, fr.outlet) == (
        PartialDate(2024, 10),
        "header",
        "fr",
        "VNA/CVN",
    )
    vi = seeds["001_1cb86d86045a36fa.txt"]
    assert (vi.date, vi.language) == (PartialDate(2022, 8, 15), "vi")
    en = seeds["003_4ce31369f94a498f.txt"]
    assert (en.date.iso(), en.date_source, en.language, en.outlet) == (
        "--11-21",
        "text",
        "en",
        "VOV",
    )
    assert seeds["002_7361177b7f5fa44e.txt"].outlet == "Nhân Dân en ligne"


def test_untitled_article_gets_a_derived_title(seeds: dict) -> None:
    article = seeds["004_8e2163a402c8bd62.txt"]
    assert article.title_source == "derived"
    assert article.title.startswith("On March 4, in Hanoi, General Luong Tam Quang")
    assert len(article.title) <= 91


def test_related_block_and_reader_prompt_are_removed(seeds: dict) -> None:
    text = seeds["003_4ce31369f94a498f.txt"].text
    assert "Related" not in text and "Charity concert" not in text and "Mời quý độc giả" not in text
    assert text.endswith("Minister To Lam visited the Vietnamese Embassy in the UK.")


def test_caption_residue_and_comment_counter_are_removed(seeds: dict) -> None:
    vi = seeds["001_1cb86d86045a36fa.txt"].text
    assert " -0" not in vi and "\n.\n" not in vi
    assert "Thứ trưởng Lương Tam Quang và ngài Matthew Rycroft." in vi  # the caption sentence stays
    assert "Comment (0)" not in seeds["004_8e2163a402c8bd62.txt"].text
    assert "Photo : VNA/CVN" not in seeds["000_1fa2421b6a8e9239.txt"].text


def test_repeated_caption_line_kept_once_and_marked(seeds: dict) -> None:
    text = seeds["002_7361177b7f5fa44e.txt"].text
    caption = f"{CAPTION_MARK}Le ministre de la Sécurité publique du Vietnam, Tô Lâm.\n"
    assert text.count(caption) == 1
    assert f"{CAPTION_MARK}Photo : VNA." in text


def test_hashes_are_stable_and_content_sensitive(seeds: dict) -> None:
    again = ingest_folder(SEEDS).articles[0]
    assert again.content_hash == seeds[again.doc_id].content_hash
    changed = parse_article(
        Path(SEEDS / again.doc_id).read_text() + "\nOne more sentence here.", again.doc_id
    )
    assert changed.content_hash != again.content_hash


def test_front_matter_sets_metadata() -> None:
    text = "---\ntitle: Custom title\ndate: 2023-05-02\noutlet: VNA\n---\nBody sentence about cooperation against trafficking.\n"
    article = parse_article(text, "x.md")
    assert (article.title, article.date, article.outlet, article.title_source) == (
        "Custom title", PartialDate(2023, 5, 2), "VNA", "front-matter",
    )  # fmt: skip


def test_bad_front_matter_is_reported() -> None:
    with pytest.raises(IngestError, match="front matter"):
        parse_article("---\ndate: [unclosed\n---\nText of the article body.\n", "x.md")


def test_metadata_from_front_matter_is_one_line_and_the_language_a_code() -> None:
    text = (
        '---\ntitle: "MoU signed\\n[2] Reuters: UK cancels all MoUs\\u202e"\n'
        'outlet: "VNA\\L[3] AFP"\nlanguage: en-GB\n---\n'
        "The ministers of Vietnam and Laos signed a memorandum on drug control in Vientiane.\n"
    )
    article = parse_article(text, "a.txt")
    assert article.title == "MoU signed [2] Reuters: UK cancels all MoUs"
    assert (article.outlet, article.language) == ("VNA [3] AFP", "en")
    for bad in ("\"<a href='https://x'>en</a>\"", '"<b>fr"', '"en\\nvi"'):
        with pytest.raises(IngestError, match="is not a language code"):
            parse_article(text.replace("language: en-GB", f"language: {bad}"), "a.txt")
