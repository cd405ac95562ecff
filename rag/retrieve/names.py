"""Names channel: BM25 over what a question shares with articles in any language.

Proper names, acronyms and numbers are written the same in English, French and Vietnamese
("Keir Starmer", "Old Bailey", "ACTIP", "39"), and glossary concepts are the same token in
every language. The lexical channel scores all of a question's words, so a Vietnamese
question's many common syllables outweigh the two names it shares with an English article;
this channel scores only the language-neutral part, so a cross-lingual article that names
the same people, places and figures ranks where its language's words cannot put it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rag.index.bm25 import LexicalIndex, concept_tokens, partner_tokens
from rag.lang.places import Places
from rag.lang.text import content_tokens, question_words
from rag.retrieve.base import Hit, Query
from rag.retrieve.lexical import LexicalChannel

_WORD = re.compile(r"\w+")
BRIDGED_CACHE = 1024  # glossary expansions whose countries are kept


def neutral_words(text: str) -> list[str]:
    """Words written as names (a capital first letter) and numbers of two digits or more."""
    return [w for w in _WORD.findall(text) if w[0].isupper() or (w.isdigit() and len(w) > 1)]


def not_ordinal(query: Query) -> Callable[[str], bool]:
    """A word that is not the figure of the question's ordinal: "lần thứ 12" asks for the
    twelfth, which the ordinal constraint reads however an article writes it ("12e",
    "twelfth"); its bare "12" names nothing, and matches "12 năm" (twelve years)."""
    figure = str(query.constraints.ordinal) if query.constraints.ordinal is not None else ""
    return lambda word: word != figure


class NamesChannel(LexicalChannel):
    name = "names"

    def __init__(self, index: LexicalIndex, places: Places | None = None) -> None:
        super().__init__(index)
        self.places = places
        self._bridged = lru_cache(maxsize=BRIDGED_CACHE)(self._read_bridged)

    def _read_bridged(self, expansion: tuple[str, ...]) -> frozenset[str]:
        """The countries named by a question's glossary expansion (kept: a long text to
        read, and the same concepts come back question after question)."""
        if self.places is None:
            return frozenset()
        return frozenset(self.places.codes("\n".join(expansion)))

    def query_tokens(self, query: Query) -> list[str]:
        """Names and numbers the glossary does not already bridge, plus the concept tokens.

        A capitalised word that names a glossary concept ("MoU", "UK", "Interpol") is
        matched across languages by its concept token already; only the rest (people,
        places, bodies, figures) are what this channel adds.
        """
        phrasing = question_words()
        bridged = set(content_tokens(" ".join(query.expansion)))
        keep = not_ordinal(query)
        words = [
            w
            for w in content_tokens(" ".join(neutral_words(query.text)))
            if w not in phrasing and w not in bridged and keep(w)
        ]
        words.extend(concept_tokens(query.concepts))
        if self.places is not None and query.constraints.partners:
            # Partners the glossary names are bridged by their concept token already.
            named = self._bridged(query.expansion)
            words.extend(partner_tokens(query.constraints.partners - named))
        return [w for w in dict.fromkeys(words) if w in self.index.vocab]

    def retrieve(self, query: Query, k: int) -> list[Hit]:
        if not any(not t.startswith("__") for t in self.query_tokens(query)):
            return []  # nothing but concepts: the lexical channel already says all there is
        return super().retrieve(query, k)
