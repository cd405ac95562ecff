"""The filter model: the Chroma ``where`` and the Python test come from one set of conditions,
and on a table of cases Chroma and the BM25 mask admit exactly the same chunks."""

from __future__ import annotations

import pytest

from rag.errors import FilterError
from rag.index.bm25 import LexicalIndex
from rag.index.store import ChunkIndex
from rag.models import Filters
from rag.retrieve.lexical import LexicalChannel
from tests.support.chunks import make_chunk
from tests.support.embedding import hash_index

CHUNKS = [
    make_chunk("en-2019", language="en", date_sort=20191121),
    make_chunk("en-2024-month", language="en", date_sort=20241000),
    make_chunk("fr-2022", language="fr", date_sort=20220615),
    make_chunk("fr-2022", position=1, language="fr", date_sort=20220615),
    make_chunk("vi-undated", language="vi", date_sort=0),
    make_chunk("vi-no-year", language="vi", date_sort=1121),  # "--11-21": year unknown
    make_chunk("en-2022-year", language="en", date_sort=20220000),
]

CASES = [
    (Filters(), None),
    (Filters(languages=("fr",)), {"language": {"$in": ["fr"]}}),
    (
        Filters(languages=("en", "vi"), date_to=20221231),
        {
            "$and": [
                {"language": {"$in": ["en", "vi"]}},
                {"date_year": {"$gt": 0}},
                {"date_sort": {"$lte": 20221231}},
            ]
        },
    ),
    (
        Filters(date_from=20220101),
        {"$and": [{"date_year": {"$gt": 0}}, {"date_sort": {"$gte": 20220101}}]},
    ),
    (Filters(date_from=20220101, date_to=20221231), None),
    (Filters(date_from=20241001, date_to=20241031), None),
    (Filters(date_to=20000101), None),
    (Filters(languages=("km",)), None),
]


@pytest.mark.parametrize(("filters", "where"), [c for c in CASES if c[1] is not None])
def test_where_clause(filters: Filters, where: dict[str, object]) -> None:
    assert filters.to_where() == where


def test_no_filter_is_no_where_clause() -> None:
    assert Filters().to_where() is None and Filters().conditions() == ()


def test_a_date_range_never_admits_undated_or_yearless_articles() -> None:
    admitted = {c.doc_id for c in CHUNKS if Filters(date_to=20991231).accepts(c.meta)}
    assert admitted == {"en-2019", "en-2024-month", "fr-2022", "en-2022-year"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ChunkIndex:
    return hash_index(tmp_path_factory.mktemp("filters"), "filters", CHUNKS)


@pytest.mark.parametrize("filters", [c[0] for c in CASES])
def test_chroma_where_and_bm25_mask_agree(index: ChunkIndex, filters: Filters) -> None:
    stored = index.collection.get(where=filters.to_where(), include=[])
    mask = LexicalChannel(LexicalIndex(CHUNKS)).mask(filters)
    allowed = [True] * len(CHUNKS) if mask is None else list(mask)
    by_mask = {c.chunk_id for c, ok in zip(CHUNKS, allowed, strict=True) if ok}
    by_test = {c.chunk_id for c in CHUNKS if filters.accepts(c.meta)}
    assert set(stored["ids"]) == by_mask == by_test


def test_the_table_covers_empty_and_partial_results() -> None:
    sizes = {sum(f.accepts(c.meta) for c in CHUNKS) for f, _w in CASES}
    assert 0 in sizes and len(CHUNKS) in sizes and len(sizes) >= 4


@pytest.mark.parametrize(
    ("date_from", "date_to", "bounds"),
    [
        ("2022", None, (20220000, None)),  # a year-only article of 2022 is in
        (None, "2022", (None, 20229999)),
        ("2022-08", "2022-08", (20220800, 20220899)),  # the whole of August
        (" 2022-08-15 ", "2022-08-15", (20220815, 20220815)),
        ("", "", (None, None)),
    ],
)
def test_partial_date_bounds_cover_their_whole_period(
    date_from: str | None, date_to: str | None, bounds: tuple[int | None, int | None]
) -> None:
    filters = Filters.parse("EN, fr", date_from, date_to)
    assert (filters.date_from, filters.date_to) == bounds and filters.languages == ("en", "fr")
    inside = make_chunk("in", date_sort=20220815).meta
    assert filters.accepts(inside)


@pytest.mark.parametrize(
    ("date_from", "date_to", "key"),
    [("2022-13", None, "filter_date"), (None, "2023-02-29", "filter_date"),
     ("22", None, "filter_date"), ("2024", "2022-12-31", "filter_range"),
     ("2022-09", "2022-08", "filter_range")],
)  # fmt: skip
def test_dates_that_are_not_dates_or_an_empty_range_are_refused(
    date_from: str | None, date_to: str | None, key: str
) -> None:
    with pytest.raises(FilterError) as caught:
        Filters.parse(None, date_from, date_to)
    assert caught.value.message_key == key


def test_languages_the_index_does_not_hold_are_refused() -> None:
    Filters.parse("fr", None, None).check_languages({"en": 3, "fr": 1})
    with pytest.raises(FilterError, match="No indexed article is in xx, km") as caught:
        Filters.parse("xx,fr,km", None, None).check_languages({"en": 3, "fr": 1})
    assert "the index holds en, fr" in caught.value.user_message("en")
