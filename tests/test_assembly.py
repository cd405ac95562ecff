"""The pipeline's parts, put together from the settings."""

from __future__ import annotations

from pathlib import Path

from rag.assembly import Assembly
from rag.index.embed import make_embedder
from tests.support.config import make_settings
from tests.support.glossary import GLOSSARY


def test_ordinary_words_are_phrasing_titles_and_glossary_words(tmp_path: Path) -> None:
    """Capitalised words that name no one in particular: the name reranker skips them."""
    settings = make_settings(tmp_path)
    ordinary = Assembly(settings, make_embedder(settings), GLOSSARY).ordinary_words
    assert {"minister", "bo", "truong", "ministry", "quand", "ai"} <= ordinary
    assert "cleverly" not in ordinary and "starmer" not in ordinary
