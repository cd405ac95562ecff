"""Hand-made eval outcomes over the seed articles, for the tests of metrics and reports."""

from __future__ import annotations

from typing import Any

from evals.dataset import GoldItem
from evals.metrics import Outcome, score
from evals.runner import RunResult, question_record, summarise
from evals.summary import RunConfig, RunSummary
from rag.ingest.walk import ingest_folder
from rag.models import Answer, Citation
from tests.support.config import SEEDS

ARTICLES = {a.doc_id: a for a in ingest_folder(SEEDS).articles}
SUPPORTING = "003_4ce31369f94a498f.txt"  # the UK MoU article the gold item below expects
OTHER = "000_1fa2421b6a8e9239.txt"
GOOD = "Tô Lâm and Sajid Javid signed it [1]."
CONFIG = RunConfig(embedder="use:use", answerer="extractive", top_k=5, chunk_size=160,
                   chroma="embedded", questions=2)  # fmt: skip


def outcome(
    answer_text: str,
    cited_doc: str,
    abstained: bool = False,
    question: str = "Who signed?",
    facts: list[str] | None = None,
) -> Outcome:
    """One answer to an English factual gold question whose key facts are To Lam and Javid."""
    item = GoldItem(id="en-01", language="en", type="factual", question=question,
                    supporting_docs=[SUPPORTING], key_facts=["To Lam|Tô Lâm", "Javid"], part="test")  # fmt: skip
    article = ARTICLES[cited_doc]
    citation = Citation(n=1, doc_id=cited_doc, chunk_id=f"{cited_doc}#0", source_file=cited_doc, title=article.title,
                        date="", language=article.language, passage=article.text[:200], score=1.0)  # fmt: skip
    answer = Answer(question=item.question, language="en", answer=answer_text, abstained=abstained,
                    citations=[citation], backend="test", facts=facts or [])  # fmt: skip
    return Outcome(item, answer, ARTICLES, 1.0)


def scored_run(*outcomes: Outcome) -> tuple[RunSummary, list[dict[str, Any]]]:
    """The summary and question records a run with these outcomes writes."""
    scores = [score(o) for o in outcomes]
    summary = summarise(RunResult(list(outcomes), startup_ms=5.0), scores, CONFIG)
    return summary, [question_record(o, s) for o, s in zip(outcomes, scores, strict=True)]
