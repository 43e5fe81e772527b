"""Shared test helpers: an in-memory vector store and a deterministic bag-of-words embedder."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from interviewer.domain.chunks import Chunk, SearchHit


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
    import os

    for key in list(os.environ):
        if key.startswith("INTERVIEWER_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path_factory.getbasetemp())
