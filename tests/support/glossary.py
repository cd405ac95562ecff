"""The shipped glossary, loaded once for the tests that chunk, index or match concepts."""

from __future__ import annotations

from rag.lang.glossary import Glossary
from rag.settings import PACKAGE_DIR

GLOSSARY = Glossary.load(PACKAGE_DIR / "data" / "glossary.json")
