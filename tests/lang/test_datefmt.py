import pytest

from rag.lang.datefmt import Style, format_partial
from rag.models import PartialDate

VI = {
    "long": {"ymd": "'ngày' d 'tháng' M 'năm' y", "md": "'ngày' d 'tháng' M", "y": "'năm' y"},
}


@pytest.mark.parametrize(
    ("date", "language", "style", "shown"),
    [
        (PartialDate(2022, 8, 15), "en", "long", "August 15, 2022"),
        (PartialDate(2022, 8, 15), "fr", "long", "15 août 2022"),
        (PartialDate(2022, 8, 15), "vi", "long", "ngày 15 tháng 8 năm 2022"),
        (PartialDate(None, 11, 21), "en", "long", "November 21"),
        (PartialDate(None, 11, 21), "fr", "long", "21 novembre"),
        (PartialDate(None, 11, 21), "vi", "long", "ngày 21 tháng 11"),
        (PartialDate(2024, 10), "en", "long", "October 2024"),
        (PartialDate(2024, 10), "fr", "long", "octobre 2024"),
        (PartialDate(2024, 10), "vi", "long", "tháng 10 năm 2024"),
        (PartialDate(2024), "vi", "long", "năm 2024"),
        (PartialDate(2024), "en", "long", "2024"),
        # Source lines: abbreviated months, still no invented parts.
        (PartialDate(None, 11, 21), "en", "short", "Nov 21"),
        (PartialDate(2024, 10), "en", "short", "Oct 2024"),
        (PartialDate(2022, 8, 15), "fr", "short", "15 août 2022"),
        (PartialDate(), "en", "long", ""),
    ],
)
def test_known_parts_only(date: PartialDate, language: str, style: Style, shown: str) -> None:
    assert format_partial(date, language, style, {"vi": VI}.get(language)) == shown
