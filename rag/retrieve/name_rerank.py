"""Post-processor: an article that names the question's people, bodies and figures ranks up.

A question that names someone ("When did To Lam speak by phone with James Cleverly?") is
about the article that names them, not about a same-topic article that names a successor
(a 2024 call with Yvette Cooper). Names are written the same in English, French and
Vietnamese once diacritics are folded, so this works across languages where the question's
other words cannot. Like the partner and year constraints, this is read per article (the
name may sit in another paragraph than the passage that matched): each candidate's score is
scaled by the share of the question's names its article holds, weighted by how rare each
name is, so a rare surname counts more than a common capitalised word.

Which words are names: the names channel's language-neutral words (capitalised words and
numbers of two digits or more) that are not question phrasing, not bridged by the glossary
(a concept is matched by its own token), not part of a country name (the partner constraint
reads those) and not years or the ordinal's figure (the year and ordinal constraints read those).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.lang.dates import find_dates
from rag.lang.places import Places
from rag.lang.text import content_tokens, named_in
from rag.models import RetrievedChunk
from rag.retrieve.base import Query
from rag.retrieve.facets import ArticleFacets
from rag.retrieve.names import neutral_words, not_ordinal

MIN_IDF = 1.5  # a word in more than about a fifth of the passages names nothing in particular
_YEAR = re.compile(r"(?:19|20)\d{2}")
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """The names channel's neutral words, but not the question's first word (capitalised
    because it opens the sentence) unless it is an acronym ("TIP", "AFP") or starts a run
    of capitalised words ("Gheorghe Nica")."""
    out = neutral_words(text)
    first = _WORD.findall(text)[:2]
    opening = bool(out and first) and out[0] == first[0] and not first[0].isupper()
    if opening and (len(first) < 2 or not first[1][0].isupper()):
        out = out[1:]
    return out


class NameRerank:
    name = "name_rerank"

    def __init__(
        self,
        facets: ArticleFacets,
        places: Places,
        idf: Callable[[str], float],
        known: Callable[[str], bool],
        ordinary: Callable[[str], bool],
        weight: float = 0.5,
    ) -> None:
        self.facets = facets
        self.places = places
        self.idf = idf
        self.known = known
        self.ordinary = ordinary
        self.weight = weight

    def names(self, query: Query) -> dict[str, float]:
        """The question's name tokens (folded) with their weight (idf)."""
        text = query.text
        spans = [(m.start, m.end) for m in self.places.find(text)]
        spans += [(a, b) for _d, a, b in find_dates(text)]
        for start, end in sorted(spans, reverse=True):
            text = f"{text[:start]}{' ' * (end - start)}{text[end:]}"
        bridged = set(content_tokens(" ".join(query.expansion)))
        keep = not_ordinal(query)
        weights: dict[str, float] = {}
        for word in _words(text):
            for token in content_tokens(word):
                if token in bridged or self.ordinary(token) or _YEAR.fullmatch(token):
                    continue
                if not keep(token):
                    continue
                if not self.known(token):
                    continue  # no article has it: support.py refuses unknown people
                weight = self.idf(token)
                if weight >= MIN_IDF:
                    weights[token] = weight
        return weights

    def process(
        self, query: Query, items: list[RetrievedChunk], top_k: int
    ) -> list[RetrievedChunk]:
        weights = self.names(query)
        if not weights:
            return items
        total = sum(weights.values())
        share: dict[str, float] = {}
        for item in items:
            doc = item.chunk.doc_id
            if doc not in share:
                folded = self.facets.folded(doc)
                share[doc] = sum(w for t, w in weights.items() if named_in(t, folded)) / total
            met = 2.0 * share[doc] - 1.0  # +1: every name in the article, -1: none
            item.score *= 1.0 + self.weight * met
            item.fit += met
        return sorted(items, key=lambda item: -item.score)
