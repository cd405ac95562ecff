"""What a question asks for, from the packs' cues (no index needed)."""

import pytest

from rag.answer.asked import asked_kinds


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which French minister did he receive in Hanoi?", "person"),
        ("Quel vice-ministre a reçu M. Buffet ?", "person"),
        ("Bộ trưởng nào đã ký?", "person"),
        ("What did the minister sign?", "document"),
        ("Which country did the minister visit?", "country"),
        ("Chương trình được khởi động ở thành phố nào?", "place"),
        ("Combien d'argent la France a-t-elle consacré au projet ?", "amount"),
        ("Anh tài trợ bao nhiêu tiền?", "amount"),
        ("How many victims were identified?", "number"),
    ],
)
def test_the_kind_asked(question: str, kind: str) -> None:
    assert {k.value for k in asked_kinds(question)} == {kind}


def test_a_ministry_or_a_country_asked_by_which_is_not_a_person() -> None:
    assert asked_kinds("Quel ministère a signé ?") == set()
    assert {k.value for k in asked_kinds("Nước nào đã ký?")} == {"country"}
