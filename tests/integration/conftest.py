"""Integration fixtures: the real embedder and one real Chroma store with the built-in knowledge ingested."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.kb.ingest import IngestReport
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.services import build_knowledge_base, run_ingest
from interviewer.settings import Settings
from tests.integration.servers import free_port, serve
from tests.integration.store import ensure_master, shared_folder


@pytest.fixture(scope="session")
def builtin_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose embedded Chroma store holds the whole built-in knowledge base. The suite runs in two
    processes (pytest-xdist): the store is ingested once into a folder both share (in the background from the start:
    tests/conftest.py), and each takes its own copy (an embedded Chroma store belongs to one process)."""
    master = ensure_master(shared_folder(tmp_path_factory.getbasetemp()))
    data_dir = tmp_path_factory.mktemp("builtin-kb")
    shutil.copytree(master, data_dir, dirs_exist_ok=True)
    return data_dir


@pytest.fixture(scope="session")
def first_ingest_report(builtin_store_dir: Path) -> IngestReport:
    """A second ingest of the unchanged built-in knowledge."""
    return run_ingest(Settings(data_dir=builtin_store_dir))


@pytest.fixture(scope="session")
def kb(builtin_store_dir: Path) -> KnowledgeBase:
    """A knowledge base over the session store."""
    return build_knowledge_base(Settings(data_dir=builtin_store_dir))


@pytest.fixture
def store_copy(builtin_store_dir: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the ingested data dir, for tests that write to it from another process."""
    target = tmp_path / "data"
    shutil.copytree(builtin_store_dir, target)
    yield target


@pytest.fixture(scope="session")
def shared_app(builtin_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One app server, on a copy of the ingested data dir, for the tests that only need a running app (each starts
    its own interviews): its URL and its data dir. Starting a server costs 10-15 s on this machine."""
    data = tmp_path_factory.mktemp("shared-app") / "data"
    shutil.copytree(builtin_store_dir, data)
    with serve(data, free_port()) as url:
        yield url, data
