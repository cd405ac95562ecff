"""Article facets read from all of an article's chunks, and the rerank they drive."""

from dataclasses import replace

import pytest

from rag.lang.pack import packs
from rag.lang.places import Places
from rag.models import RetrievedChunk
from rag.retrieve.base import Query
from rag.retrieve.constraint_rerank import ConstraintRerank, ReadConstraints
from rag.retrieve.constraints import ConstraintReader, Facets
from rag.retrieve.facets import ArticleFacets
from tests.support.chunks import make_chunk


@pytest.fixture(scope="module")
def reader() -> ConstraintReader:
    return ConstraintReader.from_packs(Places.from_packs(packs()), packs())


CHUNKS = [
    make_chunk("au-2009", 0, "Vietnam and Australia signed an MoU on transnational crime.", date_sort=20090805),
    make_chunk("au-2009", 1, "The Australian side welcomed the third round of talks."),
    make_chunk("au-2016", 0, "Vietnam and Australia signed a new MoU on crime.", date_sort=20160318),
    make_chunk("kh-2016", 0, "Vietnam and Cambodia signed an MoU on crime.", date_sort=20160318),
]  # fmt: skip


def test_facets_come_from_every_chunk_and_the_publication_date(reader: ConstraintReader) -> None:
    facets = ArticleFacets(CHUNKS, reader)
    first = facets.get("au-2009")
    assert first.partners == {"AU"} and first.years == {2009} and first.ordinals == {3}
    assert facets.get("unknown").partners == frozenset()
    assert facets.text("au-2009").startswith("Title of au-2009\n")


def test_the_rerank_puts_the_asked_partner_and_year_first(reader: ConstraintReader) -> None:
    facets = ArticleFacets(CHUNKS, reader)
    query = ReadConstraints(reader).transform(Query("Who signed the 2016 MoU with Australia?"))
    assert query.constraints.partners == {"AU"} and query.constraints.years == {2016}
    fused = [RetrievedChunk(chunk, 1.0 - i / 10) for i, chunk in enumerate(CHUNKS)]
    ranked = ConstraintRerank(facets).process(query, fused, top_k=4)
    assert ranked[0].chunk.doc_id == "au-2016"
    assert ranked[-1].chunk.doc_id == "kh-2016"  # the other partner sinks whatever its year


def test_no_constraint_leaves_the_fused_order(reader: ConstraintReader) -> None:
    facets = ArticleFacets(CHUNKS, reader)
    query = ReadConstraints(reader).transform(Query("What was agreed on crime?"))
    fused = [RetrievedChunk(chunk, 1.0 - i / 10) for i, chunk in enumerate(CHUNKS)]
    assert ConstraintRerank(facets).process(query, list(fused), 4) == fused


def test_facets_stored_at_index_time_are_used_as_they_are(reader: ConstraintReader) -> None:
    """A chunk carrying stored facets is not read again: what the indexer stored is used."""
    stored = Facets(partners=frozenset({"KH"}), years=frozenset({2020}), days=frozenset({(3, 4)}))
    chunk = make_chunk("au-2009", 0, "Vietnam and Australia signed an MoU.", date_sort=20090805)
    tagged = replace(chunk, meta=replace(chunk.meta, facets=stored.tokens()))
    assert ArticleFacets([tagged], reader).get("au-2009") == stored


def test_stored_facets_round_trip_and_foreign_tokens_are_not_facets() -> None:
    facets = Facets(
        partners=frozenset({"AU", "GB"}),
        years=frozenset({2009, 2016}),
        days=frozenset({(8, 5)}),
        ordinals=frozenset({3}),
        mentioned=frozenset({"AU", "GB", "FR"}),
    )
    assert Facets.from_tokens(facets.tokens()) == facets
    assert Facets.from_tokens(Facets().tokens()) == Facets()
    assert Facets.from_tokens(()) is None  # an index written before facets were stored
    assert Facets.from_tokens(("facets0", "p:AU")) is None  # another version: read again
