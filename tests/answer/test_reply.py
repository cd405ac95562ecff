"""Acceptance checks on a model's reply, each failure with its own reason."""

import pytest

from rag.answer.reply import Verdict, check, scaffold, strip_reasoning

SCAFFOLD = scaffold(
    [
        "Rules:",
        "1. Answer in English, in 1 to 3 short sentences, even when the passages are in",
        "Question: Who signed the MoU?",
        "[1] Vietnam, UK ink MoU (--11-21, en)",
    ]
)


def verdict(raw: str, finish: str = "stop", language: str = "en", max_chars: int = 500) -> Verdict:
    return check(raw, finish, language, SCAFFOLD, max_chars)


def test_scaffold_keeps_only_lines_long_enough_to_be_an_echo() -> None:
    assert "rules:" not in SCAFFOLD and "question: who signed the mou?" in SCAFFOLD


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<think>hmm [2]</think>To Lam signed it [1].", ("To Lam signed it [1].", False)),
        ("long thought</think>\nTo Lam [1].", ("To Lam [1].", False)),
        ("<think>still thinking about [1]", ("", True)),
        ("Plain [1].", ("Plain [1].", False)),
    ],
)
def test_strip_reasoning(raw: str, expected: tuple[str, bool]) -> None:
    assert strip_reasoning(raw) == expected


@pytest.mark.parametrize(
    "raw", ["NO_ANSWER", " `NO_ANSWER`.", "**NO_ANSWER**", "<think>x</think>NO_ANSWER"]
)
def test_the_sentinel_alone_abstains(raw: str) -> None:
    assert verdict(raw).abstain


@pytest.mark.parametrize(
    ("raw", "finish", "reason"),
    [
        ("To Lam signed it [1] and", "length", "truncated"),
        ("NO_ANSWER because the passages [1] do not say", "stop", "echo"),
        ("Question: Who signed the MoU? To Lam [1].", "stop", "echo"),
        ("[1] Vietnam, UK ink MoU (--11-21, en) says To Lam signed.", "stop", "echo"),
        ("To Lam signed it [1]. " * 30, "stop", "too_long"),
        (
            "Le ministre To Lam a signé le protocole avec son homologue britannique [1].",
            "stop",
            "wrong_language",
        ),
    ],
)
def test_failures_are_named(raw: str, finish: str, reason: str) -> None:
    assert verdict(raw, finish).reason == reason


def test_quotes_and_short_replies_do_not_decide_the_language() -> None:
    quoted = 'To Lam signed it: "Le ministre a signé le protocole avec son homologue" (translation: the minister signed) [1].'
    assert verdict(quoted).reason is None
    assert verdict("Tô Lâm, Javid [1].").reason is None
    assert verdict("Tô Lâm và Sajid Javid đã ký [1].", language="vi").reason is None
    assert verdict("Le ministre To Lam a signé le protocole [1].", language="fr").reason is None
