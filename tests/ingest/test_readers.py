from pathlib import Path

from rag.ingest.readers import SUPPORTED_SUFFIXES, reader_for
from rag.ingest.readers.text import TextReader
from rag.ingest.walk import ingest_folder
from rag.lang.text import split_sentences
from rag.models import CAPTION_MARK, PartialDate
from tests.support.documents import make_docx, make_pdf


def test_reader_is_chosen_by_suffix_case_insensitively() -> None:
    assert isinstance(reader_for(Path("a/b.TXT")), TextReader)
    assert isinstance(reader_for(Path("notes.md")), TextReader)
    assert reader_for(Path("image.png")) is None
    assert reader_for(Path("README")) is None
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx"} <= SUPPORTED_SUFFIXES


def test_text_reader_decodes_any_supported_encoding() -> None:
    assert TextReader().read("Coopération".encode("utf-16"), "a.txt").text == "Coopération"


PAGE = """<!doctype html><html lang="fr-FR"><head><title>Coopération - Le Courrier</title>
<meta property="og:site_name" content="Le Courrier du Vietnam">
<meta property="og:title" content="Le Vietnam et la France coopèrent contre la traite">
<meta property="article:published_time" content="2023-11-05T09:15:00+07:00"></head>
<body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Le Vietnam et la France coopèrent contre la traite</h1>
<p>Paris, 5 novembre (VNA) - Le vice-ministre de la Sécurité publique a reçu le 4 novembre
une délégation de la police française pour discuter de la lutte contre la traite.</p>
<figure><img src="a.jpg" alt="Le vice-ministre reçoit la délégation française">
<figcaption>Le vice-ministre et la délégation à Hanoï. Photo : VNA</figcaption></figure>
<p>Les deux parties ont convenu de renforcer l’échange d’informations et la formation des
enquêteurs, a indiqué le ministère dans un communiqué publié à Hanoï.</p></article>
<footer>Contact · Mentions légales</footer></body></html>"""


def test_html_page_gives_main_text_title_date_outlet_language_and_captions(
    tmp_path: Path,
) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [article] = ingest_folder(tmp_path).articles
    assert article.title == "Le Vietnam et la France coopèrent contre la traite"
    assert (article.title_source, article.date, article.date_source) == (
        "metadata",
        PartialDate(2023, 11, 5),
        "metadata",
    )
    assert (article.outlet, article.language) == ("Le Courrier du Vietnam", "fr")
    assert article.event_date == PartialDate(2023, 11, 4)  # "a reçu le 4 novembre"
    assert "Accueil" not in article.text and "Mentions légales" not in article.text
    assert "Les deux parties ont convenu de renforcer" in article.text
    captions = [s for s in split_sentences(article.text) if s.startswith(CAPTION_MARK)]
    assert f"{CAPTION_MARK}Le vice-ministre reçoit la délégation française" in captions


def test_html_without_article_text_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.htm").write_text("<html><head><title>T</title></head><body></body></html>")
    (tmp_path / "menu.html").write_text("<html><body><nav>Menu</nav></body></html>")
    result = ingest_folder(tmp_path)
    assert result.articles == []
    reasons = {s.source_file: s.reason for s in result.skipped}
    assert reasons == {
        "empty.htm": "no article text found in the page",
        "menu.html": "no article text after removing page boilerplate",
    }


def test_pdf_text_is_rejoined_and_page_numbers_dropped(tmp_path: Path) -> None:
    lines = [
        "Vietnam and Australia sign memorandum on transnational crime",
        "",
        "Canberra, 5 March (VNA) - The Vietnamese and Australian ministers signed a memorandum",
        "of understanding on combating transnational crime and trafficking in persons on",
        "Tuesday, the ministry said in a statement released after the talks in the capital.",
        "The document covers the exchange of information, joint investigations and training",
        "for police officers of both countries over the next five years, it added.",
        "",
        "1",
    ]
    (tmp_path / "release.pdf").write_bytes(make_pdf([lines], title="release.docx"))
    [article] = ingest_folder(tmp_path).articles
    assert article.title == "Vietnam and Australia sign memorandum on transnational crime"
    sentence = (
        "Canberra, 5 March (VNA) - The Vietnamese and Australian ministers signed a memorandum "
        "of understanding on combating transnational crime and trafficking in persons on "
        "Tuesday, the ministry said in a statement released after the talks in the capital."
    )
    assert sentence in split_sentences(article.text)
    assert not article.text.rstrip().endswith("1")
    assert (article.outlet, article.date) == ("VNA", PartialDate(None, 3, 5))


def test_pdf_without_text_and_broken_pdf_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[]]))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    reasons = {s.source_file: s.reason for s in ingest_folder(tmp_path).skipped}
    assert "no text layer" in reasons["scan.pdf"]
    assert reasons["broken.pdf"].startswith("not a readable PDF")


def test_docx_paragraphs_title_and_sidecar(tmp_path: Path) -> None:
    paragraphs = [
        "Vietnam and Cambodia sign 2023 cooperation plan",
        "Published: 04 Mar. 2023, 10:54",
        "Hanoi (VNA) - The two ministries reviewed their cooperation plan for 2022 and signed "
        "a plan for 2023 on Saturday.",
        "They agreed to share information on trafficking in persons.",
    ]
    (tmp_path / "plan.docx").write_bytes(make_docx(paragraphs, table=[["Signed by", "To Lam"]]))
    (tmp_path / "plan.docx.meta.yaml").write_text("outlet: Vietnam News\n")
    [article] = ingest_folder(tmp_path).articles
    assert article.title == paragraphs[0]
    assert (article.date, article.date_source) == (PartialDate(2023, 3, 4), "header")
    assert (article.outlet, article.outlet_source) == ("Vietnam News", "front-matter")
    assert "They agreed to share information" in article.text and "To Lam" in article.text
    # Word paragraphs are never re-joined, however short
    assert "\n\nThey agreed to share information on trafficking in persons." in article.text


def test_broken_docx_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04 not a zip")
    [skipped] = ingest_folder(tmp_path).skipped
    assert skipped.reason.startswith("not a readable Word (.docx) file")
