"""Keyword scoring (BM25) and rank fusion, used to re-rank dense retrieval candidates."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

_TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Lowercase alphanumeric tokens."""
    return _TOKEN.findall(text.lower())


class CorpusStats(BaseModel):
    """Document frequencies and length statistics of a corpus, for BM25's IDF and length normalisation."""

    documents: int
    """How many documents were counted."""
    average_length: float
    """Mean tokens per document."""
    document_frequency: dict[str, int]
    """Token to number of documents containing it."""

    @classmethod
    def build(cls, texts: Iterable[str]) -> CorpusStats:
        """Count the statistics of a corpus."""
        frequency: Counter[str] = Counter()
        total = count = 0
        for text in texts:
            tokens = tokenize(text)
            frequency.update(set(tokens))
            total += len(tokens)
            count += 1
        return cls(documents=count, average_length=total / count if count else 1.0, document_frequency=frequency)

    def idf(self, token: str) -> float:
        """BM25's smoothed inverse document frequency."""
        df = self.document_frequency.get(token, 0)
        return math.log((self.documents - df + 0.5) / (df + 0.5) + 1.0)

    def bm25(self, query: Sequence[str], text: str, k1: float = 1.5, b: float = 0.75) -> float:
        """BM25 score of one text for the query tokens."""
        tokens = tokenize(text)
        counts = Counter(tokens)
        norm = k1 * (1 - b + b * len(tokens) / (self.average_length or 1.0))
        return sum(self.idf(t) * counts[t] * (k1 + 1) / (counts[t] + norm) for t in set(query) if t in counts)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: int = 60) -> list[int]:
    """Fuse several rankings of the same items (given as item indices, best first) into one."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank + 1)
    return sorted(scores, key=lambda item: -scores[item])
