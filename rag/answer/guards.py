"""Does the retrieved text support an answer at all? Abstaining beats inventing.

Two signals that need no model: the question names an entity (a country, a
person, a year) that none of the passages mention, or the question is an attempt
to steer the bot rather than a question about the articles.
"""

from __future__ import annotations

import re

from rag.lang.dates import MONTHS
from rag.lang.glossary import Glossary
from rag.lang.text import STOPWORDS, fold

ENTITY_TYPES = ("country", "person", "place")

_INJECTION = [
    re.compile(p)
    for p in (
        r"\b(ignore|disregard|forget)\b.{0,40}\b(instruction|rule|prompt|above|previous)",
        r"\b(system|hidden|initial|original) (prompt|instructions?|message)\b",
        r"\b(reveal|show|print|repeat|tell me)\b.{0,30}\b(prompt|instructions?|rules)\b",
        r"\byou are now\b|\bact as\b|\bjailbreak\b|\bdeveloper mode\b",
        r"\b(ignore[rz]?|oublie[rz]?)\b.{0,40}\b(instructions?|consignes?|regles)\b",
        r"\bprompt (systeme|initial)\b|\b(revele|montre|affiche)[rsz]?\b.{0,30}\b(prompt|instructions?|consignes?)\b",
        r"\bbo qua\b.{0,40}\b(huong dan|chi dan|lenh|quy tac)\b",
        r"\b(loi nhac|prompt|chi dan) he thong\b|\b(tiet lo|hien thi|in ra)\b.{0,30}\b(prompt|huong dan|chi dan)\b",
    )
]

_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_NAME = re.compile(r"(?<![\w'’])([A-Z][a-z]{2,}(?:[ -][A-Z][a-z]{2,})*)\b")


def is_injection(question: str) -> bool:
    folded = fold(question)
    return any(p.search(folded) for p in _INJECTION)


def _candidate_names(question: str, glossary: Glossary) -> list[str]:
    """Capitalised ASCII words past the first word that the glossary does not know."""
    names: list[str] = []
    body = question.strip()
    first_word_end = len(body.split(" ", 1)[0])
    for match in _NAME.finditer(body):
        if match.start() < first_word_end:
            continue
        name = match.group(1)
        if fold(name) in STOPWORDS or fold(name) in MONTHS or glossary.concepts_in(name):
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
    if language != "vi":  # Vietnamese capitalises common nouns in titles; rely on the glossary
        missing += [n for n in _candidate_names(question, glossary) if fold(n) not in folded_text]
    return missing
