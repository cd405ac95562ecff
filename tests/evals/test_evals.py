"""The eval harness: dataset schema, metric functions, a full gated run, comparisons."""

import json
from pathlib import Path

import pytest

from evals.cli import run_eval_cli
from evals.dataset import GOLD_PATH, GoldError, GoldItem, load_gold
from evals.metrics import METRICS, Outcome, score
from rag.ingest.walk import ingest_folder
from rag.models import Answer, Citation
from rag.service import RagService
from tests.conftest import SEEDS

ARTICLES = {a.doc_id: a for a in ingest_folder(SEEDS).articles}


def test_gold_set_is_valid_and_balanced() -> None:
    items = load_gold(GOLD_PATH, ARTICLES)
    assert len(items) >= 60
    by_language = {lang: sum(i.language == lang for i in items) for lang in ("en", "fr", "vi")}
    assert min(by_language.values()) >= 20
    assert {i.type for i in items} >= {
        "factual",
        "list",
        "date",
        "followup",
        "no_diacritics",
        "unanswerable",
        "adversarial",
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "en-99", "language": "en", "type": "factual", "question": "Who?"}',
            "supporting_docs",
        ),
        ('{"id": "en-99", "language": "de", "type": "factual", "question": "Wer?"}', "language"),
        (
            '{"id": "en-99", "language": "en", "type": "followup", "question": "And?", "supporting_docs": ["003_4ce31369f94a498f.txt"], "key_facts": ["x"]}',
            "history",
        ),
        (
            '{"id": "en-99", "language": "en", "type": "factual", "question": "Who?", "supporting_docs": ["nope.txt"], "key_facts": ["x"]}',
            "unknown supporting doc",
        ),
        (
            '{"id": "en-99", "language": "en", "type": "factual", "question": "Who?", "supporting_docs": ["003_4ce31369f94a498f.txt"], "key_facts": ["x"], "supporting_passages": ["not in the article"]}',
            "not found verbatim",
        ),
        ("{broken", "Expecting"),
    ],
)
def test_malformed_entries_fail_loudly(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(GoldError, match=message):
        load_gold(path, ARTICLES)


def _outcome(answer_text: str, cited_doc: str, abstained: bool = False) -> Outcome:
    item = GoldItem(id="en-01", language="en", type="factual", question="Who signed?",
                    supporting_docs=["003_4ce31369f94a498f.txt"], key_facts=["To Lam|Tô Lâm", "Javid"])  # fmt: skip
    article = ARTICLES[cited_doc]
    citation = Citation(n=1, doc_id=cited_doc, chunk_id=f"{cited_doc}#0", source_file=cited_doc, title=article.title,
                        date="", language=article.language, passage=article.text[:200], score=1.0)  # fmt: skip
    answer = Answer(question=item.question, language="en", answer=answer_text, abstained=abstained,
                    citations=[citation], backend="test")  # fmt: skip
    return Outcome(item, answer, ARTICLES, 1.0)


def test_metric_functions_score_one_outcome() -> None:
    good = score(_outcome("Tô Lâm and Sajid Javid signed it [1].", "003_4ce31369f94a498f.txt"))
    assert good["key_fact_accuracy"] == 1.0 and good["answer_correct"] == 1.0
    assert good["hit@1"] == 1.0 and good["citation_hit"] == 1.0 and good["citations_resolve"] == 1.0
    bad = score(_outcome("Someone signed it [2].", "000_1fa2421b6a8e9239.txt"))
    assert (
        bad["key_fact_accuracy"] == 0.0
        and bad["citation_hit"] == 0.0
        and bad["citations_resolve"] == 0.0
    )
    assert bad["mrr"] == 0.0
    assert set(good) == set(METRICS)


@pytest.mark.slow
def test_full_eval_passes_the_gate_and_writes_reports(service: RagService, tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert run_eval_cli(["--out", str(out), "--quiet"], service.settings) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["overall"]["n"] >= 60
    assert set(summary["by"]) == {"question_language", "article_language", "pair", "type"}
    assert {"p50", "p95", "startup", "first_question"} <= set(summary["latency_ms"])
    records = json.loads((out / "questions.json").read_text())
    assert {"question", "answer", "checks", "passed", "failed"} <= set(records[0])
    assert "<svg" in (out / "report.html").read_text()
    assert "## By pair" in (out / "report.md").read_text()


def test_compare_lists_improvements_and_regressions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, correct in (("a", 0.0), ("b", 1.0)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "summary.json").write_text(json.dumps({"overall": {"answer_correct": correct}}))
        (folder / "questions.json").write_text(json.dumps([
            {"id": "en-01", "question": "Q?", "checks": {"answer_correct": correct}, "failed": []}
        ]))  # fmt: skip
    assert run_eval_cli(["--compare", str(tmp_path / "a"), str(tmp_path / "b")], None) == 0  # type: ignore[arg-type]
    out = capsys.readouterr().out
    assert "answer_correct: 0.000 -> 1.000 (+1.000)" in out and "+ en-01" in out


def test_optional_llm_judge_scores_faithfulness(openai_stub) -> None:
    from openai import OpenAI

    from evals.judge import judge_all
    from rag.answer.llm_client import RetryingOpenAI
    from rag.answer.prompts import load_prompts
    from rag.settings import PROJECT_DIR
    from tests.support.openai_stub import chat_reply

    client = RetryingOpenAI(
        OpenAI(api_key="k", base_url=openai_stub.base_url, max_retries=0), max_attempts=1
    )
    prompt = load_prompts(PROJECT_DIR / "prompts")["judge_faithfulness"]
    openai_stub.script.extend([chat_reply("0.75"), chat_reply("Score: 1")])
    outcomes = [_outcome("Tô Lâm signed [1].", "003_4ce31369f94a498f.txt")] * 2
    outcomes.append(_outcome("not found", "003_4ce31369f94a498f.txt", abstained=True))
    assert judge_all(client, "judge", prompt, outcomes) == 0.875
    assert len(openai_stub.chat_requests()) == 2  # abstentions are not judged
    assert "<passages>" in openai_stub.chat_requests()[0]["body"]["messages"][0]["content"]
