"""Query expansion from the glossary: concepts found in the question, and their names.

No offline embedder maps a Vietnamese question onto an English article reliably; the
glossary's names for the same concept, in every language, bridge it for both channels:
the dense text gets each concept's preferred names, the lexical channel all of them.
"""

from __future__ import annotations

from dataclasses import replace

from rag.lang.glossary import Glossary
from rag.retrieve.base import Query


class GlossaryExpansion:
    name = "expand"

    def __init__(self, glossary: Glossary, expand_dense: bool = True) -> None:
        self.glossary = glossary
        self.expand_dense = expand_dense

    def transform(self, query: Query) -> Query:
        concepts = self.glossary.concepts_in(query.text)
        dense_text = query.text
        if self.expand_dense and concepts:
            dense_text = f"{query.text}\n{'; '.join(self.glossary.canonical_terms(concepts))}"
        return replace(
            query,
            concepts=frozenset(concepts),
            expansion=tuple(self.glossary.expansion_terms(concepts)),
            dense_text=dense_text,
        )
