"""Acronyms an article defines: a sentence using one meets the words it stands for."""

from __future__ import annotations

import pytest

from rag.answer.acronyms import Acronyms, defined
from rag.lang.text import content_tokens

ARTICLE = (
    "Vietnamese and Australian police opened a centre, the Australian Federal Police (AFP) "
    "said. The Ministry of Public Security (MPS) hosted it.\n"
    "AFP Commissioner Tony Negus attended. The Australian Federal Police will post an adviser."
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (ARTICLE, {"AFP": "Australian Federal Police", "MPS": "Ministry of Public Security"}),
        (
            "the Korean National Police Agency (KNPA) said",
            {"KNPA": "Korean National Police Agency"},
        ),
        # a parenthesis holding a source, a time or a name that the initials do not spell
        ("Hanoi (VNA) - Minister To Lam met Jan Hamacek (Czech Republic).", {}),
        ("Chiều 18/7 (giờ địa phương), tại Rome", {}),
    ],
)
def test_definitions_whose_initials_spell_the_acronym(text: str, found: dict[str, str]) -> None:
    assert defined(text) == found


def test_a_sentence_gains_the_name_of_its_acronym_and_the_reverse() -> None:
    acronyms = Acronyms(lambda doc: ARTICLE, lambda text: frozenset(content_tokens(text)))
    short = "AFP Commissioner Tony Negus attended."
    gained = acronyms.gained(frozenset(content_tokens(short)), "jtcc")
    assert {"australian", "federal", "police"} <= gained
    long = "The Australian Federal Police will post an adviser."
    assert "afp" in acronyms.gained(frozenset(content_tokens(long)), "jtcc")
    other = Acronyms(lambda doc: "No definitions here.", lambda text: frozenset())
    assert other.gained(frozenset(content_tokens(short)), "other") == frozenset()
