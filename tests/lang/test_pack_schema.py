"""The checks a pack's entries pass, on the schema's models alone (no pack file): how they
surface through loading, naming the file and the field, is in test_pack.py."""

import pytest
from pydantic import ValidationError

from rag.lang.pack_schema import YEAR, Dates, Entities, Furniture, Words


def test_a_part_a_pack_leaves_out_is_empty() -> None:
    assert Entities().side_nouns == () and Furniture().positions == ()


def test_word_lists_are_written_folded() -> None:
    assert Words(stopwords=frozenset({"ngay"})).stopwords == {"ngay"}
    with pytest.raises(ValidationError, match="must be written folded"):
        Words(stopwords=frozenset({"Ngày"}))


def test_a_pattern_names_the_group_its_reader_takes() -> None:
    assert Entities(ordinal_forms=(r"(?P<n>\d+)th",)).ordinal_forms == (r"(?P<n>\d+)th",)
    with pytest.raises(ValidationError, match=r"without its \(\?P<n>"):
        Entities(ordinal_forms=(r"(\d+)th",))


def test_a_date_pattern_gets_its_year_group_and_must_capture_a_month() -> None:
    (pattern,) = Dates(patterns=(r"(?P<d>\d+)/(?P<m>\d+)/{year}",)).patterns
    assert YEAR in pattern
    with pytest.raises(ValidationError, match="must capture m or mn"):
        Dates(patterns=(r"(?P<d>\d+) {year}",))
