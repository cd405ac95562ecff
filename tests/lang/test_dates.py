from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.lang.dates import (
    Relative,
    complete_year,
    event_year,
    find_dates,
    find_relative,
    first_date,
    is_stamp,
    publication_date,
    resolve,
    strip_date_prefix,
)
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


@pytest.mark.parametrize("text", ["từ tháng 3-2021", "hồi tháng 3.2021", "tháng 3/2021"])
def test_vietnamese_month_and_year_with_any_separator(text: str) -> None:
    """The Vietnamese press writes a month and year with a dash, a dot or a slash."""
    assert first_date(text) == PartialDate(2021, 3, None)


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


def test_publication_stamp_forms_of_every_language() -> None:
    cases = {
        "Published: 04 Nov. 2025, 10:54": PartialDate(2025, 11, 4),
        "March 04, 2023 6:41 PM GMT+7": PartialDate(2023, 3, 4),
        "February 19, 2025 - 08:05": PartialDate(2025, 2, 19),
        "Đã đăng vào 20 Th1, 2020": PartialDate(2020, 1, 20),
        "Thứ Hai, 15/08/2022, 11:59": PartialDate(2022, 8, 15),
        "Mis à jour le 12/06/2023 à 09:15": PartialDate(2023, 6, 12),
        "Thu 25 Jul 2024 16.02 BST": PartialDate(2024, 7, 25),
    }
    for line, expected in cases.items():
        assert is_stamp(line), line
        assert publication_date(["Headline", line], "Body on 3 May.") == (expected, "header")


def test_vietnamese_day_month_with_a_dash() -> None:
    assert first_date("Hà Nội, ngày 26-11, hai bên đã ký") == PartialDate(None, 11, 26)
    assert first_date("ngày 28-11-2024, Quốc hội") == PartialDate(2024, 11, 28)


def test_a_sentence_with_a_date_is_no_stamp() -> None:
    assert not is_stamp("On March 24, 2014 the two ministers signed a memorandum in Hanoi.")
    assert not is_stamp("No date here, 10:54")


def test_year_completed_from_the_dateline_the_text_or_the_title() -> None:
    day = PartialDate(None, 11, 4)
    assert complete_year(day, "Paris, 4 novembre 2025 (VNA)", "", "") == (
        PartialDate(2025, 11, 4),
        "year from a year in the dateline",
    )
    body = "The plan was reviewed on November 2, 2023 and signed two days later."
    assert complete_year(day, "", "", body)[0] == PartialDate(2023, 11, 4)
    assert complete_year(day, "", "Kế hoạch hợp tác năm 2023", "")[0] == PartialDate(2023, 11, 4)


def test_year_stays_unknown_without_evidence_or_with_conflicting_evidence() -> None:
    day = PartialDate(None, 11, 19)
    # a later day of that month is an older event, not this article's year
    assert complete_year(day, "", "", "On 28 November 2024 the Assembly passed it.")[0] == day
    assert complete_year(day, "", "Review of 2019, plan for 2020", "")[0] == day
    assert complete_year(day, "", "Plan for 2008-2010", "")[0] == day
    assert complete_year(day, "", "", "")[0] == day


def test_event_year_is_the_latest_such_day_before_publication() -> None:
    assert event_year(PartialDate(None, 11, 4), PartialDate(2025, 11, 5)) == PartialDate(
        2025, 11, 4
    )
    assert event_year(PartialDate(None, 12, 30), PartialDate(2025, 1, 2)) == PartialDate(
        2024, 12, 30
    )
    assert event_year(PartialDate(None, 12, 30), PartialDate()) == PartialDate(None, 12, 30)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Rạng sáng 23-10-2019, cảnh sát hạt Essex", [PartialDate(2019, 10, 23)]),
        ("thăm và làm việc tại Đức từ ngày 26 đến 29-10.", [PartialDate(None, 10, 29)]),
        ("chiều 5-3 tại Hà Nội", [PartialDate(None, 3, 5)]),
        # Scores and year ranges are no dates.
        ("Vietnam won 2-1 in the final", []),
        ("giai đoạn 2010-2022", []),
    ],
)
def test_dashed_dates_of_the_vietnamese_press(text: str, found: list[PartialDate]) -> None:
    assert [d for d, _a, _b in find_dates(text)] == found


def test_a_month_first_numeric_date_is_read_when_it_can_only_be_one() -> None:
    """ "01/25/2024" (US outlets' stamps) has no 25th month: January 25; "03/04/2024" could
    be either and stays day first, as the domain's outlets write it."""
    assert first_date("Updated 01/25/2024 05:32 PM") == PartialDate(2024, 1, 25)
    assert first_date("03/04/2024") == PartialDate(2024, 4, 3)
    assert first_date("13/13/2024") is None


def test_a_vietnamese_date_after_an_ellipsis_is_read() -> None:
    """ "…" changes the folded length; the date after it is still found where it is."""
    text = "Các đường dây hoạt động tại Campuchia, Myanmar… Ngày 2 tháng 8, các lực lượng đột kích."
    found = [(date, text[a:b]) for date, a, b in find_dates(text)]
    assert found == [(PartialDate(None, 8, 2), "Ngày 2 tháng 8")]


@pytest.mark.parametrize(
    ("sentence", "filed", "day"),
    [
        # A weekday is the last one on or before the filing: the day before, or that day.
        (
            "Border guards on Wednesday received 63 citizens.",
            date(2025, 12, 18),
            date(2025, 12, 17),
        ),
        ("The minister arrived on Thursday.", date(2025, 12, 18), date(2025, 12, 18)),
        ("Le ministre a eu mardi à Pékin des entretiens.", date(2024, 8, 21), date(2024, 8, 20)),
        ("Chiều thứ Tư, hai bên đã hội đàm.", date(2024, 8, 22), date(2024, 8, 21)),
        ("Hôm nay, Hội nghị đã khai mạc tại Hà Nội.", date(2015, 5, 21), date(2015, 5, 21)),
        ("The talks ended yesterday.", date(2020, 3, 1), date(2020, 2, 29)),
        # "the same day" of a story is the day it reports
        (
            "...the state visit that the president began the same morning.",
            date(2024, 7, 11),
            date(2024, 7, 11),
        ),
        ("Le même jour, le ministre a reçu l'ambassadeur.", date(2024, 7, 11), date(2024, 7, 11)),
        ("Cùng ngày, Bộ trưởng đã tiếp ông Simon Ridley.", date(2025, 3, 4), date(2025, 3, 4)),
    ],
)
def test_a_day_named_relative_to_the_filing_is_dated_from_it(
    sentence: str, filed: date, day: date
) -> None:
    relative, start, end = next(find_relative(sentence))
    assert sentence[start:end].strip()
    anchor = PartialDate(filed.year, filed.month, filed.day)
    assert resolve(relative, anchor) == PartialDate(day.year, day.month, day.day)


def test_an_ordinal_is_no_weekday_and_an_unknown_filing_day_dates_nothing() -> None:
    # "thứ hai" is also "second": only after a time of day or "vào" is it Monday.
    assert list(find_relative("Hội nghị lần thứ hai diễn ra tại Hà Nội.")) == []
    assert resolve(Relative(weekday=2), PartialDate(2025, 12)) is None
