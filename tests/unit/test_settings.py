"""Settings come from INTERVIEWER_* variables and .env; bad values are refused."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from interviewer.settings import Settings


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.data_dir == Path.home() / ".local" / "share" / "interviewer"
    assert settings.chroma_url is None
    assert settings.resolved_chroma_path == settings.data_dir / "chroma"


def test_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("INTERVIEWER_COLLECTION=from_dotenv\n")
    monkeypatch.setenv("INTERVIEWER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INTERVIEWER_CHROMA_URL", "http://127.0.0.1:8123/")
    settings = Settings()
    assert settings.data_dir == tmp_path / "data"
    assert settings.chroma_url == "http://127.0.0.1:8123"
    assert settings.collection == "from_dotenv"


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationError, match="http://host:port"):
        Settings(chroma_url="ftp://x")
    with pytest.raises(ValidationError):
        Settings(collection="ab")


def test_url_with_path_and_bad_collection_names_are_refused() -> None:
    with pytest.raises(ValidationError, match="must not have a path"):
        Settings(chroma_url="http://127.0.0.1:8000/chroma")
    with pytest.raises(ValidationError):
        Settings(collection="my kb")
    assert Settings(collection="my-kb.v2").collection == "my-kb.v2"
