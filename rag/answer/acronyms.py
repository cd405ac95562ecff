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

from rag.lang.text import content_tokens, fold

_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
# Small words a name may hold between its capitalised ones ("Ministry of Public Security").
_CONNECTORS = frozenset("of for on and the in de du des la le et pour".split())
NAME_WORDS = 8  # capitalised words a spelt-out name may run to
_BEFORE = 160  # characters before the parenthesis looked at for the name
DOCS_CACHE = 4096  # articles whose definitions are kept


def defined(text: str) -> dict[str, str]:
    """Acronym -> the name it stands for, as the text defines them: a parenthesised acronym
    after a run of capitalised words whose initials spell it."""
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        letters = [c for c in acronym if c.isupper()]
        before = text[max(0, match.start() - _BEFORE) : match.start()]
        if len(letters) < 2 or not before[-1:].isspace():
            continue
        run: list[str] = []
        for word in reversed(before.split()):
            if word[:1].isupper():
                run.append(word)
            elif word not in _CONNECTORS or not run:
                break
            else:
                run.append(word)
            if sum(w[:1].isupper() for w in run) == len(letters):
                break
        words = run[::-1]
        if [w[0] for w in words if w[:1].isupper()] == letters and len(words) <= NAME_WORDS * 2:
            found.setdefault(acronym, " ".join(words))
    return found


class Acronyms:
    """What a sentence gains from its article's acronyms, as scoring features."""

    def __init__(
        self, text: Callable[[str], str], features: Callable[[str], frozenset[str]]
    ) -> None:
        self.text = text  # an article's text, by its id
        self.features = features  # a text's scoring features (words and concepts)
        self._read = lru_cache(maxsize=DOCS_CACHE)(self._definitions)

    def _definitions(self, doc: str) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
        """(folded acronym, the name's words, the name's features) of each definition."""
        return tuple(
            (fold(acronym), frozenset(content_tokens(name)), self.features(name))
            for acronym, name in defined(self.text(doc)).items()
        )

    def gained(self, words: frozenset[str], doc: str) -> frozenset[str]:
        """The features a sentence whose features are ``words`` holds through its article's
        acronyms: the name's where it holds the acronym, the acronym where it holds every
        word of the name."""
        gained: set[str] = set()
        for acronym, name_words, name_features in self._read(doc):
            if acronym in words:
                gained |= name_features
            elif name_words <= words:
                gained.add(acronym)
        return frozenset(gained)
