"""The typed summary of a run, as written to and read from ``summary.json``.

Scores of a set of questions (overall and by group) are one model, ``SetSummary``, and
the run adds its configuration and latencies; a split of the gold set into parts would
add one ``SetSummary`` per part without changing the others, and the gate and
comparisons take a ``SetSummary``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, model_validator

from rag.errors import ConfigError


class Scores(BaseModel):
    """Metric values over one group of questions; None where no question applies."""

    n: int
    metrics: dict[str, float | None]

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        # Run folders written before metrics were nested kept them beside "n"; reading
        # them keeps `accord eval --compare` working across that change.
        if isinstance(data, dict) and "metrics" not in data:
            data = dict(data)
            return {"n": data.pop("n", 0), "metrics": data}
        return data

    def get(self, name: str) -> float | None:
        return self.metrics.get(name)


class Breakdowns(BaseModel):
    """Scores per group of each breakdown, keyed by the group (``en``, ``fr->vi``, ``list``)."""

    question_language: dict[str, Scores]
    article_language: dict[str, Scores]
    pair: dict[str, Scores]
    type: dict[str, Scores]

    def items(self) -> list[tuple[str, dict[str, Scores]]]:
        return [(name, getattr(self, name)) for name in type(self).model_fields]


class SetSummary(BaseModel):
    """The scores of one set of questions: overall and broken down."""

    overall: Scores
    by: Breakdowns


class Latency(BaseModel):
    startup: float
    first_question: float
    p50: float
    p95: float
    max: float


class RunConfig(BaseModel):
    """What was measured: enough to tell two runs' pipelines apart."""

    embedder: str
    answerer: str
    top_k: int
    chunk_size: int
    chroma: Literal["embedded", "server"]
    questions: int
    parts: list[str] = []
    blind_parts: list[str] = []
    corpus_documents: int = 0


class RunSummary(SetSummary):
    """All questions together (``overall``/``by``), then each part of the gold set alone."""

    config: RunConfig
    latency_ms: Latency
    parts: dict[str, SetSummary] = {}

    def part(self, name: str) -> SetSummary:
        if name not in self.parts:
            raise ConfigError(f"this run has no part {name!r} (parts: {', '.join(self.parts)})")
        return self.parts[name]

    def write(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> RunSummary:
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: not a readable eval summary: {exc}") from exc
