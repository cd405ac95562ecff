"""People, places and bodies in runs of capitalised words, read by general properties of
the three languages:

- a person's name is a run of capitalised words that are not ordinary words of the corpus
  (English, French) or, in Vietnamese, where every syllable of a name is capitalised and
  ordinary phrases are not, a run of capitalised syllables that does not open with an
  organisation word ("Bộ Công an") — titles before the name ("Minister", "Đại tướng",
  "M.") are cut off, and a single surname counts after a title ("Mr Javid", "ông Quang");
- a run after a locative ("tại Hà Nội", "in Bruges") or a lower-case kind of place
  ("tỉnh Quảng Bình") is a place; one headed by an organisation word is a body.

The per-language words (titles, organisation heads, name particles) come from the packs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from rag.answer.kinds import Entity, Kind, NameRules
from rag.lang.glossary import syllable_key
from rag.lang.text import fold, opens_clause, written_in_vietnamese

WORD = re.compile(r"[^\W\d_][\w’'.-]*", re.UNICODE)
# Whether a run opens with a Vietnamese body's first word ("Bộ", "Đảng"); None: no such word.
Opening = Callable[[list[re.Match[str]]], bool] | None


def capitalised(word: str) -> bool:
    """Written as a name: "Lâm", "To", or a short acronym ("UK", "C04"), not "UNODC" in capitals
    alone nor a lower-case word."""
    return (word[:1].isupper() and not word.isupper()) or (len(word) <= 3 and word.isupper())


@dataclass(frozen=True)
class NameReader:
    """Reads the runs of capitalised words of a sentence; ``EntityFinder`` keeps what it
    finds per sentence."""

    rules: NameRules
    common: Callable[[str], bool]  # an ordinary word of the corpus?

    def names(
        self, sentence: str, language: str, exclude: list[tuple[int, int]] | None = None
    ) -> list[Entity]:
        """Runs of capitalised words: a place after a locative ("tại Hà Nội", "in Bruges"),
        else a person's name when they pass the checks in the module docstring."""
        words = list(WORD.finditer(sentence))
        spans = exclude or []
        openers = self._openers(sentence, language)
        found: list[Entity] = []
        run: list[re.Match[str]] = []
        titled = located = False

        def close() -> None:
            nonlocal run, titled, located
            name = self._trim(run, sentence)
            if name:
                start, end = name[0].start(), name[-1].end()
                text = _POSSESSIVE.sub("", sentence[start:end]).rstrip(".,")
                if located and self._not_org(name, openers):
                    found.append(Entity(Kind.PLACE, text, start, end))
                elif (len(name) >= 2 or titled) and self._is_name(name, language, openers):
                    found.append(Entity(Kind.PERSON, text, start, end))
                elif len(name) >= 2 and not self._not_org(name, openers):
                    found.append(Entity(Kind.ORG, text, start, end))
            run, titled, located = [], False, False

        previous = ""
        skip = 0  # words of a compound title still to pass ("Tổng Bí thư")
        for i, m in enumerate(words):
            if skip:
                skip -= 1
                previous = fold(m.group(0))
                continue
            word = m.group(0).rstrip(".,’'")
            key = fold(word)
            in_place = any(a <= m.start() < b for a, b in spans)
            gap = sentence[words[i - 1].end() : m.start()] if i else ""
            ended = i > 0 and _ends_sentence(words[i - 1].group(0), self.rules.titles)
            if run and (gap.strip(" ") or in_place or ended):
                close()
            if in_place:
                previous = key
                continue
            following = [fold(w.group(0)) for w in words[i + 1 : i + 3]]
            size = self._title(key, following, word, language, bool(run))
            if size and not run and capitalised(word) and self._placed(words, i, previous):
                size = 0  # "tỉnh Bà Rịa", "province de Bà Ria": a place's first word, no title
            if size:
                if run and not titled and gap == " " and capitalised(word):
                    run = []  # "INL Assistant Secretary": words right before a title qualify it
                close()
                titled = True
                # A three-word title ("Tổng Bí thư") is passed whole: its capitalised second
                # word is no name. Two-word ones are read on, as before: their second word is
                # lower case, and some of the pairs are bodies ("Công an").
                skip = size - 1 if size == 3 else 0
            elif key in self.rules.not_names and _dating(words, i):
                close()
            elif (
                capitalised(word)
                or (run and key in self.rules.particles)
                or (run and key in self.rules.org_connectors and not self._not_org(run, openers))
            ):
                if not run:
                    located = self._placed(words, i, previous)
                run.append(m)
                if _CODE.search(word) and not self._not_org(run, openers):
                    close()  # a unit's code ends its name: "Cục C04 Nguyễn Văn Viện"
            else:
                close()
            previous = key
        close()
        return self._without_titles(found, sentence)

    def _without_titles(self, found: list[Entity], sentence: str) -> list[Entity]:
        """No person in a title written in Title Case: three capitalised runs or more joined
        by a title's small words ("Building Capacities for Regional Investigators through
        Best Practices"), two of them or more no mere "and" ("Long and To and Hung in Hanoi"
        are people)."""
        coordinating = self.rules.coordinating
        chain: list[Entity] = []
        joints: list[str] = []
        titled: set[int] = set()

        def settle() -> None:
            if len(chain) >= 3 and len([j for j in joints if j not in coordinating]) >= 2:
                titled.update(id(e) for e in chain)

        ordered = sorted(found, key=lambda e: e.start)
        for entity in ordered:
            between = fold(sentence[chain[-1].end : entity.start]).strip() if chain else ""
            if chain and between in self.rules.title_connectors:
                chain.append(entity)
                joints.append(between)
                continue
            settle()
            chain, joints = [entity], []
        settle()
        return [e for e in found if not (e.kind is Kind.PERSON and id(e) in titled)]

    def _title(self, key: str, following: list[str], word: str, language: str, in_run: bool) -> int:
        """How many words the title opening here spans (0: none): "Minister", "Đại tướng",
        "Tổng Bí thư" (compound titles run to three words). Vietnamese writes the
        one-syllable titles (ông, chị, anh) in lower case before a name: capitalised inside
        a run of names, the syllable is the name's ("Triệu Khắc Chí", "Nguyễn Tuấn Anh")."""
        for size in (3, 2):
            words = [key, *following[: size - 1]]
            if len(words) == size and " ".join(words) in self.rules.compound_titles:
                return size
        if key in self.rules.titles or _hyphenated_title(key, self.rules.titles):
            return 0 if language == "vi" and in_run and word[:1].isupper() else 1
        return 0

    def _placed(self, words: list[re.Match[str]], i: int, previous: str) -> bool:
        """The run starting at ``words[i]`` names a place: after a locative ("tại Hà Nội")
        or a kind of place (``_after_place_head``)."""
        return previous in self.rules.locatives or self._after_place_head(words, i)

    def _after_place_head(self, words: list[re.Match[str]], i: int) -> bool:
        """A kind of place, written lower-case, heads the run starting at ``words[i]``:
        right before it ("tỉnh Quảng Bình", "thành phố Đà Nẵng"), or before "of"/"de" and
        at most one adjective ("province of Ha Tinh", "la province frontalière de Diên
        Biên"). Capitalised, the word is part of a name ("Svay Rieng Province")."""
        before = words[max(0, i - 4) : i][::-1]
        if before and _key(before[0]) in self.rules.particles | self.rules.org_connectors:
            before = before[1:]
        for skip in (0, 1):
            head = before[skip : skip + 2]
            for size in (1, 2):
                if len(head) < size or any(not m.group(0).islower() for m in head[:size]):
                    continue
                key = " ".join(_key(m) for m in reversed(head[:size]))
                if key in self.rules.place_heads:
                    return True
        return False

    def _trim(self, run: list[re.Match[str]], sentence: str) -> list[re.Match[str]]:
        """Drop a stopword capitalised because it opens the sentence ("On", "Le"), and
        lower-case particles or connectors after a name. Elsewhere a capitalised "To" is a name ("To Lam")."""
        words = list(run)
        while (
            words
            and _key(words[0]) in self.rules.leading
            and opens_clause(sentence, words[0].start(), self.rules.titles)
        ):
            words.pop(0)
        trailing = self.rules.particles | self.rules.org_connectors
        # Lower-case only: capitalised, "Văn" ends a name ("Vương Dụ Văn"), however like the
        # particle "van" it folds.
        while words and _key(words[-1]) in trailing and not capitalised(words[-1].group(0)):
            words.pop()
        return words

    def _not_org(self, name: list[re.Match[str]], openers: Opening = None) -> bool:
        """No word, nor part of a hyphenated word ("Garde-frontière", "Border-Guard"),
        heads an organisation, and the run does not open with a Vietnamese body's first
        word (``openers``, for the sentence's script: ``_openers``)."""
        parts = {part for m in name for part in _key(m).split("-")}
        return not (parts & self.rules.org_heads or (openers is not None and openers(name)))

    def _openers(self, sentence: str, language: str) -> Opening:
        """How a run's first words are read as a body's first word ("Bộ", "Đảng"): as
        written, tone and all, in text written with Vietnamese letters ("Đặng Xuân Hồng" is
        a person); folded in Vietnamese typed bare ("bo cong an"); not at all in English or
        French text, which writes Vietnamese names bare ("Dang Xuan Hong")."""
        if written_in_vietnamese(sentence):
            written = self._written_openers
            return lambda name: any(
                _syllables(" ".join(m.group(0) for m in name[:n])) in written for n in (1, 2)
            )
        if language == "vi":
            bare = self._bare_openers
            return lambda name: any(" ".join(_key(m) for m in name[:n]) in bare for n in (1, 2))
        return None

    @cached_property
    def _written_openers(self) -> frozenset[tuple[tuple[str, str], ...]]:
        """The packs' openers as letters and tones, read once (not per sentence)."""
        return frozenset(_syllables(o) for o in self.rules.org_openers)

    @cached_property
    def _bare_openers(self) -> frozenset[str]:
        return frozenset(fold(o) for o in self.rules.org_openers)

    def _is_name(self, name: list[re.Match[str]], language: str, openers: Opening = None) -> bool:
        if not self._not_org(name, openers):
            return False
        if language == "vi":
            return True
        keys = [_key(m) for m in name]
        return not all(self.common(k) for k in keys if k not in self.rules.particles)


