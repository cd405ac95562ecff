import datetime as dt
from pathlib import Path

import pytest

from rag.errors import IngestError
from rag.ingest.folder import ArticlesFolder
from rag.ingest.metadata import (
    coerce_date,
    derive_title,
    find_outlet,
    is_dateline,
    is_signature,
    outlet_in_dateline,
    outlet_in_folder,
    parse_sidecar,
    split_front_matter,
)
from rag.ingest.walk import ingest_folder
from rag.models import PartialDate


def test_front_matter_is_split_off_with_lower_case_keys() -> None:
    meta, body = split_front_matter("---\nTitle: T\nDate: 2024-10\n---\nBody.\n")
    assert (meta, body) == ({"title": "T", "date": "2024-10"}, "Body.\n")
    assert split_front_matter("No front matter.\n") == ({}, "No front matter.\n")


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(IngestError, match="mapping"):
        split_front_matter("---\n- a\n---\nBody.\n")


def test_sidecar_is_read_next_to_the_article(tmp_path: Path) -> None:
    folder = ArticlesFolder(tmp_path)
    assert folder.sidecar("a.txt") is None
    (tmp_path / "a.txt.meta.json").write_text('{"Outlet": "VNA"}')
    assert parse_sidecar(*folder.sidecar("a.txt") or ("", b"")) == {"outlet": "VNA"}
    (tmp_path / "a.txt.meta.json").write_text("{unclosed")
    with pytest.raises(IngestError, match="not valid YAML/JSON"):
        parse_sidecar(*folder.sidecar("a.txt") or ("", b""))


def test_outlet_from_signature_lead_or_reader_prompt() -> None:
    assert is_signature("VNA/CVN") and not is_signature("Vietnam and the UK")
    assert find_outlet(["Headline", "Text.", "VNA/CVN"]) == "VNA/CVN"
    assert find_outlet(["Vietnam and the UK - talks", "Text."]) == ""
    assert find_outlet(["VOV - The two sides met.", "Text."]) == "VOV"
    assert find_outlet(["Headline", "Mời quý độc giả theo dõi Báo Nhân Dân trên"]) == "Nhân Dân"


def test_dateline_is_a_date_and_little_else() -> None:
    assert is_dateline("Thứ Hai, 15/08/2022, 11:59")
    assert not is_dateline("On 15/08/2022 the two ministers met in Hanoi.")


def test_derived_title_is_cut_at_a_word() -> None:
    assert derive_title("Short first sentence. Second one.") == "Short first sentence"
    long = derive_title("word " * 40 + ".")
    assert long.endswith("…") and len(long) <= 91


def test_front_matter_dates() -> None:
    assert coerce_date(dt.date(2023, 5, 2)) == PartialDate(2023, 5, 2)
    assert coerce_date("2024-10") == PartialDate(2024, 10)
    with pytest.raises(IngestError, match="is not a date"):
        coerce_date("soon")


def test_outlet_from_the_dateline_source() -> None:
    assert outlet_in_dateline("Paris, 5 novembre (VNA)") == "VNA"
    assert outlet_in_dateline("Londres, 30 octobre (AFP/CVN)") == "AFP/CVN"
    assert outlet_in_dateline("Beijing (Xinhua)") == "Xinhua"
    assert outlet_in_dateline("La Haye (Europol)") == ""  # a source, but no news outlet
    assert find_outlet(["Headline", "Hanoi (VNA) - Text."], "Hanoi (VNA)") == "VNA"
    assert (
        find_outlet(["Headline", "Nhân Dân en ligne – Le ministère a dit."]) == "Nhân Dân en ligne"
    )


def test_outlet_from_the_folder_name() -> None:
    assert outlet_in_folder("Xinhua/2024/a.txt") == "Xinhua"
    assert outlet_in_folder("vov/a.txt") == "VOV"
    assert outlet_in_folder("2024/a.txt") == "" and outlet_in_folder("a.txt") == ""


def test_outlet_precedence_in_a_parsed_article(tmp_path: Path) -> None:
    folder = tmp_path / "Reuters"
    folder.mkdir()
    text = "Talks in Hanoi\n\nThe two ministers met in Hanoi on Monday to discuss cooperation.\n"
    (folder / "a.txt").write_text(text)
    (folder / "b.txt").write_text(text.replace("Hanoi on", "Hanoi (VNA) - They met on"))
    result = ingest_folder(tmp_path)
    outlets = {a.source_file: (a.outlet, a.outlet_source) for a in result.articles}
    assert outlets == {"Reuters/a.txt": ("Reuters", "folder"), "Reuters/b.txt": ("VNA", "text")}


def test_outlet_named_in_a_long_reader_prompt() -> None:
    prompt = "Mời quý độc giả theo dõi Báo điện tử Dân Việt trên Google News"
    assert find_outlet(["Headline", "Text of the article.", prompt]) == "Dân Việt"
