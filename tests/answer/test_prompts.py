from pathlib import Path

import pytest

from rag.answer.prompts import PromptError, load_prompt, load_prompts
from rag.settings import PROJECT_DIR


def test_every_prompt_renders() -> None:
    prompts = load_prompts(PROJECT_DIR / "prompts")
    assert {"answer_system", "answer_user", "judge_faithfulness"} <= set(prompts)
    for prompt in prompts.values():
        rendered = prompt.render(**{name: f"<{name}>" for name in prompt.variables})
        for name in prompt.variables:
            assert f"<{name}>" in rendered
        assert "${" not in rendered


def test_render_rejects_missing_or_extra_values() -> None:
    prompt = load_prompts(PROJECT_DIR / "prompts")["answer_system"]
    with pytest.raises(PromptError, match="missing"):
        prompt.render()
    with pytest.raises(PromptError, match="unexpected"):
        prompt.render(language_name="English", extra="x")


def test_undeclared_variable_fails_at_load(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("---\nvariables: [question]\n---\nAsk ${question} about ${topic}\n")
    with pytest.raises(PromptError, match="declared"):
        load_prompt(path)
    path.write_text("no front matter ${x}\n")
    with pytest.raises(PromptError, match="front matter"):
        load_prompt(path)
