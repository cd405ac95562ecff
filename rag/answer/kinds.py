"""What the answerer looks for in a sentence: kinds of entity, their spans, and the words of
each language that frame names (titles, heads of bodies, particles...), from the packs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from rag.lang.dates import months
from rag.lang.pack import Packs
from rag.lang.pack_schema import Entities


class Kind(StrEnum):
    PERSON = "person"
    PLACE = "place"
    COUNTRY = "country"  # a territory CLDR names (a place too)
    DATE = "date"
    NUMBER = "number"
    AMOUNT = "amount"  # a number with its currency: a sum of money
    DOCUMENT = "document"
    CRIME = "crime"  # a kind of crime the glossary names (trafficking, money laundering...)
    ORG = "org"  # a body: a run of capitalised words headed by "Foundation", "Quỹ", "Agency"...


@dataclass(frozen=True)
class Entity:
    kind: Kind
    text: str
    start: int
    end: int
    # A date that names no day of its own: a weekday ("on Wednesday") or a year alone.
    vague: bool = False


@dataclass(frozen=True)
class NameRules:
    """Language words that frame names; folded, all languages together."""

    titles: frozenset[str] = frozenset()  # Minister, Secretary, General, M, Mme, ông, tướng...
    org_heads: frozenset[str] = frozenset()  # Ministry, Department, Office, ministère...
    # Bộ, Cục, Văn phòng: heads only as first words; as written, lower case (see the pack)
    org_openers: frozenset[str] = frozenset()
    org_connectors: frozenset[str] = frozenset()  # of, for: "Ministry of National Defence"
    title_connectors: frozenset[str] = frozenset()  # for, through: a Title Case title's joints
    coordinating: frozenset[str] = frozenset()  # and, et, và: joins items, not a title's words
    particles: frozenset[str] = frozenset()  # de, van, von, bin, le (inside names)
    number_words: frozenset[str] = frozenset()  # dozens, hundreds, trăm, nghìn...
    currencies: frozenset[str] = frozenset()  # £, $, dollars, euros, bảng, đô la...
    locatives: frozenset[str] = frozenset()  # in, at, à, en, tại, ở: a name after one is a place
    place_heads: frozenset[str] = frozenset()  # province, ville, tỉnh: a name soon after is one
    not_names: frozenset[str] = frozenset()  # months, weekdays: capitalised, never names
    leading: frozenset[str] = frozenset()  # stopwords capitalised at a sentence's start: "On", "Le"
    compound_titles: frozenset[str] = frozenset()  # "chu tich", "bo truong": a capital, then lower
    ordinal_forms: tuple[str, ...] = ()  # "lan thu (?P<n>...)": a rank in figures, no count
    day_joints: frozenset[str] = frozenset()  # to, au, đến: "from August 20 to 23"


def rules_from_packs(packs: Packs) -> NameRules:
    """Every pack's words together: a sentence's language is not always the question's."""

    def union(part: Callable[[Entities], Iterable[str]]) -> frozenset[str]:
        return frozenset(packs.union(lambda pack: part(pack.entities)))

    return NameRules(
        titles=union(lambda e: e.titles),
        org_heads=union(lambda e: e.org_heads),
        org_openers=union(lambda e: e.org_openers),
        org_connectors=union(lambda e: e.org_connectors),
        title_connectors=union(lambda e: e.title_connectors),
        coordinating=frozenset(packs.union(lambda pack: pack.questions.coordination)),
        particles=union(lambda e: e.particles),
        number_words=union(lambda e: e.number_words),
        currencies=union(lambda e: e.currencies),
        locatives=union(lambda e: e.locatives),
        place_heads=union(lambda e: e.place_heads),
        not_names=frozenset(months()),
        leading=union(lambda e: e.leading),
        compound_titles=union(lambda e: e.compound_titles),
        ordinal_forms=tuple(packs.union(lambda pack: pack.entities.ordinal_forms)),
        day_joints=frozenset(packs.union(lambda pack: pack.dates.day_joints)),
    )
