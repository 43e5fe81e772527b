"""Retrieval over the knowledge base."""

from __future__ import annotations

from typing import Any

from interviewer.domain.chunks import ChunkKind, SearchHit
from interviewer.domain.questions import GENERAL, Round
from interviewer.kb.lexical import CorpusStats, reciprocal_rank_fusion, tokenize
from interviewer.kb.ports import Embedder, VectorStore

MAX_QUERY_CHARS = 2000
MAX_K = 50
CANDIDATES = 40
"""Dense candidates re-ranked by keywords: `interviewer eval retrieval --mode` measured 40 best of 20/40."""


class KnowledgeBase:
    """Search over the ingested guidance and question bank: dense retrieval, re-ranked with BM25 by default."""

    def __init__(self, store: VectorStore, embedder: Embedder, hybrid: bool = True) -> None:
        self.store = store
        self.embedder = embedder
        self.hybrid = hybrid
        self._stats: CorpusStats | None = None

    def _corpus_stats(self) -> CorpusStats:
        if self._stats is None:
            self._stats = CorpusStats.build(f"{section} {text}" for section, text in self.store.texts())
        return self._stats

    def _rerank(self, query: str, hits: list[SearchHit], k: int) -> list[SearchHit]:
        """Fuse the dense order with a BM25 order of the same candidates (reciprocal rank fusion)."""
        stats = self._corpus_stats()
        tokens = tokenize(query)
        lexical = sorted(range(len(hits)), key=lambda i: -stats.bm25(tokens, f"{hits[i].section} {hits[i].text}"))
        order = reciprocal_rank_fusion([list(range(len(hits))), lexical], weights=[1.0, 1.0])
        return [hits[i] for i in order[:k]]

    def search(
        self, query: str, round: Round | str | None = None, k: int = 5, kind: ChunkKind | None = None
    ) -> list[SearchHit]:
        """The k chunks closest to the query; a round also admits general (round-less) chunks."""
        query = " ".join(query.split())
        if not query:
            raise ValueError("the search query is empty")
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}")
        if round is not None:
            Round(round)  # raises ValueError for an unknown round before an embedding is paid for
        vector = self.embedder.embed([query[:MAX_QUERY_CHARS]])[0]
        return self.search_by_vector(vector, query, round=round, k=k, kind=kind)

    def search_by_vector(
        self,
        vector: list[float],
        query: str,
        round: Round | str | None = None,
        k: int = 5,
        kind: ChunkKind | None = None,
    ) -> list[SearchHit]:
        """Search with a precomputed query vector; query feeds the keyword re-ranking."""
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}")
        filters: list[dict[str, Any]] = []
        if round is not None:
            filters.append({"round": {"$in": [Round(round).value, GENERAL]}})
        if kind is not None:
            filters.append({"kind": kind})
        where: dict[str, Any] | None = None
        if len(filters) == 1:
            where = filters[0]
        elif filters:
            where = {"$and": filters}
        if not self.hybrid:
            return self.store.query(vector, k, where)
        return self._rerank(query, self.store.query(vector, max(k, CANDIDATES), where), k)
