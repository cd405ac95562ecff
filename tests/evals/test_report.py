"""Run folders: the Markdown and HTML reports, and comparing two runs."""

from pathlib import Path

from evals.metrics import METRICS
from evals.report import write_run
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
