"""Measurements that run in a process of their own (called by bench/run.py; prints one JSON line)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.run import peak_rss_mb
from evals.dataset import load_gold
from evals.parts import load_parts
from rag.index.embed import Embedder
from rag.service import RagService
from rag.settings import Settings
from rag.stats import percentile

STAGES = ("embed_query", "dense", "bm25", "names", "fusion", "answer")


def emit(data: dict[str, Any]) -> None:
    print(json.dumps(data))


def gold_questions() -> list[Any]:
    """The seed questions: the benchmark corpora are built from the seed articles."""
    seeds = next(p for p in load_parts() if p.name == "seeds")
    return [item for item in load_gold(seeds.path) if not item.history]


def hit_at_3(item: Any, answer: Any) -> float | None:
    if not item.answerable:
        return None
    ranked = sorted(answer.citations + answer.related, key=lambda c: -c.score)
    docs = list(dict.fromkeys(c.doc_id for c in ranked))[:3]
    return float(any(d in item.supporting_docs for d in docs))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def index() -> None:
    service = RagService.from_settings(Settings(), answering=False)
    report = service.refresh()
    emit(
        {
            "seconds": report.seconds,
            "chunks_written": report.chunks_written,
            "peak_rss_mb": peak_rss_mb(),
        }
    )


def embed_speed() -> None:
    from rag.index.store import embedding_text

    service = RagService.from_settings(Settings())
    texts = [embedding_text(c) for c in service.index.all_chunks()[:256]]
    service.embedder.embed_texts(texts[:4])
    started = time.perf_counter()
    service.embedder.embed_texts(texts)
    emit({"chunks_per_s": round(len(texts) / (time.perf_counter() - started), 1)})


def queries() -> None:
    service = RagService.from_settings(Settings())
    started = time.perf_counter()
    service.corpus()
    load_s = time.perf_counter() - started
    items = gold_questions()
    service.ask(items[0].question)
    totals: list[float] = []
    stages: dict[str, list[float]] = {s: [] for s in STAGES}
    hits: list[float] = []
    for _ in range(2):
        for item in items:
            answer = service.ask(item.question)
            totals.append(answer.timings_ms["total"])
            for stage in STAGES:
                stages[stage].append(answer.timings_ms.get(stage, 0.0))
            hit = hit_at_3(item, answer)
            if hit is not None:
                hits.append(hit)
    emit(
        {
            "load_s": round(load_s, 2),
            "p50": round(percentile(totals, 50), 1),
            "p95": round(percentile(totals, 95), 1),
            "max": round(max(totals), 1),
            **{f"{s}_mean": round(sum(v) / len(v), 2) for s, v in stages.items()},
            "hit@3": round(sum(hits) / len(hits), 3),
        }
    )


def llama_embedding(embedder: Embedder) -> Any:
    """Our embedder as a llama-index ``BaseEmbedding``, so the peer pipeline uses the same one."""
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class Adapter(BaseEmbedding):
        _inner: Any = PrivateAttr()

        def __init__(self, inner: Embedder) -> None:
            super().__init__(model_name="accord")
            self._inner = inner

        def _get_query_embedding(self, query: str) -> list[float]:
            return list(self._inner.embed_query(query))

        def _get_text_embedding(self, text: str) -> list[float]:
            return list(self._inner.embed_texts([text])[0])

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return list(self._inner.embed_texts(texts))

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return Adapter(embedder)


def peer() -> None:
    """A plain llama-index pipeline next to ours: same corpus, same embedder, same Chroma."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    settings = Settings()
    ours = RagService.from_settings(settings)
    ours.refresh()
    client = chromadb.PersistentClient(
        path=str(settings.data_dir / "peer"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("peer"))
    documents = SimpleDirectoryReader(str(settings.seeds_dir)).load_data()
    peer_index = VectorStoreIndex.from_documents(
        documents,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=llama_embedding(ours.embedder),
    )
    default_retriever = peer_index.as_retriever()
    top3 = peer_index.as_retriever(similarity_top_k=3)
    items = gold_questions()
    peer_ms, peer_hits, our_ms, our_hits = [], [], [], []
    default_retriever.retrieve(items[0].question)
    ours.ask(items[0].question)
    for item in items:
        started = time.perf_counter()
        default_retriever.retrieve(item.question)
        peer_ms.append((time.perf_counter() - started) * 1000)
        answer = ours.ask(item.question)
        our_ms.append(answer.timings_ms["total"])
        if item.answerable:
            docs = list(
                dict.fromkeys(
                    n.node.metadata.get("file_name") for n in top3.retrieve(item.question)
                )
            )
            peer_hits.append(float(any(d in item.supporting_docs for d in docs[:3])))
            our_hits.append(hit_at_3(item, answer) or 0.0)
    peer_p50, our_p50 = percentile(peer_ms, 50), percentile(our_ms, 50)
    emit(
        {
            "peer_retrieve_p50_ms": round(peer_p50, 1),
            "peer_hit@3": round(sum(peer_hits) / len(peer_hits), 3),
            "accord_answer_p50_ms": round(our_p50, 1),
            "accord_hit@3": round(sum(our_hits) / len(our_hits), 3),
            "latency_ratio_accord_over_peer": round(our_p50 / peer_p50, 2),
        }
    )


def bot(users_json: str, per_user: str) -> None:
    from bench.botload import run

    questions = [i.question for i in gold_questions()]
    emit(run(json.loads(users_json), int(per_user), questions))


KINDS = {"index": index, "embed-speed": embed_speed, "queries": queries, "peer": peer, "bot": bot}

if __name__ == "__main__":
    KINDS[sys.argv[1]](*sys.argv[2:])  # type: ignore[operator]
