"""Acts a sentence tells as done rather than reports: "implement signed documents".

"Who signed the memorandum?" wants the sentence where someone signs it. A sentence that only
describes a document by its signing ("the two sides should implement signed cooperation
documents", "les documents de coopération signés", "các văn kiện đã ký") names people who
did something else: the minister who *suggested* implementing them. Each language pack says
how its participles describe a document (``entities.done_acts``); an agent ("signed by",
"signé par") keeps the act.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.lang.fold import fold_aligned
from rag.lang.pack import packs

CACHE = 50_000  # sentences read


@lru_cache(maxsize=8)
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in packs().for_language(language).entities.done_acts)


@lru_cache(maxsize=CACHE)
def without_done_acts(sentence: str, language: str) -> str:
    """``sentence`` with each participle that describes a document blanked out (spaces, so
    offsets hold); the sentence itself when it has none or cannot be aligned."""
    patterns = _patterns(language)
    folded = fold_aligned(sentence) if patterns else None
    if folded is None:
        return sentence
    spans = [m.span("act") for p in patterns for m in p.finditer(folded)]
    if not spans:
        return sentence
    chars = list(sentence)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
