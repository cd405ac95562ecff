"""The one retry layer, against a local OpenAI-compatible server and the real `openai` client."""

import time

import pytest
from openai import OpenAI

from rag.answer.llm_client import LLMFailure, LLMUnavailable, RetryingOpenAI
from tests.support.openai_stub import OpenAIStub, Reply, chat_reply

MESSAGES = [{"role": "user", "content": "hi"}]


def client_for(
    stub: OpenAIStub, attempts: int = 3, deadline: float = 5.0, max_wait: float = 2.0
) -> RetryingOpenAI:
    raw = OpenAI(api_key="sk-test-secret", base_url=stub.base_url, max_retries=0)
    return RetryingOpenAI(
        raw, max_attempts=attempts, max_wait_s=max_wait, base_wait_s=0.01, deadline_s=deadline
    )


def test_success_is_one_request(openai_stub: OpenAIStub) -> None:
    assert client_for(openai_stub).chat("m", MESSAGES) == "The stub answer [1]."
    assert len(openai_stub.chat_requests()) == 1


def test_429_retry_after_is_honoured(openai_stub: OpenAIStub) -> None:
    openai_stub.script.extend(
        [
            Reply(429, {"error": {"message": "slow down"}}, {"retry-after": "1"}),
            chat_reply("ok [1]"),
        ]
    )
    started = time.monotonic()
    assert client_for(openai_stub).chat("m", MESSAGES) == "ok [1]"
    first, second = openai_stub.chat_requests()
    assert second["time"] - first["time"] >= 0.95
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried(openai_stub: OpenAIStub, status: int) -> None:
    openai_stub.script.extend(
        [Reply(status, {"error": {"message": "boom"}}), chat_reply("fine [1]")]
    )
    assert client_for(openai_stub).chat("m", MESSAGES) == "fine [1]"
    assert len(openai_stub.chat_requests()) == 2


def test_client_errors_are_not_retried(openai_stub: OpenAIStub) -> None:
    openai_stub.script.append(Reply(400, {"error": {"message": "bad request"}}))
    with pytest.raises(LLMUnavailable, match="BadRequestError"):
        client_for(openai_stub).chat("m", MESSAGES)
    assert len(openai_stub.chat_requests()) == 1


def test_retries_stop_after_max_attempts_without_stacking(openai_stub: OpenAIStub) -> None:
    openai_stub.script.extend([Reply(503, {"error": {"message": "down"}})] * 10)
    with pytest.raises(LLMUnavailable):
        client_for(openai_stub, attempts=3).chat("m", MESSAGES)
    assert len(openai_stub.chat_requests()) == 3  # not 3 x the client's own retries


def test_dropped_connection_is_retried(openai_stub: OpenAIStub) -> None:
    openai_stub.script.extend([Reply(drop=True), chat_reply("late [1]")])
    assert client_for(openai_stub).chat("m", MESSAGES) == "late [1]"
    assert len(openai_stub.chat_requests()) == 2


def test_a_timeout_ends_the_call_at_the_deadline_and_is_not_retried(
    openai_stub: OpenAIStub,
) -> None:
    """The old policy gave each of 4 attempts its own timeout (126 s for one question)."""
    openai_stub.script.extend([Reply(delay=3.0), chat_reply("never sent [1]")])
    started = time.monotonic()
    with pytest.raises(LLMFailure) as info:
        client_for(openai_stub, attempts=4, deadline=1.0).chat("m", MESSAGES)
    elapsed = time.monotonic() - started
    assert info.value.kind == "timeout"
    assert 0.9 <= elapsed < 1.5
    assert len(openai_stub.chat_requests()) == 1


def test_retries_share_one_deadline(openai_stub: OpenAIStub) -> None:
    """Slow failures: each attempt gets only what is left, and no wait runs past the end."""
    openai_stub.script.extend([Reply(503, {"error": {"message": "busy"}}, delay=0.4)] * 20)
    started = time.monotonic()
    with pytest.raises(LLMFailure) as info:
        client_for(openai_stub, attempts=20, deadline=1.5, max_wait=0.05).chat("m", MESSAGES)
    assert time.monotonic() - started < 1.6
    assert info.value.kind == "unreachable"
    assert 2 <= len(openai_stub.chat_requests()) <= 4


def test_a_retry_after_beyond_the_deadline_gives_up_at_once(openai_stub: OpenAIStub) -> None:
    openai_stub.script.extend(
        [Reply(429, {"error": {"message": "slow down"}}, {"retry-after": "30"}), chat_reply("ok")]
    )
    started = time.monotonic()
    with pytest.raises(LLMFailure) as info:
        client_for(openai_stub, deadline=3.0, max_wait=60).chat("m", MESSAGES)
    assert info.value.kind == "rate_limited"
    assert time.monotonic() - started < 1.0
    assert len(openai_stub.chat_requests()) == 1


def test_a_refused_connection_is_unreachable() -> None:
    raw = OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1", max_retries=0)
    client = RetryingOpenAI(raw, max_attempts=2, base_wait_s=0.01, deadline_s=2.0)
    with pytest.raises(LLMFailure) as info:
        client.chat("m", MESSAGES)
    assert info.value.kind == "unreachable"


def test_the_finish_reason_is_reported(openai_stub: OpenAIStub) -> None:
    openai_stub.script.append(chat_reply("cut off mid", finish_reason="length"))
    reply = client_for(openai_stub).complete("m", MESSAGES, max_tokens=3, stop=["\nQuestion:"])
    assert (reply.text, reply.finish_reason) == ("cut off mid", "length")
    sent = openai_stub.chat_requests()[0]["body"]
    assert sent["max_tokens"] == 3 and sent["stop"] == ["\nQuestion:"]


def test_malformed_json_is_unavailable_not_a_crash(openai_stub: OpenAIStub) -> None:
    openai_stub.script.append(Reply(200, b"{not json"))
    with pytest.raises(LLMUnavailable):
        client_for(openai_stub, attempts=1).chat("m", MESSAGES)


def test_error_messages_do_not_carry_the_key(openai_stub: OpenAIStub) -> None:
    openai_stub.script.append(
        Reply(401, {"error": {"message": "Incorrect API key provided: sk-test-secret"}})
    )
    with pytest.raises(LLMUnavailable) as info:
        client_for(openai_stub, attempts=1).chat("m", MESSAGES)
    assert "sk-test-secret" not in str(info.value)


def test_embeddings(openai_stub: OpenAIStub) -> None:
    vectors = client_for(openai_stub).embed("e", ["a", "bb", "ccc"])
    assert len(vectors) == 3 and len(vectors[0]) == 16
