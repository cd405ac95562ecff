from rag.answer.selection import quotable
from rag.ingest.captions import beside_credits, caption_indices, is_caption, mark
from rag.ingest.parse import parse_article
from rag.lang.text import split_sentences
from rag.models import CAPTION_MARK

PARA = (
    "Minister To Lam and Home Secretary Sajid Javid signed the memorandum of understanding "
    "on anti-human trafficking cooperation during talks in London."
)


def test_caption_forms_are_found() -> None:
    lines = [
        "Headline of the story",
        PARA,
        "Minister To Lam and Sajid Javid at the signing ceremony. Photo: VNA",  # credit in line
        "Lors de la cérémonie de signature, tenue le 20 juin. Crédit : Europol",
        "Bộ trưởng Tô Lâm tại lễ ký kết",  # next to a bare credit line
        "Ảnh: Bộ Công an",
        PARA + " It was the first such agreement.",
        "The delegations pose for a group photo in Hanoi",  # repeated further down
        "Further talks are planned for next year in Hanoi, the ministry said.",
        "The delegations pose for a group photo in Hanoi",
        "Alt text of the picture",
    ]
    beside = beside_credits(lines)
    assert beside == {"Bộ trưởng Tô Lâm tại lễ ký kết"}
    found = caption_indices(lines, frozenset({"Alt text of the picture"}), beside)
    assert found == {2, 3, 4, 7, 9, 10}


def test_a_paragraph_set_off_from_a_closing_credit_is_no_caption() -> None:
    raw = ["Headline", "", "Londres avait déjà conclu un traité.", "", "Crédit photo : AFP"]
    assert beside_credits(raw) == frozenset()
    raw = ["Headline", "", "Crédit photo : VNA", "Les trois ministres lors de la conférence."]
    assert beside_credits(raw) == {"Les trois ministres lors de la conférence."}


def test_headline_and_long_paragraphs_are_never_captions() -> None:
    assert caption_indices(["Photo: a headline that names a credit", PARA]) == set()
    long = "Photo: " + PARA * 3
    assert caption_indices(["Headline", long]) == set()


def test_marked_caption_sentences_are_never_quoted_but_stay_in_the_text() -> None:
    text = (
        "Vietnam and UK sign trafficking memorandum\n\n"
        f"{PARA}\n\n"
        "Minister To Lam and Sajid Javid at the signing ceremony in London. Photo: VNA\n\n"
        "The document covers victim protection and the return of trafficked people.\n\n"
        "Minister To Lam and Sajid Javid at the signing ceremony in London. Photo: VNA\n"
    )
    article = parse_article(text, "a.txt", None, None, ("Signing ceremony in London",))
    sentences = split_sentences(article.text)
    captions = [s for s in sentences if is_caption(s)]
    assert "Minister To Lam and Sajid Javid at the signing ceremony in London." in article.text
    assert captions == [
        f"{CAPTION_MARK}Minister To Lam and Sajid Javid at the signing ceremony in London.",
        f"{CAPTION_MARK}Photo: VNA",
        f"{CAPTION_MARK}Signing ceremony in London",
    ]
    assert article.captions == 2
    assert any(reason == "repeated caption" for _line, reason in article.dropped)
    assert not any(quotable(s) for s in captions)
    assert quotable(PARA)


def test_mark_puts_every_sentence_behind_the_mark() -> None:
    assert (
        mark("One picture. Photo: VNA") == f"{CAPTION_MARK}One picture.\n{CAPTION_MARK}Photo: VNA"
    )


def test_a_publication_stamp_is_never_quoted() -> None:
    assert not quotable("Published: 19 Jan. 2020, 09:12")
    assert quotable("The talks were held in Hanoi on 19 January 2020 and lasted two hours.")


def test_a_short_line_placing_someone_in_the_picture_is_a_caption() -> None:
    """News photos name who stands where: "(left)", "(à droite)", "(trái)". Such a short
    line is a caption though it carries no credit; a region in parentheses ("Dà Nang
    (Centre)") or a long paragraph is not."""
    lines = [
        "Headline",
        "IGP Tan Sri Musa Hassan (left) with Vietnamese police chief Pham Quy Ngo in Hanoi.",
        "Le ministre Tô Lâm (à droite) et le général Wanlop Rugsanaoh, le 6 août.",
        "Polie Phan (trái) và Jaiden Nguyen tại cơ quan công an.",
        "Les forces de sécurité ont tenu mercredi à Dà Nang (Centre) leur 13e Conférence.",
        PARA + " Minister To Lam (right) thanked his host." + PARA,
    ]
    assert caption_indices(lines) == {1, 2, 3}
