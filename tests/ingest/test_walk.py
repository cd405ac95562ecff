from pathlib import Path

import pytest

from rag.errors import ConfigError
from rag.ingest.folder import HIDDEN_FILE, ArticlesFolder
from rag.ingest.walk import file_hash, ingest_folder
from rag.models import PartialDate


def test_bad_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "huge.txt").write_text("word " * 1000)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "only-boilerplate.txt").write_text("Related\nSome other story\n")
    (tmp_path / "good.txt").write_text(
        "Vietnam and the UK sign a memorandum.\n\nThe two sides signed it in Hanoi.\n"
    )
    (tmp_path / "copy.txt").write_text(
        "Vietnam and the UK sign a memorandum.\n\nThe two sides signed it in Hanoi.\n"
    )
    result = ingest_folder(tmp_path, max_bytes=4000)
    reasons = dict((s.source_file, s.reason) for s in result.skipped)
    assert [a.doc_id for a in result.articles] == ["copy.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blob.txt"].startswith("binary file")
    assert reasons["huge.txt"].startswith("file too large")
    assert "unsupported file type" in reasons["image.png"]
    assert "no article text" in reasons["only-boilerplate.txt"]
    assert reasons["good.txt"] == "duplicate of copy.txt"


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        ingest_folder(tmp_path / "nope")


def test_sidecar_metadata_is_picked_up(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Vietnam and Laos meet\n\nThe ministers met in Vientiane to discuss border security.\n"
    )
    first = ingest_folder(tmp_path).articles[0]
    (tmp_path / "a.txt.meta.yaml").write_text("date: 2025-03-04\noutlet: VNA\n")
    result = ingest_folder(tmp_path)
    assert result.skipped == [] and len(result.articles) == 1  # the sidecar is not an article
    article = result.articles[0]
    assert (article.date, article.outlet, article.date_source) == (
        PartialDate(2025, 3, 4),
        "VNA",
        "front-matter",
    )
    assert article.content_hash != first.content_hash  # so a refresh re-indexes it
    (tmp_path / "a.txt.meta.yaml").write_text("- not a mapping\n")
    assert "must be a mapping" in ingest_folder(tmp_path).skipped[0].reason


def test_hidden_files_are_reported_and_the_sidecar_is_hashed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("sub/b.md", "a.txt", ".hidden.txt", "a.txt.meta.yaml"):
        (tmp_path / name).write_text("date: 2024-01-02\n")
    folder = ArticlesFolder(tmp_path)
    listing = folder.listing()
    assert listing.files == ["a.txt", "sub/b.md"]
    assert [(s.source_file, s.reason) for s in listing.skipped] == [(".hidden.txt", HIDDEN_FILE)]
    with_sidecar = file_hash(folder, "a.txt")
    (tmp_path / "a.txt.meta.yaml").unlink()
    assert file_hash(folder, "a.txt") != with_sidecar
