"""The embedding caches: the bank's grading texts kept through the store's memo, recent texts least-recently-used
first out, and concurrent callers sharing one model call."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from interviewer.adapters.embedder import CachedEmbedder, SentenceTransformerEmbedder
from interviewer.kb.ports import StoreError


class CountingEmbedder:
    """Vectors from the text's length; remembers every call."""

    name = "counting"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [[float(len(t)), 1.0] for t in texts]


class DictMemo:
    """A VectorMemo in a dict, which can be made unreachable."""

    def __init__(self, vectors: dict[str, list[float]] | None = None) -> None:
        self.vectors = dict(vectors or {})
        self.down = False

    def recall(self, texts: Sequence[str]) -> dict[str, list[float]]:
        if self.down:
            raise StoreError("connection refused")
        return {t: self.vectors[t] for t in texts if t in self.vectors}

    def remember(self, texts: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        if self.down:
            raise StoreError("connection refused")
        self.vectors.update({t: list(v) for t, v in zip(texts, vectors, strict=True)})


def test_kept_texts_come_from_the_memo_or_go_into_it_and_are_never_evicted() -> None:
    inner, memo = CountingEmbedder(), DictMemo({"key point": [0.5, 0.5]})
    cached = CachedEmbedder(inner, size=2, memo=memo, kept=frozenset({"key point", "another point"}))
    vectors = cached.embed(["key point", "an answer sentence", "another point"])
    assert vectors == [[0.5, 0.5], [18.0, 1.0], [13.0, 1.0]]
    assert inner.calls == [["an answer sentence", "another point"]]
    assert memo.vectors["another point"] == [13.0, 1.0]  # written for the next process
    cached.embed(["a", "bb", "ccc"])  # more recent texts than `size`: only those are evicted
    memo.down, inner.calls = True, []
    assert cached.embed(["key point", "another point"]) == [[0.5, 0.5], [13.0, 1.0]]
    assert inner.calls == []


def test_recent_texts_leave_least_recently_used_first() -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, size=2)
    cached.embed(["a", "bb"])
    cached.embed(["a"])  # a is now the most recent
    cached.embed(["ccc"])  # bb leaves
    inner.calls = []
    assert cached.embed(["a", "bb", "ccc", "a"]) == [[1.0, 1.0], [2.0, 1.0], [3.0, 1.0], [1.0, 1.0]]
    assert inner.calls == [["bb"]]


def test_an_unreachable_memo_costs_only_an_embedding() -> None:
    inner, memo = CountingEmbedder(), DictMemo({"key point": [0.5, 0.5]})
    memo.down = True
    cached = CachedEmbedder(inner, memo=memo, kept=frozenset({"key point"}))
    assert cached.embed(["key point"]) == [[9.0, 1.0]]
    assert inner.calls == [["key point"]]


class GatedModel:
    """A stand-in for the SentenceTransformer: the first call waits for a gate, so others queue up behind it."""

    def __init__(self, fail_after_first: bool = False) -> None:
        self.gate = threading.Event()
        self.calls: list[list[str]] = []
        self.fail_after_first = fail_after_first

    def encode(self, texts: list[str], **_: Any) -> list[list[float]]:
        self.calls.append(list(texts))
        if len(self.calls) == 1:
            self.gate.wait(5)
        elif self.fail_after_first:
            raise RuntimeError("out of memory")
        return [[float(len(t))] for t in texts]


def _embedder(tmp_path: Path, model: GatedModel) -> SentenceTransformerEmbedder:
    (tmp_path / "config.json").write_text("{}")
    embedder = SentenceTransformerEmbedder(tmp_path)
    embedder._model = model  # no weights: the queueing is what is tested
    return embedder


def _run_together(embedder: SentenceTransformerEmbedder, model: GatedModel) -> dict[str, Any]:
    """One caller holds the model; two more arrive and wait; then the model is let go."""
    results: dict[str, Any] = {}

    def call(text: str) -> None:
        try:
            results[text] = embedder.embed([text])
        except RuntimeError as exc:
            results[text] = exc

    first = threading.Thread(target=call, args=("a",))
    first.start()
    while not model.calls:
        time.sleep(0.01)
    others = [threading.Thread(target=call, args=(t,)) for t in ("bb", "ccc")]
    for thread in others:
        thread.start()
    deadline = time.monotonic() + 5
    while len(embedder._waiting) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    model.gate.set()
    for thread in [first, *others]:
        thread.join(5)
    return results


def test_callers_waiting_for_the_model_share_one_call(tmp_path: Path) -> None:
    model = GatedModel()
    results = _run_together(_embedder(tmp_path, model), model)
    assert results == {"a": [[1.0]], "bb": [[2.0]], "ccc": [[3.0]]}
    assert model.calls[0] == ["a"] and sorted(model.calls[1]) == ["bb", "ccc"] and len(model.calls) == 2


def test_a_failed_shared_call_reaches_every_caller_in_it(tmp_path: Path) -> None:
    model = GatedModel(fail_after_first=True)
    results = _run_together(_embedder(tmp_path, model), model)
    assert results["a"] == [[1.0]]
    assert all(isinstance(results[t], RuntimeError) for t in ("bb", "ccc"))


def test_a_folder_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        SentenceTransformerEmbedder(tmp_path)
