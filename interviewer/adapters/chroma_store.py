"""The Chroma adapter: the only module that imports chromadb."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from interviewer.adapters.heavy_imports import collector_paused
from interviewer.domain.chunks import Chunk, SearchHit
from interviewer.kb.ports import StoreError


def _client_settings() -> Any:
    from chromadb.config import Settings

    # The same Settings for every client, embedded or HTTP: Chroma refuses mixed settings per path.
    return Settings(anonymized_telemetry=False, allow_reset=False)


class ChromaStore:
    """A Chroma collection, embedded (PersistentClient) or on a server (HttpClient)."""

    _BATCH = 500

    def __init__(self, collection: str, embedder_name: str, *, path: Path | None = None, url: str | None = None):
        try:
            with collector_paused():
                import chromadb

            if url:
                parts = urlparse(url)
                self._client = chromadb.HttpClient(
                    host=parts.hostname or "127.0.0.1",
                    port=parts.port or (443 if parts.scheme == "https" else 8000),
                    ssl=parts.scheme == "https",
                    settings=_client_settings(),
                )
            else:
                assert path is not None, "an embedded store needs a path"
                path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(path), settings=_client_settings())
            self._collection = self._open(collection, embedder_name)
            self._memo_name, self._embedder_name, self._memo = f"{collection}-texts", embedder_name, None
        except StoreError:
            raise
        except Exception as exc:  # chromadb raises many types; callers need one
            where = url or str(path)
            raise StoreError(f"cannot open the vector store at {where}: {exc}") from exc

    def _open(self, name: str, embedder_name: str) -> Any:
        # No embedding function: we always pass vectors, and Chroma's default would download a model.
        collection = self._client.get_or_create_collection(
            name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": embedder_name},
        )
        stored_model = (collection.metadata or {}).get("embedding_model")
        if stored_model != embedder_name:
            # Vectors from another model are not comparable: start the collection afresh.
            self._client.delete_collection(name)
            collection = self._client.get_or_create_collection(
                name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedding_model": embedder_name},
            )
        return collection

    def _memo_collection(self) -> Any:
        """The collection of vectors kept by exact text (opened on first use; reset with the model like the chunks)."""
        if self._memo is None:
            self._memo = self._open(self._memo_name, self._embedder_name)
        return self._memo

    def recall(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """The stored vector of each text that has one."""
        wanted = {_text_id(t): t for t in texts}
        ids, found = list(wanted), {}
        try:
            for start in range(0, len(ids), self._BATCH):
                part = ids[start : start + self._BATCH]
                result = self._memo_collection().get(ids=part, include=["embeddings", "documents"])
                vectors = result.get("embeddings")
                vectors = [] if vectors is None else vectors  # a numpy array: no truth value
                documents = result.get("documents") or []
                for text_id, document, vector in zip(result["ids"], documents, vectors, strict=False):
                    if document == wanted.get(text_id):  # the text itself, not only its hash
                        found[document] = [float(x) for x in vector]
        except Exception as exc:
            raise StoreError(f"cannot read the vector store: {exc}") from exc
        return found

    def remember(self, texts: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        """Store the texts' vectors, in batches."""
        try:
            for start in range(0, len(texts), self._BATCH):
                part = list(texts[start : start + self._BATCH])
                self._memo_collection().upsert(
                    ids=[_text_id(t) for t in part],
                    embeddings=[list(v) for v in vectors[start : start + self._BATCH]],
                    documents=part,
                )
        except Exception as exc:
            raise StoreError(f"cannot write to the vector store: {exc}") from exc

    def existing(self) -> dict[str, dict[str, str]]:
        """Every stored chunk id with its metadata."""
        try:
            result = self._collection.get(include=["metadatas"])
        except Exception as exc:
            raise StoreError(f"cannot read the vector store: {exc}") from exc
        metadatas = result.get("metadatas") or []
        return {i: {k: str(v) for k, v in (m or {}).items()} for i, m in zip(result["ids"], metadatas, strict=False)}

    def texts(self) -> list[tuple[str, str]]:
        """Every stored chunk's (section, text)."""
        try:
            result = self._collection.get(include=["documents", "metadatas"])
        except Exception as exc:
            raise StoreError(f"cannot read the vector store: {exc}") from exc
        metadatas = result.get("metadatas") or []
        documents = result.get("documents") or []
        return [(str((m or {}).get("section", "")), d or "") for m, d in zip(metadatas, documents, strict=False)]

    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        """Add or replace chunks, in batches."""
        try:
            for start in range(0, len(chunks), self._BATCH):
                part = chunks[start : start + self._BATCH]
                self._collection.upsert(
                    ids=[c.id for c in part],
                    embeddings=[list(v) for v in vectors[start : start + self._BATCH]],
                    documents=[c.text for c in part],
                    metadatas=[c.metadata() for c in part],
                )
        except Exception as exc:
            raise StoreError(f"cannot write to the vector store: {exc}") from exc

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        try:
            for start in range(0, len(ids), self._BATCH):
                self._collection.delete(ids=list(ids[start : start + self._BATCH]))
        except Exception as exc:
            raise StoreError(f"cannot delete from the vector store: {exc}") from exc

    def query(self, vector: Sequence[float], k: int, where: Mapping[str, Any] | None) -> list[SearchHit]:
        """The k nearest chunks that match the metadata filter."""
        try:
            result = self._collection.query(
                query_embeddings=[list(vector)],
                n_results=k,
                where=dict(where) if where else None,
                include=["documents", "metadatas", "distances"],
            )
        except Exception as exc:
            raise StoreError(f"cannot search the vector store: {exc}") from exc
        hits = []
        documents = (result.get("documents") or [[]])[0]
        metadatas = (result.get("metadatas") or [[]])[0]
        distances = (result.get("distances") or [[]])[0]
        for chunk_id, text, meta, distance in zip(result["ids"][0], documents, metadatas, distances, strict=False):
            meta = meta or {}
            hits.append(
                SearchHit(
                    id=chunk_id,
                    text=text or "",
                    source=str(meta.get("source", "")),
                    section=str(meta.get("section", "")),
                    round=str(meta.get("round", "")),
                    topic=str(meta.get("topic", "")),
                    kind=str(meta.get("kind", "")),
                    score=max(-1.0, min(1.0, 1.0 - float(distance))),
                )
            )
        return hits

    def count(self) -> int:
        """How many chunks are stored."""
        try:
            return int(self._collection.count())
        except Exception as exc:
            raise StoreError(f"cannot read the vector store: {exc}") from exc


def _text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
