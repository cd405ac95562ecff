"""Acceptance checks on a model's reply, before any of it can reach a reader.

A small or local model fails in recognisable ways: it thinks aloud (``<think>``), runs
until ``max_tokens``, repeats the prompt's rules or passage headers back, answers in
English to a French question, or wraps the abstention sentinel in an explanation. Each
check below names the failure, so the fallback note can say what happened instead of
"unavailable". Citations and quotes are checked afterwards, against the passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rag.lang.detect import detect_question_language
from rag.lang.text import fold, normalize_space
from rag.models import FallbackReason, Language

NO_ANSWER = "NO_ANSWER"
# Reasoning models put their thinking in the content; only what follows it is the answer.
_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.S | re.I)
_OPEN_THINK = re.compile(r"<(?:think|thinking|reasoning)>", re.I)
_CLOSE_THINK = re.compile(r"</(?:think|thinking|reasoning)>", re.I)
# The sentinel alone, give or take markdown, quotes and a full stop.
_SENTINEL = re.compile(rf"[\s*_`\"'“”«»().:!-]*{NO_ANSWER}[\s*_`\"'“”«»().:!-]*")
_QUOTE_SPANS = re.compile(r"[\"“«][^\"”»]*[\"”»]")
_MARKERS = re.compile(r"\[[\d,\s]+\]")
MIN_SCAFFOLD_CHARS = 20  # shorter prompt lines ("Rules:", "another language.") occur in answers
MIN_WORDS_TO_JUDGE_LANGUAGE = 4


@dataclass(frozen=True)
class Verdict:
    """What a reply amounts to: an answer to check further (``text``), an abstention, or a
    rejection with its reason."""

    text: str
    abstain: bool = False
    reason: FallbackReason | None = None


def strip_reasoning(text: str) -> tuple[str, bool]:
    """The reply without reasoning blocks; True when a block was left open (cut off)."""
    text = _THINK.sub(" ", text)
    close = list(_CLOSE_THINK.finditer(text))
    if close:  # the opening tag was in the chat template, not in the reply
        text = text[close[-1].end() :]
    opened = _OPEN_THINK.search(text)
    if opened:
        return text[: opened.start()].strip(), True
    return text.strip(), False


def scaffold(lines: Iterable[str]) -> list[str]:
    """Prompt lines long enough that a reply containing one is repeating the prompt."""
    folded = (fold(normalize_space(line)) for line in lines)
    return [line for line in folded if len(line) >= MIN_SCAFFOLD_CHARS]


def is_echo(text: str, scaffold_lines: Iterable[str]) -> bool:
    """The reply repeats a line of the prompt (a rule, a passage header, the question line),
    or mentions the sentinel without being it."""
    if NO_ANSWER in text:
        return True
    reply = fold(normalize_space(text))
    return any(line in reply for line in scaffold_lines)


def own_words(text: str) -> str:
    """The reply minus its quotations and citation markers: what the model wrote itself."""
    return _MARKERS.sub(" ", _QUOTE_SPANS.sub(" ", text))


def in_language(text: str, language: Language) -> bool:
    """False only when the model's own words are confidently in another language; a short
    reply, or one that is mostly names, is given the benefit of the doubt."""
    words = own_words(text)
    if len(re.findall(r"\w{2,}", words)) < MIN_WORDS_TO_JUDGE_LANGUAGE:
        return True
    return detect_question_language(words, hint=language) == language


def check(
    raw: str,
    finish_reason: str,
    language: Language,
    scaffold_lines: list[str],
    max_chars: int,
) -> Verdict:
    """The first failure of ``raw``, in order of certainty; else its answer text."""
    text, unfinished = strip_reasoning(raw)
    if finish_reason == "length" or unfinished:
        return Verdict(text, reason="truncated")
    if _SENTINEL.fullmatch(text):
        return Verdict(text, abstain=True)
    if is_echo(text, scaffold_lines):
        return Verdict(text, reason="echo")
    if len(text) > max_chars:
        return Verdict(text, reason="too_long")
    if not in_language(text, language):
        return Verdict(text, reason="wrong_language")
    return Verdict(text)
