"""`accord eval` / `python -m evals`: run the gold set, write a run folder, gate on thresholds."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from evals.dataset import load_gold
from evals.gate import THRESHOLDS_PATH, gate, gated_parts, load_thresholds
from evals.judge import judge_all
from evals.metrics import METRICS, score
from evals.parts import Part, eval_settings, load_parts, select
from evals.report import compare, write_run
from evals.runner import question_record, run, summarise
from evals.summary import RunConfig, RunSummary, Scores, SetSummary
from rag.answer.llm_client import RetryingOpenAI
from rag.answer.prompts import load_prompts
from rag.index.embed import embedder_signature
from rag.ingest.walk import ingest_folder
from rag.service import RagService
from rag.settings import Settings

DEFAULT_RUNS = Path("evals") / "runs"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="accord eval", description=__doc__)
    p.add_argument(
        "--part",
        action="append",
        help="a part of the gold set (dev, test, seeds; see evals/data/parts.toml); "
        "repeat for several; default: all",
    )
    p.add_argument("--gold", type=Path, help="ask this JSONL file instead of the parts")
    p.add_argument("--out", type=Path, help="run folder (default evals/runs/<time>-<backend>)")
    p.add_argument("--thresholds", type=Path, default=THRESHOLDS_PATH)
    p.add_argument("--no-gate", action="store_true", help="report only; never fail")
    p.add_argument(
        "--judge", action="store_true", help="add LLM-judged faithfulness (needs OPENAI_*)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--compare", nargs=2, type=Path, metavar=("RUN_A", "RUN_B"))
    return p


def run_eval_cli(argv: list[str], settings: Settings) -> int:
    args = build_parser().parse_args(argv)
    if args.compare:
        print(compare(*args.compare))
        return 0
    thresholds = None if args.no_gate else load_thresholds(args.thresholds)  # fail before running
    parts = [Part(args.gold.stem, args.gold)] if args.gold else select(load_parts(), args.part)
    settings = eval_settings(settings)
    articles = {
        a.doc_id: a for a in ingest_folder(settings.seeds_dir, settings.max_file_bytes).articles
    }
    items = [item for part in parts for item in load_gold(part.path, articles, part.name)]
    service = RagService.from_settings(settings)
    refreshed = service.refresh()  # the eval's own index; unchanged files cost nothing
    if refreshed.added or refreshed.changed:
        print(f"eval index: {refreshed.summary().splitlines()[0]}", file=sys.stderr)
    result = run(service, items, articles, progress=not args.quiet and sys.stderr.isatty())
    if args.judge:
        client = RetryingOpenAI.from_settings(settings)
        prompt = load_prompts(settings.prompts_dir)["judge_faithfulness"]
        result.outcomes = judge_all(client, settings.llm_model, prompt, result.outcomes)
    scores = [score(o) for o in result.outcomes]
    config = RunConfig(
        embedder=embedder_signature(settings),
        answerer=settings.answerer,
        top_k=settings.top_k,
        chunk_size=settings.chunk_size,
        chroma="server" if settings.chroma_host else "embedded",
        questions=len(items),
        parts=[part.name for part in parts],
        blind_parts=[part.name for part in parts if part.blind],
        corpus_documents=len(articles),
    )
    summary = summarise(result, scores, config)
    records = [question_record(o, s) for o, s in zip(result.outcomes, scores, strict=True)]
    out = args.out or DEFAULT_RUNS / f"{time.strftime('%Y%m%d-%H%M%S')}-{settings.answerer}"
    write_run(out, summary, records)
    _print_summary(summary, out)
    if thresholds is None:
        return 0
    if not gated_parts(summary, thresholds):
        print("no gated part was run: nothing to gate", file=sys.stderr)
    failures = gate(summary, thresholds)
    for failure in failures:
        print(f"GATE FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _headline(scores: Scores) -> str:
    values = ((m.name, scores.get(m.name)) for m in METRICS.values() if m.headline)
    return " ".join(f"{name}={value:.3f}" for name, value in values if value is not None)


def _print_set(name: str, summary: SetSummary) -> None:
    print(f"{name} ({summary.overall.n} questions): {_headline(summary.overall)}")
    for lang, scores in summary.by.question_language.items():
        print(f"  {lang}: {_headline(scores)}")


def _print_summary(summary: RunSummary, out: Path) -> None:
    for name, part in summary.parts.items():
        _print_set(name, part)
    if len(summary.parts) > 1:
        _print_set("all parts", summary)
    lat = summary.latency_ms
    print(
        f"latency ms: startup={lat.startup} first={lat.first_question} p50={lat.p50} p95={lat.p95}"
    )
    print(f"run folder: {out} (report.md, report.html, summary.json, questions.json)")
