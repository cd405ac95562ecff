from pathlib import Path

from rag.ingest.readers import SUPPORTED_SUFFIXES, reader_for
from rag.ingest.readers.text import TextReader


def test_reader_is_chosen_by_suffix_case_insensitively() -> None:
    assert isinstance(reader_for(Path("a/b.TXT")), TextReader)
    assert isinstance(reader_for(Path("notes.md")), TextReader)
    assert reader_for(Path("image.png")) is None
    assert reader_for(Path("README")) is None
    assert {".txt", ".md"} <= SUPPORTED_SUFFIXES


def test_text_reader_decodes_any_supported_encoding() -> None:
    assert TextReader().read("Coopération".encode("utf-16"), "a.txt").text == "Coopération"
