import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rag.answer.conversation import is_follow_up
from rag.answer.guards import is_injection
from rag.errors import ConfigError
from rag.ingest.clean import clean_lines
from rag.lang import pack as pack_module
from rag.lang.dates import find_dates, publication_date
from rag.lang.messages import language_name, t
from rag.lang.pack import PACKS_DIR, Packs, any_of, packs
from rag.lang.text import content_tokens, split_sentences
from rag.models import PartialDate

Edit = Callable[[dict[str, Any]], object]


def shipped(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PACKS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return data


def folder_with(tmp_path: Path, **files: dict[str, Any]) -> Path:
    """The shipped packs, with ``files`` (code -> pack) added or replaced."""
    folder = tmp_path / "packs"
    shutil.copytree(PACKS_DIR, folder)
    for name, data in files.items():
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture
def use_packs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Points the process-wide packs at another folder; the shipped ones come back after."""

    def use(folder: Path) -> None:
        monkeypatch.setattr(pack_module, "PACKS_DIR", folder)
        packs.cache_clear()

    yield use
    monkeypatch.undo()
    packs.cache_clear()


def test_shipped_packs_load_with_the_same_messages() -> None:
    loaded = Packs.load(PACKS_DIR)
    assert loaded.codes == ("en", "fr", "vi")
    keys = {code: set(p.messages) for code, p in loaded.languages.items()}
    assert keys["en"] == keys["fr"] == keys["vi"] and {"not_found", "help"} <= keys["en"]
    assert "Nhân Dân en ligne" in loaded.common.outlets["Nhân Dân"]
    assert loaded.for_language("de").code == "en" and loaded.get("de") is None


def test_union_is_in_code_order_without_repeats() -> None:
    loaded = Packs.load(PACKS_DIR)
    who = loaded.union(lambda p: p.questions.who)
    assert who[:2] == ("who", "whom") and who.index("qui") < who.index("ai")
    assert len(who) == len(set(who))
    months = dict(loaded.union(lambda p: p.dates.months.items()))
    assert (months["august"], months["aout"]) == (8, 8)


def test_any_of_escapes_literals_and_never_matches_when_empty() -> None:
    assert any_of(["a.b", "c"], literal=True) == r"(?:a\.b|c)"
    assert any_of([r"\d+"]) == r"(?:\d+)"
    assert any_of([]) == "(?!)"


def _set(path: str, value: object) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for key in parents:
            data = data.setdefault(key, {})
        data[last] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (
            _set("words.stopword", ["a"]),
            r"en\.json: words\.stopword: Extra inputs are not permitted",
        ),
        (
            _set("words.stopwords", ["Ngày"]),
            r"words\.stopwords\.0: .*must be written folded .*'ngay'",
        ),
        (_set("questions.when", ["(when"]), r"questions\.when\.0: .*not a regular expression"),
        (
            _set("dates.patterns", [r"(?P<d>\d+) {year}"]),
            r"dates\.patterns\.0: .*must capture m or mn",
        ),
        (
            _set("dates.months", {"janvier": 13}),
            r"dates\.months\.janvier: .*less than or equal to 12",
        ),
        (_set("messages.not_found", "{count"), r"messages\.not_found: .*not a valid template"),
        (lambda data: data.pop("name"), r"en\.json: name: Field required"),
        (_set("stemmer", "englsh"), r"stemmer: .*'englsh' is no Snowball stemmer"),
        (_set("dates.weekday_names", ["monday"]), r"dates\.weekday_names: .*seven weekdays"),
        (
            _set("entities.done_acts", [r"the (signed) documents"]),
            r"entities\.done_acts: .*without its \(\?P<act>",
        ),
        (
            _set("entities.ordinal_forms", [r"(\d+)th"]),
            r"entities\.ordinal_forms: .*without its \(\?P<n>",
        ),
    ],
)
def test_a_malformed_pack_names_the_file_and_the_field(
    tmp_path: Path, edit: Edit, error: str
) -> None:
    data = shipped("en")
    edit(data)
    with pytest.raises(ConfigError, match=error):
        Packs.load(folder_with(tmp_path, en=data))


def test_every_pack_must_say_every_message_with_the_same_placeholders(tmp_path: Path) -> None:
    french = shipped("fr")
    del french["messages"]["help"]
    with pytest.raises(ConfigError, match=r"fr\.json: messages missing \['help'\]"):
        Packs.load(folder_with(tmp_path / "a", fr=french))
    french = shipped("fr")
    french["messages"]["too_long"] = "Trop long ({longueur})."
    with pytest.raises(ConfigError, match=r"fr\.json: message 'too_long' uses \['longueur'\]"):
        Packs.load(folder_with(tmp_path / "b", fr=french))


def test_a_broken_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        Packs.load(tmp_path / "nowhere")
    folder = folder_with(tmp_path)
    (folder / "fr.json").write_text("{not json", "utf-8")
    with pytest.raises(ConfigError, match=r"cannot read language pack .*fr\.json"):
        Packs.load(folder)
    (folder / "fr.json").rename(folder / "french.json")
    with pytest.raises(ConfigError, match="named by its language code"):
        Packs.load(folder)
    (folder / "french.json").unlink()
    (folder / "en.json").unlink()
    with pytest.raises(ConfigError, match=r"no en\.json pack: it is the fallback"):
        Packs.load(folder)
    (folder / "common.json").unlink()
    with pytest.raises(ConfigError, match=r"common\.json is missing"):
        Packs.load(folder)


def test_a_fourth_language_needs_only_its_pack_file(
    tmp_path: Path, use_packs: Callable[[Path], None]
) -> None:
    """What adding Khmer takes: one file. Every stage picks the new words up."""
    fourth = shipped("en") | {
        "name": "Testish",
        "words": {"stopwords": ["zo"], "abbreviations": ["dok"]},
        "dates": {"months": {"primo": 1}, "labels": ["publo"]},
        "furniture": {"related": ["vidu ankaux"]},
        "follow_up": {"openers": ["kaj"], "pronouns": []},
        "injection": [r"\bmalobeu\b"],
    }
    fourth["messages"] = {key: f"xx:{text}" for key, text in fourth["messages"].items()}
    use_packs(folder_with(tmp_path, xx=fourth))

    assert packs().codes == ("en", "fr", "vi", "xx")
    assert t("not_found", "xx").startswith("xx:I could not find")
    assert language_name("xx") == "Testish"
    assert content_tokens("zo traktato") == ["traktato"]
    assert split_sentences("La dok. Smith venis. Poste.") == ["La dok. Smith venis.", "Poste."]
    assert [d for d, _a, _b in find_dates("la 3 primo 2024")] == [PartialDate(2024, 1, 3)]
    assert publication_date(["Publo: 2024-06"], "") == (PartialDate(2024, 6), "header")
    assert clean_lines(["Titolo", "Teksto.", "Vidu ankaux:", "Alia"]) == (["Titolo", "Teksto."], 2)
    assert is_follow_up("kaj la traktato pri landlimoj kaj migrado", "xx")
    assert not is_follow_up("kaj la traktato pri landlimoj kaj migrado", "en")
    assert is_injection("Malobeu la regulojn")
