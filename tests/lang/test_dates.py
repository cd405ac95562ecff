from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rag.lang.dates import find_dates, first_date, publication_date, strip_date_prefix
from rag.models import PartialDate

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip


def test_header_date_with_year_and_month_only() -> None:
    assert publication_date([" date 2024-10 Vietnam - Royaume-Uni"], "") == (
        PartialDate(2024, 10, None),
        "header",
    )


def test_vietnamese_weekday_dateline() -> None:
    found, source = publication_date(["Tiêu đề", "Thứ Hai, 15/08/2022, 11:59"], "")
    assert found == PartialDate(2022, 8, 15) and source == "header"


def test_month_day_without_year_keeps_year_unknown() -> None:
    found = first_date("On March 4, in Hanoi, the minister received a delegation.")
    assert found == PartialDate(None, 3, 4)
    assert found.iso() == "--03-04"


def test_french_day_month() -> None:
    assert first_date("ont eu le 3 août un entretien en ligne") == PartialDate(None, 8, 3)


def test_vietnamese_day_slash_month() -> None:
    assert first_date("Sáng 15/8, tại Hà Nội") == PartialDate(None, 8, 15)


def test_impossible_dates_are_rejected() -> None:
    assert first_date("31/02/2022") is None
    assert first_date("on 45/13") is None


def test_strip_date_prefix_keeps_the_title() -> None:
    assert (
        strip_date_prefix(" date 2024-10 Vietnam - Royaume-Uni : lutte")
        == "Vietnam - Royaume-Uni : lutte"
    )
    assert strip_date_prefix("Vietnam, UK ink MoU") == "Vietnam, UK ink MoU"


def test_sort_key_orders_partial_dates() -> None:
    assert PartialDate(2022, 8, 15).sort_key() < PartialDate(2024, 10).sort_key()


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2039, 12, 31)))
def test_every_format_of_a_real_date_parses_back(d: date) -> None:
    expected = PartialDate(d.year, d.month, d.day)
    for text in (
        d.isoformat(),
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}",
        f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}",
        f"ngày {d.day} tháng {d.month} năm {d.year}",
    ):
        found = [p for p, _a, _b in find_dates(f"Signed {text} in Hanoi.")]
        assert found == [expected], text
