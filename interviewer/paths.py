"""Locations of the data folders that ship with the package."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """Return a shipped data folder: inside the wheel (`_data/`) or at the top of a source checkout."""
    packaged = _PACKAGE / "_data" / name
    if packaged.exists():
        return packaged
    return _PACKAGE.parent / name


def knowledge_dir() -> Path:
    """The built-in knowledge base."""
    return data_path("knowledge")


def prompts_dir() -> Path:
    """The prompt files."""
    return data_path("prompts")


def eval_datasets_dir() -> Path:
    """The eval datasets written by this project."""
    return data_path("evals/datasets")
