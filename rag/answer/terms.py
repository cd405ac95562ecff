"""Glossary terms that name a kind of entity: document types, kinds of crime, named bodies.

"Which document?" is answered by a sentence naming a document type ("memorandum of
understanding", "bản ghi nhớ"), "which crimes?" by one naming a crime type, "which
organisation?" by a body the glossary names; the entity finder looks for these terms.
"""

from __future__ import annotations

from rag.lang.glossary import Glossary
from rag.lang.text import fold

# Glossary concepts that name no kind of their type: "crime" / "tội phạm" is no kind of crime.
GENERIC = frozenset({"crime"})
# "agreement" / "accord" / "hiệp định" is said of any document: naming it asks for no kind.
GENERIC_DOCUMENTS = frozenset({"agreement"})
# "talks" / "met" / "hội đàm" is said of every meeting (a visit, a dialogue, a conference all
# hold talks): "the latest talks" asks for no kind of meeting.
GENERIC_EVENTS = frozenset({"talks"})


def type_terms(glossary: Glossary, kind: str) -> list[str]:
    """The glossary's terms of one type, folded, longest first: "which document?" is
    answered by a sentence that names a document type ("memorandum of understanding", "bản
    ghi nhớ"), "which crimes?" by one that names a kind of crime."""
    terms = {
        fold(term)
        for cid, concept in glossary.concepts.items()
        if concept.type == kind and cid not in GENERIC
        for term in concept.all_terms()
    }
    return sorted(terms, key=lambda term: (-len(term), term))  # ties in one order, every run


def named_bodies(glossary: Glossary) -> list[str]:
    """The glossary's bodies written as names (Interpol, IOM, Home Office, Bộ Công an),
    folded, longest first: "through which police body?" is answered by "Interpol", which no
    organisation word heads. Common nouns of the same concepts ("police", "courts") are not
    names of a body."""
    return _named(glossary, "org")


def named_places(glossary: Glossary) -> list[str]:
    """The glossary's places written as names ("Ho Chi Minh City", "TP.HCM", "Phnom Penh"),
    folded, longest first: read whole, "Chi" in "Ho Chi Minh City" is no title before a
    name. Kinds of place ("border gate") are not names of one."""
    return _named(glossary, "place")


def _named(glossary: Glossary, kind: str) -> list[str]:
    terms = {
        fold(term)
        for concept in glossary.concepts.values()
        if concept.type == kind
        for term in concept.all_terms()
        if term[:1].isupper()
    }
    return sorted(terms, key=lambda term: (-len(term), term))  # ties in one order, every run
