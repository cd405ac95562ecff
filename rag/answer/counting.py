"""What a "how many" question counts, and whether a number in a sentence counts it.

"How many traffickers did the courts convict?" is not answered by "a man in his 30s" nor by
"Project 88": a count answers only when it stands next to what is counted ("14 people",
"63 công dân", "7.734 stagiaires"). The counted noun is read from the question by the
packs' ``counted`` cues; a number counts it when the words around the number hold the
noun or its glossary concept (so "citizens" is met by "công dân" across languages). When
the noun has no concept and the sentence is in another language than the question, there
is no way to tell, and the number is taken as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import lru_cache

from rag.lang.glossary import Glossary
from rag.lang.pack import Packs, packs
from rag.lang.text import CLAUSE_BREAK, content_tokens, fold, stopwords

BEFORE_CHARS = 40  # "the number of citizens received there rose to 213"
NOUN_WORDS = 3  # the words right after a number that name what it counts ("63 Vietnamese citizens")
AFTER_CHARS = 60  # "63 Vietnamese citizens who had fled"
PREFIX = 5  # "trafiquants" / "trafiquant", "victims" / "victim": one word
# Glossary concepts that name people: counted, they are what a plain "people" counts.
PEOPLE_CONCEPTS = frozenset(
    "citizens victims workers interns women children convicts migration delegates".split()
)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@lru_cache(maxsize=1)
def _people_nouns(loaded: Packs) -> frozenset[str]:
    return frozenset(loaded.union(lambda pack: pack.entities.people_nouns))


@lru_cache(maxsize=1)
def _titles(loaded: Packs) -> frozenset[str]:
    return frozenset(loaded.union(lambda pack: pack.entities.titles))


@lru_cache(maxsize=1)
def _cues(loaded: Packs) -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(rf"\b{cue}\b") for cue in loaded.union(lambda pack: pack.questions.counted)
    )


@dataclass(frozen=True)
class Counted:
    """The noun a question counts: its folded words and its glossary concepts."""

    words: frozenset[str]
    concepts: frozenset[str]
    language: str

    def counts(
        self,
        sentence: str,
        start: int,
        end: int,
        language: str,
        features: Callable[[str], Set[str]],
        strict: bool = False,
    ) -> bool:
        """Does the number at ``sentence[start:end]`` count the noun? A number followed by a
        noun counts that noun ("188 countries" counts no traffickers, whatever the sentence
        says next); one followed by nothing or a small word ("rose to 213.", "213 in 2021")
        counts what is named around it. ``strict``: only the noun itself, not a count of
        plain people in another language nor any number when the noun cannot be told."""
        clause = CLAUSE_BREAK.split(sentence[end : end + AFTER_CHARS], maxsplit=1)[0]
        following = _WORD.findall(clause)[:NOUN_WORDS]
        if not strict and language != self.language and self._people(following):
            return True
        if self._anyone() and self._persons(following, features):
            return True
        # A stopword after a number names nothing it counts.
        if following and fold(following[0]) not in stopwords():
            if self._named(features(" ".join(following))):
                return True
        else:
            around = sentence[max(0, start - BEFORE_CHARS) : end + AFTER_CHARS]
            if self._named(features(around)):
                return True
        return not strict and not self.concepts and language != self.language

    def _people(self, following: list[str]) -> bool:
        """ "17 người" in a report on migrants: another language counts them as plain people
        when the question's noun names people (``PEOPLE_CONCEPTS``)."""
        if not self.concepts & PEOPLE_CONCEPTS:
            return False
        words = fold(" ".join(following[:2]))
        return any(words == n or words.startswith(n + " ") for n in _people_nouns(packs()))

    def _anyone(self) -> bool:
        """The question counts plain "people" ("how many people", "combien de personnes")."""
        return bool(self.words) and self.words <= _people_nouns(packs()) and not self.concepts

    def _persons(self, following: list[str], features: Callable[[str], Set[str]]) -> bool:
        """The number counts persons of some kind: "12 police officers", "14 victims", "39
        people": each is an answer to "how many people"."""
        words = [fold(w) for w in following]
        nouns = _people_nouns(packs())
        titles = _titles(packs())
        if any(w in nouns or w in titles or w.removesuffix("s") in titles for w in words):
            return True
        found = {f[1:] for f in features(" ".join(following)) if f.startswith("@")}
        return bool(found & PEOPLE_CONCEPTS)

    def _named(self, near: Set[str]) -> bool:
        """The features hold the noun: its concept, or a word of the same first letters."""
        if self.concepts & {f[1:] for f in near if f.startswith("@")}:
            return True
        stems = {w[:PREFIX] for w in near if not w.startswith("@")}
        return any(w[:PREFIX] in stems for w in self.words)


def counted(question: str, language: str, glossary: Glossary) -> Counted | None:
    """The counted noun of a "how many" question; None when none is named ("combien ?")."""
    folded = fold(question)
    for cue in _cues(packs()):
        match = cue.search(folded)
        if not match:
            continue
        noun = _phrase(match.group("noun"))
        # Concepts are read in the question as written: folded, "tham gia" (take part)
        # would be "thăm" (visit).
        start = match.start("noun")
        written = question[start : start + len(noun)] if len(folded) == len(question) else noun
        found = glossary.concepts_in(written)
        countries = glossary.of_type(found, "country")
        named = set(content_tokens(" ".join(glossary.expansion_terms(countries))))
        words = frozenset(
            w for w in content_tokens(noun) if len(w) > 2 and not w.isdigit() and w not in named
        )
        concepts = frozenset(found - countries)
        if words or concepts:
            return Counted(words, concepts, language)
    return None


def _phrase(noun: str) -> str:
    """The counted noun phrase up to the verb: English piles nouns before its head ("joint
    crackdown campaigns had..."), and the first small word after them ends the phrase."""
    words = noun.split()
    for i, word in enumerate(words[1:], start=1):
        if word in stopwords():
            return " ".join(words[:i])
    return noun
