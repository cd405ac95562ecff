"""Language packs: every word list, cue and message of one language in one data file.

``rag/lang/packs/<code>.json`` (the file name is the ISO 639-1 code) holds a language's
stopwords, abbreviations, month names, date labels, page furniture, question cues,
follow-up cues, prompt-injection patterns and UI messages; ``common.json`` holds what no
language owns (news outlet names). The code keeps the language-independent logic and
builds its regular expressions from these lists the first time they are needed.

Adding a language (Khmer is likely next): copy ``en.json`` to ``km.json`` and translate
it. Nothing else is registered: the packs present are the languages the bot speaks, the
languages questions are detected in (py3langid must know the code) and the languages of
glossary terms (add "km" terms to rag/data/glossary.json). A pack is validated when the
packs load; a mistake is a ``ConfigError`` naming the file and the field.

Conventions, so that one rule covers every list: word and phrase lists are written folded
(lower case, no diacritics: "ngay dang"), because they are matched on folded text, and a
pack that breaks this is refused; cue, line and injection entries are regular expressions
over folded text. The fields of a pack and their checks are ``rag/lang/pack_schema.py``.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from rag.errors import ConfigError
from rag.lang.pack_schema import Common, LanguagePack

PACKS_DIR = Path(__file__).resolve().parent / "packs"
COMMON = "common"
DEFAULT_LANGUAGE = "en"  # the fallback for languages without a pack; its pack must exist
_CODE = re.compile(r"[a-z]{2,3}")

T = TypeVar("T")


def any_of(items: Iterable[str], *, literal: bool = False) -> str:
    """One regex group matching any item (escaped when ``literal``); never matches if empty."""
    parts = [re.escape(item) if literal else item for item in items]
    return f"(?:{'|'.join(parts)})" if parts else "(?!)"


class Packs:
    """Every language pack, by code, and the shared pack. Hashed by identity, so derived
    regexes can be cached per loaded set of packs."""

    def __init__(self, languages: Mapping[str, LanguagePack], common: Common) -> None:
        if DEFAULT_LANGUAGE not in languages:
            raise ConfigError(f"no {DEFAULT_LANGUAGE}.json pack: it is the fallback language")
        self.languages = dict(sorted(languages.items()))
        self.common = common
        _check_messages(self.languages)

    @classmethod
    def load(cls, folder: Path) -> Packs:
        if not folder.is_dir():
            raise ConfigError(f"language packs folder {folder} does not exist")
        common: Common | None = None
        languages: dict[str, LanguagePack] = {}
        for path in sorted(folder.glob("*.json")):
            if path.stem == COMMON:
                common = _validated(Common, path, {})
            elif _CODE.fullmatch(path.stem):
                languages[path.stem] = _validated(LanguagePack, path, {"code": path.stem})
            else:
                raise ConfigError(
                    f"{path}: a pack is named by its language code (e.g. km.json) or common.json"
                )
        if common is None:
            raise ConfigError(f"{folder / (COMMON + '.json')} is missing")
        return cls(languages, common)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.languages)

    def get(self, code: str | None) -> LanguagePack | None:
        return self.languages.get(code or "")

    def for_language(self, code: str | None) -> LanguagePack:
        """The pack of ``code``, or the default language's when there is none."""
        return self.get(code) or self.languages[DEFAULT_LANGUAGE]

    def union(self, part: Callable[[LanguagePack], Iterable[T]]) -> tuple[T, ...]:
        """``part`` of every pack, in code order, without repeats: the words of all languages."""
        return tuple(dict.fromkeys(item for pack in self.languages.values() for item in part(pack)))


def _validated(model: type[Any], path: Path, extra: dict[str, str]) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read language pack {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a JSON object")
    try:
        return model.model_validate({**data, **extra})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigError(f"{path}: {problems}") from exc


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def _check_messages(languages: Mapping[str, LanguagePack]) -> None:
    """Every pack says every message the default pack says, with the same placeholders."""
    reference = languages[DEFAULT_LANGUAGE].messages
    for code, pack in languages.items():
        missing = sorted(reference.keys() - pack.messages.keys())
        unknown = sorted(pack.messages.keys() - reference.keys())
        if missing or unknown:
            raise ConfigError(
                f"{code}.json: messages missing {missing} and unknown {unknown} "
                f"(compare with {DEFAULT_LANGUAGE}.json)"
            )
        for key, template in pack.messages.items():
            if _fields(template) != _fields(reference[key]):
                raise ConfigError(
                    f"{code}.json: message {key!r} uses {sorted(_fields(template))}; "
                    f"{DEFAULT_LANGUAGE}.json uses {sorted(_fields(reference[key]))}"
                )


@lru_cache(maxsize=1)
def packs() -> Packs:
    """The packs shipped in ``PACKS_DIR``, loaded and validated on first use."""
    return Packs.load(PACKS_DIR)
