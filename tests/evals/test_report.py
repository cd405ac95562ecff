"""Run folders: the Markdown and HTML reports, and comparing two runs."""

from pathlib import Path

import pytest

from evals.metrics import METRICS
from evals.report import compare, write_run
from rag.errors import ConfigError
from tests.support.eval_outcomes import OTHER, outcome, scored_run


def test_html_report_escapes_questions_and_answers_and_charts_each_metric(
    tmp_path: Path,
) -> None:
    summary, records = scored_run(
        outcome("<script>alert(1)</script> [1]", OTHER, question="<b>Who?</b>")
    )
    write_run(tmp_path, summary, records)
    page = (tmp_path / "report.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Who?&lt;/b&gt;" in page
    assert page.count("<svg") >= len([m for m in METRICS.values() if m.per_set is None]) - 1
    assert 'fill="#c0392b"' in page  # lower-is-better metrics are drawn in red
    assert "wrong_abstention by question_language" in page
    assert "| wrong_abstention | lower |" in (tmp_path / "report.md").read_text()


def test_comparing_a_folder_that_is_not_a_run_names_the_missing_file(tmp_path: Path) -> None:
    summary, records = scored_run(outcome("Someone signed it [1].", OTHER))
    write_run(tmp_path / "run", summary, records)
    (tmp_path / "half").mkdir()
    with pytest.raises(ConfigError, match=r"half/summary\.json"):
        compare(tmp_path / "run", tmp_path / "half")
    summary.write(tmp_path / "half" / "summary.json")
    with pytest.raises(ConfigError, match=r"half/questions\.json"):
        compare(tmp_path / "run", tmp_path / "half")
