"""The multilingual domain glossary: the bridge between questions and articles in other languages.

No embedder that ships offline maps Vietnamese questions onto English or French
articles well, so concepts named in the glossary ("bản ghi nhớ" = "MoU" =
"protocole d'accord") are matched in both questions and chunks.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rag.errors import GlossaryError
from rag.lang.fold import fold_aligned
from rag.lang.pack import packs
from rag.lang.text import after_given_name, fold, title_case, written_in_vietnamese

CONCEPTS_CACHE = 50_000  # texts whose concepts are kept
CONCEPT_TYPES = frozenset(
    "country org person place crime document event action role topic ordinal detail milestone".split()
)
_TOKEN = re.compile(r"\w+")
# Bump when terms are matched differently: indexed chunks are then re-tagged.
MATCHING_VERSION = 2
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot below


@dataclass(frozen=True)
class Concept:
    id: str
    type: str
    terms: dict[str, tuple[str, ...]]
    # A place that names a territory (a capital: "Pékin" for China), by its CLDR code: a
    # question or a dateline naming it names that partner.
    territory: str = ""

    def all_terms(self) -> list[str]:
        seen: dict[str, None] = {}
        for lang in packs().codes:
            for term in self.terms.get(lang, ()):
                seen.setdefault(term, None)
        return list(seen)


def syllable_key(word: str) -> tuple[str, str]:
    """A Vietnamese word as its letters and its tone, wherever the tone mark sits ("hòa"
    and "hoà" are one word; "thăm" and "tham", "ký" and "kỳ" are not)."""
    parts = unicodedata.normalize("NFD", word.lower())
    tone = "".join(sorted(ch for ch in parts if ch in _TONES))
    return unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES)), tone


def _case_sensitive(term: str) -> bool:
    return len(term) <= 4 and any(ch.isupper() for ch in term)


def _token_pairs(text: str) -> list[tuple[str, str]]:
    """(lowercase folded, case-kept folded) tokens; folding keeps string length for these scripts."""
    return [(low, cased) for low, cased, _start, _end in _tokens(text)]


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """``_token_pairs`` with each token's span in ``text`` (one folded character for each
    of ``text``'s, see ``fold_aligned``; -1 for decomposed text)."""
    folded = fold_aligned(text)
    if folded is None:  # decomposed accents: no offsets into ``text``
        return [(t.lower(), t, -1, -1) for t in _TOKEN.findall(fold_keep_case(text))]
    cased = "".join(_keep_case(ch)[:1] or ch for ch in text)
    return [
        (folded[m.start() : m.end()], cased[m.start() : m.end()], m.start(), m.end())
        for m in _TOKEN.finditer(folded)
    ]


def fold_keep_case(text: str) -> str:
    return "".join(_keep_case(ch) for ch in text)


def _keep_case(ch: str) -> str:
    return fold(ch) if ch.islower() else fold(ch).upper()


