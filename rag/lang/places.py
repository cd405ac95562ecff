"""Countries and territories in every UI language, from CLDR (Babel), not hand lists.

Questions name partners in the asker's language ("Brésil", "Campuchia", "the British side")
while articles name them in theirs; CLDR carries every territory's name in every language,
so a partner the corpus has never seen is still recognised (and a question about it can be
refused instead of answered from another country's article).

CLDR has no nationality adjectives. They come from two general properties of the languages:
a language name is the adjective of the territory whose name it shares a stem with
("Japanese"/"Japan", "allemand"/"Allemagne"), and regular adjectives are the territory's
stem plus one of the language's nationality suffixes ("Cambodi-an", "australi-en"). The
irregular ones ("British", "américain") and the short names CLDR keeps as alternates that
Babel does not ship ("UK", "Mỹ") come from the language packs as ``extra`` names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from rag.lang.fold import fold_aligned
from rag.lang.pack import Packs
from rag.lang.text import after_given_name, fold, opens_clause, written_in_vietnamese

# Territory codes that are not countries but are named in news as partners.
_GROUPINGS = ("EU",)
_VOWELS = "aeiouy"
_STEM_MIN = 5  # shorter stems ("Ital", "Chin") collide with ordinary words and names
_QUALIFIED_MIN = 2  # a word qualifying this many territory names is a qualifier (South...)


@dataclass(frozen=True)
class PlaceMention:
    code: str
    start: int
    end: int
    text: str


def _split_parenthetical(name: str) -> list[str]:
    """CLDR writes "Myanmar (Burma)": both are names of the territory."""
    match = re.fullmatch(r"(.+?) \((.+)\)", name)
    return [match.group(1), match.group(2)] if match else [name]


def _stem(name: str) -> str:
    folded = fold(name)
    return folded.rstrip(_VOWELS) if " " not in folded else ""


def _cldr_names(languages: Sequence[str]) -> dict[str, dict[str, list[str]]]:
    from babel import Locale  # imported here: only building the table needs it

    names: dict[str, dict[str, list[str]]] = {}
    for language in languages:
        locale = Locale.parse(language)
        for code, name in locale.territories.items():
            if (len(code) == 2 and code.isalpha() and code not in ("ZZ", "UN", "EZ")) or (
                code in _GROUPINGS
            ):
                names.setdefault(code, {}).setdefault(language, []).extend(
                    _split_parenthetical(name)
                )
    return names


def _language_adjectives(
    languages: Sequence[str], names: Mapping[str, Mapping[str, Sequence[str]]]
) -> dict[str, dict[str, list[str]]]:
    """Language names that are nationality adjectives, by the shared-stem rule."""
    from babel import Locale
    from babel.languages import get_territory_language_info

    official: dict[str, list[tuple[float, str]]] = {}
    for code in names:
        for lang, info in get_territory_language_info(code).items():
            if info.get("official_status") in ("official", "de_facto_official"):
                official.setdefault(lang, []).append((float(info["population_percent"] or 0), code))
    adjectives: dict[str, dict[str, list[str]]] = {}
    for language in languages:
        locale = Locale.parse(language)
        for lang, territories in official.items():
            label = locale.languages.get(lang)
            if not label or " " in label:
                continue
            head = fold(label)[:4]
            matching = [
                (share, code)
                for share, code in territories
                if any(
                    fold(word).startswith(head)
                    for name in names[code].get(language, ())
                    if not _named_after(name, label)
                    for word in name.split()
                )
            ]
            if matching:
                code = max(matching)[1]
                adjectives.setdefault(code, {}).setdefault(language, []).append(label)
    return adjectives


def _inflections(word: str, suffixes: Sequence[str]) -> list[str]:
    """A nationality adjective's other genders and numbers: the forms of the suffix it ends
    in ("italien" -> "italienne", "italiens"; "coréen" -> "coréenne"). CLDR and the
    language-name rule give one form, and French agrees it with its noun ("la police
    italienne")."""
    if not word.isalpha():
        return []
    endings = [fold(s) for s in suffixes if word.endswith(fold(s))]
    if not endings:
        return []
    ending = max(endings, key=len)
    base = word[: -len(ending)]
    if len(base) < 3:
        return []
    return [base + fold(s) for s in suffixes if fold(s).startswith(ending)]


def _qualified_adjectives(alias: dict[tuple[str, ...], str]) -> None:
    """ "South Korean", "nord-coréen": the adjective of a territory named by a word and a
    qualifier ("South Korea", "Corée du Nord") is the qualifier and the adjective of the word.
    Qualifiers are the words that qualify two territories or more in CLDR's names (north,
    south, sud, nord...); without them "North Korean" would be read as Korean, the language
    whose name is that of South Korea."""
    pairs: list[tuple[str, str, str]] = []  # qualifier, word, code
    for key, code in alias.items():
        if len(key) == 2:
            pairs.append((key[0], key[1], code))
        elif len(key) == 3 and key[1] in ("du", "de", "del"):
            pairs.append((key[2], key[0], code))
    codes: dict[str, set[str]] = {}
    for qualifier, _word, code in pairs:
        codes.setdefault(qualifier, set()).add(code)
    qualifiers = {q for q, found in codes.items() if len(found) >= _QUALIFIED_MIN}
    singles = {key[0]: code for key, code in alias.items() if len(key) == 1}
    for qualifier, word, code in pairs:
        if qualifier not in qualifiers or word not in singles:
            continue
        for adjective, of in list(singles.items()):
            if of == singles[word] and adjective != word and adjective[:4] == word[:4]:
                alias.setdefault((qualifier, adjective), code)


def _named_after(name: str, label: str) -> bool:
    """A territory named with the language's adjective ("French Polynesia", "partie
    néerlandaise") is named after the nation, not the nation's source: its name shares the
    stem, but the language's speakers are not its nationals."""
    words = [fold(word) for word in name.split()]
    return len(words) > 1 and any(word.startswith(fold(label)) for word in words)


class Places:
    """Territory names by code and language; finds mentions in any language."""

    def __init__(
        self,
        names: Mapping[str, Mapping[str, Sequence[str]]],
        suffixes: Mapping[str, Sequence[str]] | None = None,
        ordinary: Iterable[str] = (),
        adjectives: Mapping[tuple[str, str], Sequence[str]] | None = None,
    ) -> None:
        self.names = {
            code: {lang: tuple(v) for lang, v in by.items()} for code, by in names.items()
        }
        self.suffixes = {lang: tuple(v) for lang, v in (suffixes or {}).items()}
        # Folded words that are also ordinary words of the domain ("réunion" is a meeting
        # before it is La Réunion): they name a territory only as its whole CLDR name, with
        # its article, within a sentence (``_written_as_name``).
        self.ordinary = frozenset(fold(word) for word in ordinary)
        # (code, language) -> the nationality adjectives the language-name rule found.
        self.adjectives = {k: tuple(fold(a) for a in v) for k, v in (adjectives or {}).items()}

    @classmethod
    def from_cldr(
        cls,
        languages: Sequence[str] = ("en", "fr", "vi"),
        extra: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
        suffixes: Mapping[str, Sequence[str]] | None = None,
        ordinary: Iterable[str] = (),
    ) -> Places:
        """CLDR names, language-name adjectives, then ``extra`` (language -> code -> names).
        Of ``ordinary`` words, those that are a territory's whole CLDR name are kept
        (adjectives such as "britannique" are lowercase by grammar and stay places)."""
        names = _cldr_names(languages)
        whole = {fold(n) for by in names.values() for labels in by.values() for n in labels}
        ordinary = [word for word in ordinary if fold(word) in whole]
        known = _language_adjectives(languages, names)
        for code, by in known.items():
            for lang, adjectives in by.items():
                names[code].setdefault(lang, []).extend(adjectives)
        for lang, by_code in (extra or {}).items():
            for code, more in by_code.items():
                names.setdefault(code, {}).setdefault(lang, []).extend(more)
        own = {(code, lang): found for code, by in known.items() for lang, found in by.items()}
        return cls(names, suffixes, ordinary, own)

    @classmethod
    def regions(cls, languages: Sequence[str] = ("en", "fr", "vi")) -> Places:
        """CLDR's world regions ("Southeast Asia", "Asie du Sud-Est", "Đông Nam Á"): places a
        report names, never a partner (the world itself is left out: "world" is a word)."""
        from babel import Locale  # imported here: only building the table needs it

        names: dict[str, dict[str, list[str]]] = {}
        for language in languages:
            for code, name in Locale.parse(language).territories.items():
                if code.isdigit() and code != "001":
                    names.setdefault(code, {}).setdefault(language, []).append(name)
        return cls(names)

    @classmethod
    def from_packs(cls, packs: Packs, ordinary: Iterable[str] = ()) -> Places:
        """CLDR names in every pack's language, plus each pack's own additions."""
        return cls.from_cldr(
            packs.codes,
            extra={code: dict(pack.entities.places) for code, pack in packs.languages.items()},
            suffixes={
                code: pack.entities.nationality_suffixes for code, pack in packs.languages.items()
            },
            ordinary=ordinary,
        )

    def name(self, code: str, language: str) -> str:
        """The display name in ``language`` (CLDR's first), else English, else the code."""
        by = self.names.get(code, {})
        for lang in (language, "en"):
            if by.get(lang):
                return by[lang][0]
        return code

    @cached_property
    def _aliases(self) -> tuple[dict[tuple[str, ...], str], dict[str, set[str]]]:
        """Folded token sequences -> code, plus how short names are written."""
        alias: dict[tuple[str, ...], str] = {}
        short: dict[str, set[str]] = {}
        for code, by in self.names.items():
            for lang, labels in by.items():
                for label in labels:
                    key = tuple(_TOKEN.findall(fold(label)))
                    if key and len("".join(key)) >= 2:
                        alias.setdefault(key, code)
                    if len(label) <= 4:
                        short.setdefault(fold(label), set()).add(label)
                    stem = _stem(label)
                    suffixes = self.suffixes.get(lang, ())
                    if self._guessed(code, lang, stem, suffixes):
                        for suffix in suffixes:
                            alias.setdefault((stem + fold(suffix),), code)
                    for form in _inflections(fold(label), suffixes):
                        alias.setdefault((form,), code)
        _qualified_adjectives(alias)
        return alias, short

    def _guessed(self, code: str, lang: str, stem: str, suffixes: Sequence[str]) -> bool:
        """Whether the territory's adjective in ``lang`` is guessed as its stem plus each of
        the language's suffixes. Not when the language's own adjective is the stem plus one
        of them ("franç-ais"): a territory takes one suffix, and the others coin given names
        ("franç-ois": François) rather than adjectives."""
        if len(stem) < _STEM_MIN or not stem.isalpha():
            return False
        known = self.adjectives.get((code, lang), ())
        return not any(a == stem + fold(s) for a in known for s in suffixes)

    @cached_property
    def _starts(self) -> dict[str, tuple[int, ...]]:
        """First word of a name (or its plural) -> the word counts of names it starts, longest
        first: most words start none, and the others few."""
        alias, _short = self._aliases
        lengths: dict[str, set[int]] = {}
        for key in alias:
            lengths.setdefault(key[0], set()).add(len(key))
            if len(key) == 1:
                lengths.setdefault(key[0] + "s", set()).add(1)
        return {word: tuple(sorted(n, reverse=True)) for word, n in lengths.items()}

    def find(self, text: str) -> list[PlaceMention]:
        """Mentions, longest name first; short names only where written as names.

        A name of at most four letters ("UK", "Lào", "Mỹ") must be written as CLDR or the
        pack writes it, and a one-syllable name right after a capitalised word is the given
        name ending a Vietnamese personal name ("Nguyễn Tuấn Anh", "Minh Đức").
        """
        alias, short = self._aliases
        vietnamese = written_in_vietnamese(text)
        aligned = fold_aligned(text)
        folded = fold(text) if aligned is None else aligned
        same_length = aligned is not None
        words = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
        found: list[PlaceMention] = []
        starts = self._starts
        i = 0
        while i < len(words):
            sizes = starts.get(words[i][0])
            if sizes is None:
                i += 1
                continue
            for n in (size for size in sizes if size <= len(words) - i):
                key = tuple(w for w, _s, _e in words[i : i + n])
                code = alias.get(key)
                if code is None and key[-1].endswith("s"):  # "Cambodians", "coréens"
                    code = alias.get((*key[:-1], key[-1][:-1]))
                    key = (*key[:-1], key[-1][:-1])
                if code is None:
                    continue
                start, end = words[i][1], words[i + n - 1][2]
                original = text[start:end] if same_length else folded[start:end]
                if same_length and not self._written_as_name(
                    code, " ".join(key), original, text, start, short, vietnamese
                ):
                    continue
                found.append(PlaceMention(code, start, end, original))
                i += n - 1
                break
            i += 1
        return found

    def _written_as_name(
        self,
        code: str,
        key: str,
        original: str,
        text: str,
        start: int,
        short: Mapping[str, set[str]],
        vietnamese: bool,
    ) -> bool:
        if key.split()[-1] in self.ordinary:
            # A territory named by an ordinary word of the domain ("réunion", a meeting) is
            # only its whole CLDR name with its article, within a sentence ("à La Réunion"):
            # "la réunion", "la 14e Réunion ministérielle", a title's "Réunion" are meetings.
            written = {n for names in self.names.get(code, {}).values() for n in names}
            whole = len(original.split()) > 1 and original in written
            return whole and not opens_clause(text, start)
        if original.islower() and vietnamese and len(key) <= 4:
            return False  # Vietnamese capitalises "Lào"; "lao động" is labour
        forms = short.get(key)
        if forms is not None and original not in forms and original.rstrip("s") not in forms:
            return False
        syllables = key.split()
        if len(syllables) > 1 and max(map(len, syllables)) <= 3 and original.islower():
            return False  # "an do" in "Bộ Công an do..." typed bare is no "Ấn Độ"
        return not (len(key) <= 3 and not original.isupper() and after_given_name(text, start))

    def codes(self, text: str) -> set[str]:
        return {m.code for m in self.find(text)}

    def all_names(self, code: str) -> Iterable[str]:
        for labels in self.names.get(code, {}).values():
            yield from labels


_TOKEN = re.compile(r"\w+")
