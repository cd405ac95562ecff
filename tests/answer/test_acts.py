"""Acts told as done (a participle describing a document) are not acts reported."""

import pytest

from rag.answer.acts import without_done_acts


@pytest.mark.parametrize(
    ("sentence", "language", "gone"),
    [
        ("The minister asked both sides to implement signed cooperation documents.", "en", True),
        ("The agreements signed in 2041 were reviewed.", "en", True),
        ("Les deux parties appliqueront les documents de coopération signés.", "fr", True),
        (
            "Sur la base du protocole sur la traite signé en novembre 2041, ils coopèrent.",
            "fr",
            True,
        ),
        ("Bộ trưởng đề nghị triển khai các văn kiện đã ký, nhất là Bản ghi nhớ.", "vi", True),
        # reported acts, and acts with their agent, stay
        ("Vietnam and Peru signed a memorandum on March 9.", "en", False),
        ("The two ministers have already signed the memorandum.", "en", False),
        ("The memorandum signed by Ana Ruiz and Tô Lâm takes effect.", "en", False),
        ("Les deux ministres ont signé le 9 mars un protocole d'accord.", "fr", False),
        ("Le protocole a été signé le 9 mars par les deux ministres.", "fr", False),
        ("Hai bên đã ký Bản ghi nhớ về hợp tác.", "vi", False),
    ],
)
def test_a_participle_describing_a_document_is_blanked(
    sentence: str, language: str, gone: bool
) -> None:
    plain = without_done_acts(sentence, language)
    assert len(plain) == len(sentence)
    assert (plain != sentence) is gone
    if gone:
        assert not any(w in plain.lower() for w in (" signed", "signé", " ký,"))


def test_a_sentence_that_cannot_be_aligned_is_kept() -> None:
    decomposed = "Les documents signe\u0301s."  # a combining accent: no aligned folding
    assert without_done_acts(decomposed, "fr") == decomposed