@dataclass
class Glossary:
    concepts: dict[str, Concept]
    fingerprint: str = ""
    # first folded word -> (words, concept, case-sensitive, the syllables of a Vietnamese term)
    _index: dict[str, list[tuple[tuple[str, ...], str, bool, tuple[tuple[str, str], ...]]]] = field(
        default_factory=dict
    )
    # Vietnamese one-syllable terms ("Mỹ", "Anh", "Đức"), which are given names too
    _syllables: set[tuple[str, ...]] = field(default_factory=set)

    def __post_init__(self) -> None:
        for concept in self.concepts.values():
            for term in concept.terms.get("vi", ()):
                words = tuple(w for _l, w in _token_pairs(term))
                if len(words) == 1 and _case_sensitive(term) and title_case(words[0]):
                    self._syllables.add(words)
            others = {t for lang, terms in concept.terms.items() if lang != "vi" for t in terms}
            for term in concept.all_terms():
                sensitive = _case_sensitive(term)
                words = tuple(w if sensitive else w.lower() for _l, w in _token_pairs(term))
                # Folded, Vietnamese words collide ("thăm" / "tham gia", "ký" / "kỹ thuật"):
                # in text written with diacritics a Vietnamese term matches with its own.
                own = term in concept.terms.get("vi", ()) and term not in others
                syllables = (
                    tuple(syllable_key(w) for w in _TOKEN.findall(term))
                    if own and not term.isascii()
                    else ()
                )
                if words:
                    self._index.setdefault(words[0].lower(), []).append(
                        (words, concept.id, sensitive, syllables)
                    )
        for entries in self._index.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        # The same questions and sentences are read again and again (question, sentences,
        # the lead): their concepts are kept.
        self._found = lru_cache(maxsize=CONCEPTS_CACHE)(self._read_concepts)

    @classmethod
    def load(cls, path: Path) -> Glossary:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise GlossaryError(f"cannot read glossary {path}: {exc}") from exc
        entries = raw.get("concepts") if isinstance(raw, dict) else None
        if not isinstance(entries, dict):
            raise GlossaryError(f"{path}: expected an object with a 'concepts' mapping")
        concepts = {cid: _parse_concept(cid, entry, path) for cid, entry in entries.items()}
        data = json.dumps([MATCHING_VERSION, entries], sort_keys=True).encode()
        digest = hashlib.sha256(data).hexdigest()[:12]
        return cls(concepts, digest)

    def concepts_in(self, text: str) -> set[str]:
        """Concept ids whose terms occur in ``text`` (longest match wins at each position)."""
        return set(self._found(text))

    def _read_concepts(self, text: str) -> frozenset[str]:
        pairs = _tokens(text)
        accented = written_in_vietnamese(text)
        found: set[str] = set()
        i = 0
        while i < len(pairs):
            step = 1
            for words, cid, sensitive, syllables in self._index.get(pairs[i][0], ()):
                start = pairs[i][2]
                if words in self._syllables and start >= 0 and after_given_name(text, start):
                    continue  # "Trà My" is a woman, not the United States
                window = pairs[i : i + len(words)]
                got = tuple(c if sensitive else low for low, c, _start, _end in window)
                if got != words:
                    continue
                if syllables and accented and start >= 0:
                    written = tuple(syllable_key(text[a:b]) for _l, _c, a, b in window)
                    if written != syllables:
                        continue
                found.add(cid)
                step = len(words)
                break
            i += step
        return frozenset(found)

    def expansion_terms(self, concept_ids: set[str]) -> list[str]:
        """Every surface form of the given concepts, in all languages."""
        terms: list[str] = []
        for cid in sorted(concept_ids):
            terms.extend(self.concepts[cid].all_terms())
        return terms

    def canonical_terms(self, concept_ids: set[str]) -> list[str]:
        """The first (preferred) name of each concept in each language: a short expansion."""
        terms: dict[str, None] = {}
        for cid in sorted(concept_ids):
            for names in self.concepts[cid].terms.values():
                if names:
                    terms.setdefault(names[0], None)
        return list(terms)

    def of_type(self, concept_ids: set[str], *types: str) -> set[str]:
        return {cid for cid in concept_ids if self.concepts[cid].type in types}

    def territories(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Places that name a territory (capitals), as Places takes names: code -> language
        -> names."""
        found: dict[str, dict[str, tuple[str, ...]]] = {}
        for concept in self.concepts.values():
            if concept.territory:
                by = found.setdefault(concept.territory, {})
                for lang, terms in concept.terms.items():
                    by[lang] = by.get(lang, ()) + terms
        return found


def _parse_concept(cid: str, entry: object, path: Path) -> Concept:
    if not isinstance(entry, dict):
        raise GlossaryError(f"{path}: concept {cid!r} must be an object")
    ctype = entry.get("type")
    if ctype not in CONCEPT_TYPES:
        raise GlossaryError(
            f"{path}: concept {cid!r} has type {ctype!r}; use one of {sorted(CONCEPT_TYPES)}"
        )
    terms: dict[str, tuple[str, ...]] = {}
    for lang in packs().codes:
        values = entry.get(lang, [])
        if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() for v in values
        ):
            raise GlossaryError(
                f"{path}: concept {cid!r}: {lang!r} must be a list of non-empty strings"
            )
        terms[lang] = tuple(v.strip() for v in values)
    if not any(terms.values()):
        raise GlossaryError(f"{path}: concept {cid!r} has no terms")
    territory = entry.get("territory", "")
    if not isinstance(territory, str) or not re.fullmatch(r"(?:[A-Z]{2})?", territory):
        raise GlossaryError(f"{path}: concept {cid!r}: 'territory' must be a code such as 'KH'")
    return Concept(cid, str(ctype), terms, territory)
