import pytest
from pydantic import ValidationError

from rag.settings import Settings


def test_environment_is_read_with_prefix_and_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_DATA_DIR", "/tmp/somewhere")
    monkeypatch.setenv("ACCORD_ADMIN_USERS", "1, 2 3")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_MODEL", "local-model")
    s = Settings()
    assert str(s.data_dir) == "/tmp/somewhere"
    assert s.admin_users == [1, 2, 3]
    assert (
        s.telegram_bot_token is not None and s.telegram_bot_token.get_secret_value() == "123:secret"
    )
    assert "secret" not in repr(s)
    assert s.openai_base_url == "http://127.0.0.1:9/v1"
    assert s.llm_model == "local-model"


def test_invalid_values_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_ANSWERER", "magic")
    with pytest.raises(ValidationError):
        Settings()


def test_the_old_llm_timeout_becomes_the_one_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().llm_deadline_s == 60.0
    monkeypatch.setenv("ACCORD_LLM_TIMEOUT_S", "25")
    assert Settings().llm_deadline_s == 25.0
    monkeypatch.setenv("ACCORD_LLM_DEADLINE_S", "40")
    assert Settings().llm_deadline_s == 40.0
