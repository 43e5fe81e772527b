"""Shared test helpers: an in-memory vector store and a deterministic bag-of-words embedder; the order the tests
run in, and the built-in store's ingest started in the background."""

from __future__ import annotations

import hashlib
import math
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from interviewer.domain.chunks import Chunk, SearchHit
from tests.integration.store import shared_folder


class MemoryStore:
    """A VectorStore kept in a dict, for testing the sync logic without Chroma."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[Chunk, list[float]]] = {}
        self.fail_writes = False

    def existing(self) -> dict[str, dict[str, str]]:
        return {i: c.metadata() for i, (c, _) in self.rows.items()}

    def texts(self) -> list[tuple[str, str]]:
        return [(c.section, c.text) for c, _ in self.rows.values()]

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        if self.fail_writes:
            from interviewer.kb.ports import StoreError

            raise StoreError("disk full")
        for chunk, vector in zip(chunks, vectors, strict=True):
            self.rows[chunk.id] = (chunk, list(vector))

    def delete(self, ids: Sequence[str]) -> None:
        for i in ids:
            self.rows.pop(i, None)

    def query(self, vector: Sequence[float], k: int, where: Mapping[str, Any] | None) -> list[SearchHit]:
        scored = []
        for chunk, v in self.rows.values():
            score = sum(a * b for a, b in zip(vector, v, strict=True))
            scored.append(
                SearchHit(
                    id=chunk.id,
                    text=chunk.text,
                    source=chunk.source,
                    section=chunk.section,
                    round=chunk.round,
                    topic=chunk.topic,
                    kind=chunk.kind,
                    score=max(-1.0, min(1.0, score)),
                )
            )
        return sorted(scored, key=lambda h: -h.score)[:k]

    def count(self) -> int:
        return len(self.rows)


class HashingEmbedder:
    """Deterministic bag-of-words vectors; counts how many texts it embedded."""

    name = "hashing-test-embedder"

    def __init__(self, dims: int = 64) -> None:
        self.dims = dims
        self.embedded = 0

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.embedded += len(texts)
        vectors = []
        for text in texts:
            v = [0.0] * self.dims
            for word in re.findall(r"\w+", text.lower()):
                v[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dims] += 1.0
            norm = math.sqrt(sum(x * x for x in v)) or 1.0
            vectors.append([x / norm for x in v])
        return vectors


@pytest.fixture
def memory_store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep a developer's INTERVIEWER_* variables and .env out of the tests."""
    for key in list(os.environ):
        if key.startswith("INTERVIEWER_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path_factory.getbasetemp())


STORE_FIXTURE = "builtin_store_dir"
_background: list[subprocess.Popen[bytes]] = []


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Test files that need no ingested store run first, while the store is built in the background (one process
    for the whole session, started by whichever test process gets here first): the suite no longer waits on it."""
    needs_store = {item.path for item in items if STORE_FIXTURE in getattr(item, "fixturenames", ())}
    size = Counter(item.path for item in items)
    first = {}
    for index, item in enumerate(items):
        first.setdefault(item.path, index)
    # Within each part the files with most tests go first (as pytest-xdist's own order, which .ci/test turns off so
    # this one holds): files stay whole, and the big ones do not all land at the end on one process.
    items.sort(key=lambda item: (item.path in needs_store, -size[item.path], first[item.path]))
    if needs_store:
        base: Path = config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]  # as tmp_path_factory
        _start_background_ingest(shared_folder(base))


def _start_background_ingest(shared: Path) -> None:
    try:
        os.close(os.open(shared / "builtin-kb-started", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return  # another test process started it
    log = (shared / "builtin-kb-ingest.log").open("wb")
    # Run as the tests are (_isolated_settings): no INTERVIEWER_* variables, no .env from the working folder.
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVIEWER_")}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH")])
    )
    command = [sys.executable, "-m", "tests.integration.store", str(shared)]
    _background.append(
        subprocess.Popen(command, cwd=shared, env=env, stdout=log, stderr=log, preexec_fn=_die_with_parent)
    )


def _die_with_parent() -> None:
    """Linux: the background ingest gets SIGTERM when the test process that started it dies (killed, not finished)."""
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The background ingest is waited for (another test process may still need it), or stopped on an interrupt."""
    for process in _background:
        if exitstatus == pytest.ExitCode.INTERRUPTED:
            process.terminate()
        process.wait()
