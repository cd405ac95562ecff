"""Cross-lingual query rewriting as a channel, against the local OpenAI stub."""

import json

import pytest

from rag.retrieve.rewrite import parse_rewrites
from rag.service import RagService
from tests.support.config import make_settings
from tests.support.openai_stub import OpenAIStub, Reply, chat_reply

QUESTION_VI = "Ai đã ký bản ghi nhớ về chống mua bán người giữa hai nước?"
REWRITES = {
    "en": "Who signed the memorandum on anti-human trafficking between the two countries?",
    "fr": "Qui a signé le protocole d'accord contre la traite entre les deux pays ?",
    "vi": QUESTION_VI,
}


def rewriting(service: RagService, stub: OpenAIStub) -> RagService:
    settings = make_settings(
        service.settings.data_dir,
        answerer="llm",
        llm_rewrite=True,
        openai_base_url=stub.base_url,
        llm_max_attempts=1,
    )
    return RagService(settings, service.index, service.embedder, service.glossary)


def test_rewrites_join_the_fusion_and_are_cached(
    service: RagService, openai_stub: OpenAIStub
) -> None:
    svc = rewriting(service, openai_stub)
    openai_stub.script.append(chat_reply(f"Sure:\n{json.dumps(REWRITES, ensure_ascii=False)}"))
    first = svc.loaded().retriever.retrieve(QUESTION_VI, 5)
    again = svc.loaded().retriever.retrieve(QUESTION_VI, 5)
    assert len(openai_stub.chat_requests()) == 1  # cached per question
    prompt = openai_stub.chat_requests()[0]["body"]["messages"][0]["content"]
    assert QUESTION_VI in prompt and '"fr"' in prompt
    assert [i.chunk.chunk_id for i in first.chunks] == [i.chunk.chunk_id for i in again.chunks]
    assert "rewrite" in first.timings_ms
    # Fused with the original: the rewrites' hits count as one more ranked list.
    assert all({"dense", "bm25", "rewrite"} <= set(i.ranks) for i in first.chunks[:3])


@pytest.mark.parametrize(
    "reply", [Reply(503, {"error": {"message": "down"}}), chat_reply("I cannot translate.")]
)
def test_a_failed_rewrite_is_the_offline_retrieval(
    service: RagService, openai_stub: OpenAIStub, reply: Reply
) -> None:
    openai_stub.script.append(reply)
    rewritten = rewriting(service, openai_stub).loaded().retriever.retrieve(QUESTION_VI, 5)
    plain = service.loaded().retriever.retrieve(QUESTION_VI, 5)
    assert [i.chunk.chunk_id for i in rewritten.chunks] == [i.chunk.chunk_id for i in plain.chunks]
    assert not any("rewrite" in item.ranks for item in rewritten.chunks)


def test_parse_rewrites_keeps_distinct_question_sized_texts() -> None:
    question = "Qui a signé ?"
    reply = json.dumps({"en": "Who  signed?", "fr": "qui a signé ?", "vi": "x" * 200, "de": "Wer?"})
    assert parse_rewrites(reply, question) == ["Who signed?"]
    assert parse_rewrites("no json here", question) == []
    assert parse_rewrites('["en"]', question) == []
