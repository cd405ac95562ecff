"""Does the retrieved text support an answer at all? Abstaining beats inventing.

Two signals that need no model: the question names an entity (a country, a
person, a year) that none of the passages mention, or the question is an attempt
to steer the bot rather than a question about the articles.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.lang.dates import months
from rag.lang.glossary import Glossary
from rag.lang.pack import Packs, packs
from rag.lang.text import fold, stopwords

ENTITY_TYPES = ("country", "person", "place")

_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_NAME = re.compile(r"(?<![\w'’])([A-Z][a-z]{2,}(?:[ -][A-Z][a-z]{2,})*)\b")


@lru_cache(maxsize=1)
def _injection(loaded: Packs) -> tuple[re.Pattern[str], ...]:
    """Every language's patterns apply to every question: an attack may switch language."""
    return tuple(re.compile(p) for p in loaded.union(lambda pack: pack.injection))


def is_injection(question: str) -> bool:
    folded = fold(question)
    return any(p.search(folded) for p in _injection(packs()))


def _candidate_names(question: str, glossary: Glossary) -> list[str]:
    """Capitalised ASCII words past the first word that the glossary does not know."""
    names: list[str] = []
    body = question.strip()
    first_word_end = len(body.split(" ", 1)[0])
    for match in _NAME.finditer(body):
        if match.start() < first_word_end:
            continue
        name = match.group(1)
        if fold(name) in stopwords() or fold(name) in months() or glossary.concepts_in(name):
            continue
        names.append(name)
    return names


def unsupported_entities(
    question: str, language: str, passages: list[str], glossary: Glossary
) -> list[str]:
    """Entities the question is about that no passage mentions (empty list: no objection)."""
    text = "\n".join(passages)
    folded_text = fold(text)
    asked = glossary.of_type(glossary.concepts_in(question), *ENTITY_TYPES)
    present = glossary.concepts_in(text)
    missing = sorted(asked - present)
    missing += [y for y in _YEAR.findall(question) if y not in text]
    if packs().for_language(language).capitalised_names:  # else rely on the glossary alone
        missing += [n for n in _candidate_names(question, glossary) if fold(n) not in folded_text]
    return missing
