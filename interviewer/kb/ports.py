"""What the knowledge base needs from outside: an embedder and a vector store. Adapters implement both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from interviewer.domain.chunks import Chunk, SearchHit


class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    @property
    def name(self) -> str:
        """Identifies the model, so a store built with another model is rebuilt."""
        ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed texts; vectors are L2-normalised."""
        ...


class StoreError(RuntimeError):
    """The vector store could not be opened, read or written."""


class VectorStore(Protocol):
    """Where chunks and their vectors live."""

    def existing(self) -> dict[str, dict[str, str]]:
        """Every stored chunk id with its metadata."""
        ...

    def texts(self) -> list[tuple[str, str]]:
        """Every stored chunk's (section, text)."""
        ...

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Add or replace chunks."""
        ...

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        ...

    def query(self, vector: Sequence[float], k: int, where: Mapping[str, Any] | None) -> list[SearchHit]:
        """The k nearest chunks that match the metadata filter."""
        ...

    def count(self) -> int:
        """How many chunks are stored."""
        ...


@runtime_checkable
class VectorMemo(Protocol):
    """Vectors kept for exact texts (the bank's key points, paraphrases and known mistakes): embedded once, at ingest
    or the first start, and read by every later process instead of embedded again."""

    def recall(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """The stored vector of each text that has one."""
        ...

    def remember(self, texts: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        """Store the texts' vectors."""
        ...
