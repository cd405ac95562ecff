"""Glossary expansion: the concepts of a question and their names, for both channels."""

from __future__ import annotations

from rag.lang.glossary import Glossary
from rag.retrieve.base import Query
from rag.retrieve.glossary import GlossaryExpansion
from rag.settings import Settings

GLOSSARY = Glossary.load(Settings().glossary_path)


def test_concepts_found_and_named_in_every_language() -> None:
    query = GlossaryExpansion(GLOSSARY).transform(Query("bản ghi nhớ về mua bán người"))
    assert "mou" in query.concepts
    assert query.expansion == tuple(GLOSSARY.expansion_terms(set(query.concepts)))
    assert query.dense_text.startswith("bản ghi nhớ về mua bán người\n")
    assert "memorandum of understanding" in query.dense_text.lower()


def test_dense_expansion_can_be_turned_off_and_plain_questions_pass_unchanged() -> None:
    off = GlossaryExpansion(GLOSSARY, expand_dense=False).transform(Query("bản ghi nhớ"))
    assert off.dense_text == "bản ghi nhớ" and off.concepts
    plain = GlossaryExpansion(GLOSSARY).transform(Query("weather tomorrow"))
    assert (plain.concepts, plain.expansion, plain.dense_text) == (
        frozenset(),
        (),
        "weather tomorrow",
    )
