"""Retrieval over the knowledge base."""

from __future__ import annotations

from typing import Any

from interviewer.domain import GENERAL, ChunkKind, Round, SearchHit
from interviewer.embeddings import Embedder
from interviewer.store import VectorStore

MAX_QUERY_CHARS = 2000
MAX_K = 50


class KnowledgeBase:
    """Semantic search over the ingested guidance and question bank."""

    def __init__(self, store: VectorStore, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder

    def search(
        self, query: str, round: Round | str | None = None, k: int = 5, kind: ChunkKind | None = None
    ) -> list[SearchHit]:
        """The k chunks closest to the query; a round also admits general (round-less) chunks."""
        query = " ".join(query.split())
        if not query:
            raise ValueError("the search query is empty")
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}")
        filters: list[dict[str, Any]] = []
        if round is not None:
            round_value = Round(round).value
            filters.append({"round": {"$in": [round_value, GENERAL]}})
        if kind is not None:
            filters.append({"kind": kind})
        where: dict[str, Any] | None = None
        if len(filters) == 1:
            where = filters[0]
        elif filters:
            where = {"$and": filters}
        vector = self.embedder.embed([query[:MAX_QUERY_CHARS]])[0]
        return self.store.query(vector, k, where)
