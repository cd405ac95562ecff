"""Acronyms an article defines, so a sentence using one meets the words it stands for.

Reports spell a body out once, "the Australian Federal Police (AFP)", and use the acronym
after: "AFP Commissioner Tony Negus attended". A question naming "the Australian Federal
Police" shares no word with that sentence, and one asking about "the AFP" none with the
first. Within the article that defines it, a sentence holding the acronym also holds the
name's words, and one holding the name also holds the acronym. Only definitions whose
capitalised words' initials spell the acronym are read ("Ministry of Public Security
(MPS)", "Korean National Police Agency (KNPA)"), which a parenthesis holding anything else
("(VNA)", "(giờ địa phương)") is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rag.lang.text import fold

_DEFINED = re.compile(
    r"((?:[A-Z][\w’'-]*\s+(?:(?:of|for|on|and|the|in|de|du|des|la|le|et|pour)\s+)*){2,8})"
    r"\(([A-Z][A-Za-z]{1,9})\)"
)
DOCS_CACHE = 4096  # articles whose definitions are kept


def defined(text: str) -> dict[str, str]:
    """Acronym -> the name it stands for, as the text defines them."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        acronym = match.group(2)
        letters = [c for c in acronym if c.isupper()]
        words = match.group(1).split()
        capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
        if len(letters) < 2 or len(capitals) < len(letters):
            continue
        first = capitals[-len(letters)]
        if [words[i][0] for i in capitals[-len(letters) :]] != letters:
            continue
        found.setdefault(acronym, " ".join(words[first:]))
    return found


class Acronyms:
    """What a sentence gains from its article's acronyms, as scoring features."""

    def __init__(
        self, text: Callable[[str], str], features: Callable[[str], frozenset[str]]
    ) -> None:
        self.text = text  # an article's text, by its id
        self.features = features  # a text's scoring features (words and concepts)
        self._read = lru_cache(maxsize=DOCS_CACHE)(self._definitions)

    def _definitions(self, doc: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
        """(folded acronym, folded name, the name's features) of each definition."""
        return tuple(
            (fold(acronym), fold(name), self.features(name))
            for acronym, name in defined(self.text(doc)).items()
        )

    def gained(self, sentence: str, words: frozenset[str], doc: str) -> frozenset[str]:
        """The features ``sentence`` (whose features are ``words``) holds through its
        article's acronyms: the name's where it holds the acronym, and the reverse."""
        definitions = self._read(doc)
        if not definitions:
            return frozenset()
        gained: set[str] = set()
        folded = ""
        for acronym, name, name_features in definitions:
            if acronym in words:
                gained |= name_features
            else:
                folded = folded or fold(sentence)
                if name in folded:
                    gained.add(acronym)
        return frozenset(gained)
