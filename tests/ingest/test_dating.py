from rag.ingest.dating import split_dateline
from rag.ingest.parse import parse_article
from rag.models import PartialDate

BODY = (
    "Le vice-ministre de la Sécurité publique a reçu le 4 novembre une délégation de la "
    "police française pour discuter de la lutte contre la traite des êtres humains."
)


def test_dateline_is_split_off_the_first_paragraph() -> None:
    assert split_dateline(f"Paris, 5 novembre (VNA) - {BODY}") == ("Paris, 5 novembre (VNA)", BODY)
    assert split_dateline("KUALA LUMPUR, Nov 21 -- Leaders signed.")[0] == "KUALA LUMPUR, Nov 21"
    assert split_dateline("VOV.VN - Border guards received 92 citizens.")[0] == "VOV.VN"
    # a headline with a dash is no dateline
    assert (
        split_dateline("Vietnam - France : renforcement de la coopération dans la lutte")[0] == ""
    )


def test_the_dateline_date_is_the_publication_date_and_the_event_stays_apart() -> None:
    article = parse_article(
        f"Coopération franco-vietnamienne\n\nParis, 5 novembre (VNA) - {BODY}\n", "a.txt"
    )
    assert (article.date, article.date_source) == (PartialDate(None, 11, 5), "dateline")
    assert article.event_date == PartialDate(None, 11, 4)
    assert article.outlet == "VNA"


def test_a_published_stamp_beats_a_signing_date_in_the_body() -> None:
    text = (
        "Vietnam, UK sign MoU on trafficking\n\nMarch 24, 2014 4:08 PM GMT+7\n\n"
        "The two ministers signed the memorandum on March 21, 2014 in London after talks.\n"
    )
    article = parse_article(text, "a.txt")
    assert (article.date, article.date_source) == (PartialDate(2014, 3, 24), "header")
    assert article.event_date == PartialDate(2014, 3, 21)
    assert "4:08 PM" in article.date_detail
    assert "March 24, 2014" not in article.text  # the stamp is not article text


def test_every_stamp_form_dates_an_article() -> None:
    stamps = {
        "Published: 04 Nov. 2025, 10:54": "2025-11-04",
        "February 19, 2025 - 08:05": "2025-02-19",
        "Đã đăng vào 20 Th1, 2020": "2020-01-20",
        "Thứ Hai, 15/08/2022, 11:59": "2022-08-15",
        "Mis à jour le 12/06/2023 à 09:15": "2023-06-12",
        "December 13, 2018": "2018-12-13",
    }
    for stamp, iso in stamps.items():
        text = f"A headline about cooperation\n\n{stamp}\n\nThe ministers met on 3 May to talk.\n"
        assert parse_article(text, "a.txt").date.iso() == iso, stamp


def test_stamp_above_the_headline_does_not_become_the_title() -> None:
    text = "Đã đăng vào 04 Th4, 2023\n\nBộ trưởng hội đàm với Nhật Bản\n\nNgày 3-4, hai bên đã hội đàm tại Tokyo về hợp tác.\n"
    article = parse_article(text, "a.txt")
    assert article.title == "Bộ trưởng hội đàm với Nhật Bản"
    assert article.date == PartialDate(2023, 4, 4)
    assert ("Đã đăng vào 04 Th4, 2023", "date line") in article.dropped


def test_a_yearless_date_takes_its_year_only_from_the_article() -> None:
    text = "Ký Kế hoạch hợp tác năm 2023\n\nHà Nội - Ngày 26-11, hai bộ đã ký kế hoạch.\n"
    article = parse_article(text, "a.txt")
    assert article.date == PartialDate(2023, 11, 26)
    assert "title and lead" in article.date_detail
    unknown = parse_article("Hai bộ ký kế hoạch\n\nNgày 26-11, hai bộ đã ký kế hoạch.\n", "b.txt")
    assert unknown.date.iso() == "--11-26"


def test_metadata_date_wins_over_the_page() -> None:
    text = "---\ndate: 2024-10-03\n---\nHeadline here\n\nPublished: 04 Nov. 2025, 10:54\n\nBody text of it.\n"
    article = parse_article(text, "a.txt")
    assert (article.date, article.date_source) == (PartialDate(2024, 10, 3), "front-matter")
    from_file = parse_article(
        "Headline here\n\nBody text of the article.\n", "a.html", None, {"date": "2022-01-05"}
    )
    assert (from_file.date, from_file.date_source) == (PartialDate(2022, 1, 5), "metadata")


def test_a_stamp_under_the_article_beats_the_lead_but_not_a_dateline() -> None:
    body = "Berlin - Ngày 28-10, hai bộ đã hội đàm về hợp tác phòng, chống tội phạm.\n\n" + "".join(
        f"Đoạn {n}: hai bên nhất trí tăng cường trao đổi thông tin và đào tạo.\n\n"
        for n in range(1, 5)
    )
    text = f"Bộ trưởng thăm Đức\n\n{body}Thứ Tư, 30/10/2024, 09:46\n"
    article = parse_article(text, "a.txt")
    assert (article.date, article.date_source) == (PartialDate(2024, 10, 30), "header")
    assert article.event_date == PartialDate(2024, 10, 28)
    dated = parse_article(text.replace("Berlin -", "Berlin, 29/10 (TTXVN) -"), "b.txt")
    assert (dated.date_source, dated.outlet) == ("dateline", "TTXVN")
