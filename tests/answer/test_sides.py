"""Whose side a "who" question asks about, and whose side a named person is on."""

from __future__ import annotations

import pytest

from rag.answer.sides import Sides
from rag.lang.pack import packs
from rag.lang.places import Places
from tests.support.glossary import GLOSSARY


@pytest.fixture(scope="module")
def sides() -> Sides:
    return Sides(Places.from_packs(packs()), packs(), GLOSSARY.concepts["talks"].all_terms())


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("Who headed the Chinese delegation at the dialogue between Vietnam and China?", "CN"),
        ("Name the Vietnamese deputy ministers who led Vietnam's side at the conferences.", "VN"),
        ("Quel vice-ministre laotien a coprésidé la conférence Vietnam-Laos ?", "LA"),
        ("Những quan chức Nhật Bản nào đồng chủ trì Đối thoại Việt Nam - Nhật Bản?", "JP"),
        ("Ai là người đại diện phía Thái Lan tại hội nghị năm 2012?", "TH"),
        # No side: a pair names both, and two sides asked are no one side.
        ("Who led the Vietnam-Laos police cooperation talks?", None),
        ("Which Vietnamese minister met the Chinese delegation?", None),
        # The people met are the other side: the host is asked for.
        ("Who received the Vietnamese delegation in Tokyo?", None),
        ("Who signed the MoU?", None),
    ],
)
def test_the_side_a_question_asks_about(sides: Sides, question: str, side: str | None) -> None:
    assert sides.asked(question) == side


CO_CHAIRS = (
    "The session was co-chaired by Senior Lieutenant General Bui Van Nam, Deputy Minister of "
    "Public Security of Vietnam, and Duong Trieu, Vice Minister of State Security of China."
)


@pytest.mark.parametrize(
    ("sentence", "name", "side"),
    [
        (CO_CHAIRS, "Bui Van Nam", "VN"),  # a post set off after the name
        (CO_CHAIRS, "Duong Trieu", "CN"),
        ("Minister To Lam received Chinese Vice Minister Wang Xiaohong.", "Wang Xiaohong", "CN"),
        ("Minister To Lam received Chinese Vice Minister Wang Xiaohong.", "To Lam", None),
        # The Vietnamese ministry in a title that names no country
        (
            "Đoàn do Trung tướng Phạm Thế Tùng, Thứ trưởng Bộ Công an làm Trưởng đoàn.",
            "Phạm Thế Tùng",
            "VN",
        ),
        (
            "Ngày 14/9, Thứ trưởng Lê Quốc Hùng, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công an đã làm việc với ông Bolcsik Zoltán.",
            "Bolcsik Zoltán",
            None,
        ),
        (
            "La délégation était dirigée par Vương Dụ Văn, vice-ministre de la Sécurité d'État de Chine.",
            "Vương Dụ Văn",
            "CN",
        ),
    ],
)
def test_the_side_of_a_named_person(
    sides: Sides, sentence: str, name: str, side: str | None
) -> None:
    start = sentence.index(name)
    assert sides.of_person(sentence, start, start + len(name)) == side


def test_only_a_person_of_another_known_side_is_against_the_asked_one(sides: Sides) -> None:
    start = CO_CHAIRS.index("Bui Van Nam")
    end = start + len("Bui Van Nam")
    assert sides.against("CN", CO_CHAIRS, start, end)
    assert not sides.against("VN", CO_CHAIRS, start, end)
    assert not sides.against(None, CO_CHAIRS, start, end)
