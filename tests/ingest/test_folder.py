"""The articles folder is listed and read without leaving it, and every entry left out is
named with its reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag.errors import ConfigError, IngestError
from rag.ingest.folder import (
    BAD_NAME,
    BROKEN,
    FOLDER_LINK,
    HIDDEN_FILE,
    HIDDEN_FOLDER,
    LOOP,
    OUTSIDE,
    SPECIAL,
    ArticlesFolder,
    NotFollowed,
)
from rag.ingest.walk import ingest_folder

TEXT = "Vietnam and Laos meet\n\nThe ministers met in Vientiane to discuss border security.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("The token is CANARY.\n\nThe key is CANARY too, yes.\n")
    root = tmp_path / "articles"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(TEXT)
    (root / "sub" / "deeper" / "b.md").write_text(TEXT.replace("Vientiane", "Phnom Penh"))
    return root


def test_links_are_followed_only_inside_and_every_other_entry_has_a_reason(
    folder: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "outside" / "secret.txt"
    (folder / "relative.txt").symlink_to("../outside/secret.txt")
    (folder / "absolute.txt").symlink_to(secret)
    (folder / "sub" / "deeper" / "up.txt").symlink_to("../../../outside/secret.txt")
    (folder / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (folder / "through.txt").symlink_to("out/secret.txt")  # inside link, then outside
    (folder / "inside.txt").symlink_to("sub/deeper/b.md")
    (folder / "sub" / "again").symlink_to("..", target_is_directory=True)
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "broken.txt").symlink_to("nowhere.txt")
    (folder / ".hidden.txt").write_text(TEXT)
    (folder / ".cache").mkdir()
    (folder / ".cache" / "c.txt").write_text(TEXT)
    (folder / "forged\n  removed: a.txt").write_text(TEXT)
    (folder / "bidi\u202etxt.exe.txt").write_text(TEXT)
    (folder / "pipe.txt").symlink_to("fifo")
    os.mkfifo(folder / "fifo")
    (folder / "lonely.txt.meta.yaml").write_text("title: T\n")
    (folder / "a.txt.meta.yaml").write_text("outlet: VNA\n")

    listing = ArticlesFolder(folder).listing()
    assert listing.files == ["a.txt", "sub/deeper/b.md", "inside.txt"]  # links last
    assert {s.source_file: s.reason for s in listing.skipped} == {
        "relative.txt": OUTSIDE,
        "absolute.txt": OUTSIDE,
        "sub/deeper/up.txt": OUTSIDE,
        "out": OUTSIDE,
        "through.txt": OUTSIDE,
        "sub/again": FOLDER_LINK,
        "loop.txt": LOOP,
        "broken.txt": BROKEN,
        ".hidden.txt": HIDDEN_FILE,
        ".cache/": HIDDEN_FOLDER,
        "forged\n  removed: a.txt": BAD_NAME,
        "bidi\u202etxt.exe.txt": BAD_NAME,
        "pipe.txt": SPECIAL,
        "fifo": SPECIAL,
        "lonely.txt.meta.yaml": "sidecar without its article lonely.txt; not read",
    }
    assert not any(s.unreadable for s in listing.skipped)
    result = ingest_folder(folder)
    assert [a.doc_id for a in result.articles] == ["a.txt", "sub/deeper/b.md"]
    assert result.articles[0].outlet == "VNA"
    skipped = {s.source_file: s.reason for s in result.skipped}
    assert skipped["inside.txt"] == "duplicate of sub/deeper/b.md"  # the link is the copy


def test_reads_never_leave_the_folder_even_by_a_path_given_to_them(
    folder: Path, tmp_path: Path
) -> None:
    articles = ArticlesFolder(folder)
    for sneaky in ("../outside/secret.txt", "sub/../../outside/secret.txt"):
        with pytest.raises(NotFollowed, match="outside the articles folder"):
            articles.read(sneaky)
    (folder / "sub" / "deeper" / "b.md").unlink()
    (folder / "sub" / "deeper" / "b.md").symlink_to(tmp_path / "outside" / "secret.txt")
    with pytest.raises(NotFollowed, match="outside the articles folder"):
        articles.read("sub/deeper/b.md")  # a file swapped for a link after it was listed
    (folder / "a.txt.meta.yaml").symlink_to(tmp_path / "outside" / "secret.txt")
    with pytest.raises(IngestError, match=r"sidecar a\.txt\.meta\.yaml: link to a path outside"):
        articles.sidecar("a.txt")
    assert articles.read("a.txt", max_bytes=1000) == TEXT.encode()
    with pytest.raises(IngestError, match="file too large"):
        articles.read("a.txt", max_bytes=10)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        ArticlesFolder(tmp_path / "nope")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="is not a folder"):
        ArticlesFolder(tmp_path / "file")
