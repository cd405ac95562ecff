"""Questions and passages that try to steer the bot instead of asking or informing.

The packs' injection patterns of every language apply to every text: an attack may switch
language. (Whether the articles support an answer at all is rag/answer/support.py.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.lang.pack import Packs, packs
from rag.lang.text import fold


@lru_cache(maxsize=1)
def _injection(loaded: Packs) -> tuple[re.Pattern[str], ...]:
    """Every language's patterns apply to every question: an attack may switch language."""
    return tuple(re.compile(p) for p in loaded.union(lambda pack: pack.injection))


def is_injection(question: str) -> bool:
    folded = fold(question)
    return any(p.search(folded) for p in _injection(packs()))


@lru_cache(maxsize=1)
def _harmful(loaded: Packs) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in loaded.union(lambda pack: pack.harmful))


def asks_for_harm(question: str) -> bool:
    """A request for help committing the crimes the articles report ("how can I get workers
    across the border without immigration checks?"): refused like an injection. Read of
    questions only: passages report such acts."""
    folded = fold(question)
    return any(p.search(folded) for p in _harmful(packs()))


def out_of_scope(question: str) -> bool:
    """Refused without retrieval's passages: an attempt to steer the bot, or a request for
    help with a crime."""
    return is_injection(question) or asks_for_harm(question)