def _syllables(text: str) -> tuple[tuple[str, str], ...]:
    """Each word as its letters and tone (``syllable_key``): "tòa" and "toà" are one word."""
    return tuple(syllable_key(word.rstrip(".,’'")) for word in text.split())


_POSSESSIVE = re.compile(r"['’]s$")
_CODE = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")  # letters and digits in one word: "C04", "A05"


def _hyphenated_title(key: str, titles: frozenset[str]) -> bool:
    """A title written with a hyphen ("Under-Secretary", "Vice-President", "Sous-Directeur"):
    a compound whose last part is a title is one, not a double-barrelled name."""
    parts = key.split("-")
    return len(parts) > 1 and parts[-1] in titles


def _dating(words: list[re.Match[str]], i: int) -> bool:
    """A month's name dates unless a capitalised word follows it: "Jan Hamáček" and "Mai
    Tiến Dũng" are names, "5 Jan", "May 2019" or "in August, the minister" are dates."""
    following = words[i + 1].group(0) if i + 1 < len(words) else ""
    gap = words[i].string[words[i].end() : words[i + 1].start()] if following else ""
    return not (following and gap == " " and capitalised(following))


def _ends_sentence(word: str, titles: frozenset[str]) -> bool:
    """A word with a full stop that is no abbreviation ("Ridley." but not "Gen." or "M.")."""
    if not word.endswith("."):
        return False
    bare = fold(word.rstrip("."))
    return len(bare) > 1 and bare not in titles


def _key(match: re.Match[str]) -> str:
    return fold(_POSSESSIVE.sub("", match.group(0)).rstrip(".,’'"))
