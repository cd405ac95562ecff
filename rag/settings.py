"""The one place that reads the environment.

Everything else receives a ``Settings`` instance, so tests can build one with
explicit values and nothing depends on process-global state.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def _default_data_dir() -> Path:
    # Index data belongs outside the repository (never committed, survives a re-clone).
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "accord"


class Settings(BaseSettings):
    """Typed configuration; every field maps to ``ACCORD_<NAME>`` unless aliased."""

    model_config = SettingsConfigDict(
        env_prefix="ACCORD_", env_file=None, extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(default_factory=_default_data_dir)
    seeds_dir: Path = Path("seeds")
    glossary_path: Path = PACKAGE_DIR / "data" / "glossary.json"
    prompts_dir: Path = PROJECT_DIR / "prompts"  # a wheel installs prompts/ beside rag/ too

    # Ingest
    max_file_bytes: int = Field(default=2_000_000, gt=0)

    # Chunking
    chunk_size: int = Field(default=160, ge=32, description="tokens per chunk")
    chunk_overlap: int = Field(default=32, ge=0)

    # Index: embedded Chroma unless a host is configured.
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection: str = "accord"
    disk_reserve_mb: int = Field(
        default=4, ge=0, description="room kept free so a full disk cannot stop readers"
    )

    # Embedding
    embedder: Literal["e5", "use", "openai"] = "use"
    embedding_model: str = "text-embedding-3-small"
    embed_batch_size: int = Field(default=32, gt=0)

    # Retrieval
    top_k: int = Field(default=5, gt=0, le=50)
    reload_check_s: float = Field(
        default=5.0, ge=0, description="how often to look for a newer index"
    )
    candidate_pool: int = Field(default=30, gt=0)
    # The extractive answerer abstains below this share of the question's words covered by
    # the best passage. Cross-lingual questions share few words with their answer, so it is
    # a last resort; what the question names is checked first (rag/answer/support.py).
    min_coverage: float = Field(default=0.25, ge=0.0, le=1.0)

    # Answering
    answerer: Literal["extractive", "llm"] = "extractive"
    llm_model: str = Field(
        default="gpt-4o-mini", validation_alias=AliasChoices("ACCORD_LLM_MODEL", "OPENAI_MODEL")
    )
    llm_timeout_s: float | None = Field(
        default=None, gt=0, description="the former name of llm_deadline_s, read when it is unset"
    )
    llm_deadline_s: float = Field(
        default=60.0, gt=0, description="longest one LLM call may take, retries and waits included"
    )
    llm_max_tokens: int = Field(default=300, gt=0, description="generated tokens per reply")
    llm_max_answer_chars: int = Field(
        default=1200, gt=0, description="a longer reply is rejected (too_long)"
    )
    llm_rewrite: bool = Field(
        default=False, description="rewrite questions into en/fr/vi for retrieval (answerer llm)"
    )
    llm_rewrite_deadline_s: float = Field(default=10.0, gt=0)
    llm_passage_chars: int = Field(
        default=3000, gt=0, description="passage text sent to the model, all passages together"
    )
    llm_max_attempts: int = Field(default=4, ge=1)
    llm_max_wait_s: float = Field(default=20.0, gt=0)
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "ACCORD_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ACCORD_OPENAI_BASE_URL")
    )
    terminal_locale: str = Field(
        default="",
        validation_alias=AliasChoices("LC_ALL", "LC_MESSAGES", "LANG"),
        description="the terminal's locale: the language of the CLI's error messages",
    )
    max_question_chars: int = Field(default=1000, gt=0)
    history_turns: int = Field(default=3, ge=0)

    # Telegram
    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "ACCORD_TELEGRAM_BOT_TOKEN"),
    )
    telegram_base_url: str | None = None
    allowed_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    allowed_chats: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    allow_everyone: bool = False
    rate_limit_per_minute: int = Field(default=10, gt=0)
    max_concurrent_jobs: int = Field(default=4, gt=0)
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    # Reaching the Bot API at start (bot/retry.py start_policy): attempts, longest wait.
    telegram_start_attempts: int = Field(default=6, ge=1)
    telegram_start_max_wait_s: float = Field(default=30.0, gt=0)

    log_level: str = "INFO"

    @field_validator("allowed_users", "allowed_chats", "admin_users", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # Accept "1,2 3" from the environment as well as JSON lists.
        if isinstance(value, str):
            parts = value.replace(",", " ").split()
            return [int(p) for p in parts]
        if isinstance(value, int):
            return [value]
        return value

    @model_validator(mode="after")
    def _deadline_from_old_name(self) -> Settings:
        # ACCORD_LLM_TIMEOUT_S was a per-attempt timeout, multiplied by the attempts; a
        # configuration that still sets it gets it as the one deadline.
        if self.llm_timeout_s is not None and "llm_deadline_s" not in self.model_fields_set:
            self.llm_deadline_s = self.llm_timeout_s
        return self

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def state_dir(self) -> Path:
        return self.data_dir / "state"
