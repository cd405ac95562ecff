"""Bridge channel: a question in a language the embedder lacks, searched by its glossary names.

The default embedder (USE multilingual) was not trained on Vietnamese: a Vietnamese
question's own vector lands at random, so the dense channel skips it (``dense.py``), and
its English and French articles were found by the lexical channels alone, which see only
its names, figures and glossary terms. This channel embeds what of the question the
embedder can read — the glossary's names of its concepts in the embedder's languages
("memorandum of understanding", "human trafficking"), its capitalised names and its
figures — and searches the articles in those languages with it. The text is a bag of
terms, not a translation, so the channel votes with a small weight in fusion.
"""

from __future__ import annotations

from dataclasses import replace

from rag.lang.glossary import Glossary
from rag.lang.text import fold
from rag.retrieve.base import Hit, Query
from rag.retrieve.dense import DenseChannel, embeds

_EDGES = "?!,.:;()\"'“”«»"


class BridgeText:
    """Query transform: for a question in a language the embedder lacks, the text the
    bridge channel embeds (``Query.dense_text``, marked ``bridged``); other questions
    pass unchanged. Runs after the glossary expansion, whose concepts it names."""

    name = "bridge_text"

    def __init__(self, glossary: Glossary, languages: frozenset[str] | None) -> None:
        self.glossary = glossary
        self.languages = languages  # the embedder's; None: it knows every language

    def transform(self, query: Query) -> Query:
        if self.languages is None or embeds(self.languages, query.language):
            return query
        text = self.text(query)
        return replace(query, dense_text=text, bridged=True) if text else query

    def text(self, query: Query) -> str:
        terms = [
            names[0]
            for cid in sorted(query.concepts)
            for language in sorted(self.languages or ())
            if (names := self.glossary.concepts[cid].terms.get(language))
        ]
        # Names (capitalised past the first word) and figures read the same in any language
        # once folded: "Lương Tam Quang" is "Luong Tam Quang" in an English report.
        words = [w.strip(_EDGES) for w in query.text.split()[1:]]
        named = [fold(w) for w in words if w[:1].isupper() or w[:1].isdigit()]
        return "; ".join(dict.fromkeys(t for t in [*terms, *named] if t))


class BridgeChannel(DenseChannel):
    """The bridged question's vector against the articles in the embedder's languages,
    ranked per language like the dense channel; nothing for other questions."""

    name = "bridge"

    def retrieve(self, query: Query, k: int) -> list[Hit]:
        if not query.bridged or query.vector is None:
            return []
        return self._ranked(query, k, self.languages)
