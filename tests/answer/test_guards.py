"""Questions that ask the bot to drop its rules are refused before any model sees them;
questions about rules in the articles are not (issue 15, item 14)."""

from __future__ import annotations

import pytest

from rag.answer.guards import is_injection
from rag.service import RagService
from tests.support.config import make_settings
from tests.support.injection import ABOUT_RULES, PARAPHRASES
from tests.support.openai_stub import OpenAIStub

ALL = [(language, q) for language, questions in PARAPHRASES.items() for q in questions]


@pytest.mark.parametrize(("language", "question"), ALL)
def test_paraphrased_instructions_are_recognised(language: str, question: str) -> None:
    assert is_injection(question)


@pytest.mark.parametrize("question", ABOUT_RULES)
def test_questions_about_rules_in_the_articles_are_not(question: str) -> None:
    assert not is_injection(question)


def test_no_paraphrase_reaches_the_model_in_llm_mode(
    service: RagService, openai_stub: OpenAIStub
) -> None:
    """With the LLM answerer and query rewriting on, each paraphrase is refused in the
    asker's language and the local endpoint receives no request at all."""
    settings = make_settings(
        service.settings.data_dir,
        answerer="llm",
        llm_rewrite=True,
        openai_base_url=openai_stub.base_url,
        openai_api_key="sk-test",
    )
    llm = RagService(settings, service.index, service.embedder, service.glossary)
    for language, question in ALL:
        answer = llm.ask(question)
        assert answer.abstained and not answer.citations, question
        assert answer.language == language, question
    assert openai_stub.requests == []
