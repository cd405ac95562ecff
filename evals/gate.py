"""The CI gate: thresholds from evals/thresholds.toml, checked against a run's scores.

Thresholds are set per part of the gold set (``[test.min]``, ``[seeds.min]``...): CI gates
on the held-out ``test`` part, never on ``dev``, which is tuned on.

A floor (``[min]``) only makes sense for a metric where higher is better and a ceiling
(``[max]``) for one where lower is better; thresholds are checked against the metric
registry when loaded, so a misspelt or misdirected threshold fails loudly instead of
never firing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, model_validator

from evals.metrics import METRICS
from evals.summary import RunSummary, Scores, SetSummary
from rag.errors import ConfigError

THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.toml"


class PartThresholds(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    floors: dict[str, float] = Field(default_factory=dict, alias="min")
    ceilings: dict[str, float] = Field(default_factory=dict, alias="max")
    floors_per_question_language: dict[str, float] = Field(
        default_factory=dict, alias="min_per_question_language"
    )

    @model_validator(mode="after")
    def _registered_and_directed(self) -> PartThresholds:
        for table, higher_is_better in (
            (self.floors, True),
            (self.floors_per_question_language, True),
            (self.ceilings, False),
        ):
            for name in table:
                if name not in METRICS:
                    raise ValueError(f"unknown metric {name!r} (known: {', '.join(METRICS)})")
                if METRICS[name].higher_is_better != higher_is_better:
                    kind = "min" if higher_is_better else "max"
                    raise ValueError(f"a {kind} threshold on {name!r} points the wrong way")
        return self


class Thresholds(RootModel[dict[str, PartThresholds]]):
    """Part name -> its thresholds."""


def load_thresholds(path: Path = THRESHOLDS_PATH) -> Thresholds:
    try:
        with path.open("rb") as handle:
            return Thresholds.model_validate(tomllib.load(handle))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _misses(scope: str, scores: Scores, limits: dict[str, float], floor: bool) -> list[str]:
    lines = []
    for name, limit in limits.items():
        value = scores.get(name)
        if value is not None and (value < limit if floor else value > limit):
            relation = f"< min {limit}" if floor else f"> max {limit}"
            lines.append(f"{scope} {name} = {value:.3f} {relation}")
    return lines


def gate_set(name: str, summary: SetSummary, thresholds: PartThresholds) -> list[str]:
    """Every threshold one part's scores miss, as readable lines (empty: they pass)."""
    failures = _misses(f"{name} overall", summary.overall, thresholds.floors, floor=True)
    failures += _misses(f"{name} overall", summary.overall, thresholds.ceilings, floor=False)
    for language, scores in summary.by.question_language.items():
        failures += _misses(
            f"{name} {language}", scores, thresholds.floors_per_question_language, True
        )
    return failures


def gated_parts(summary: RunSummary, thresholds: Thresholds) -> list[str]:
    return [name for name in thresholds.root if name in summary.parts]


def gate(summary: RunSummary, thresholds: Thresholds) -> list[str]:
    """Every threshold missed by the gated parts this run has (a part not run is not gated)."""
    return [
        line
        for name in gated_parts(summary, thresholds)
        for line in gate_set(name, summary.parts[name], thresholds.root[name])
    ]
