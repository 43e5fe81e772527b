"""The retrieval eval: does the right topic come back for queries phrased as people phrase them?"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from interviewer.domain.questions import Round
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.paths import eval_datasets_dir


class RetrievalCase(BaseModel):
    """One labeled query."""

    query: str = Field(min_length=1)
    """What a user or interviewer types."""
    topic: str = Field(min_length=1)
    """The topic whose chunks must come back."""
    round: Round | None = None
    """The round filter a caller would pass, if any."""


class CaseResult(BaseModel):
    """How one query fared."""

    query: str
    """The query."""
    topic: str
    """The expected topic."""
    rank: int | None
    """1-based rank of the first chunk of the expected topic, or None if not in the top k."""
    got: list[str]
    """Topics of the returned chunks, in order."""


class RetrievalReport(BaseModel):
    """Recall@k and MRR over a labeled set."""

    n: int
    """Queries evaluated."""
    recall_at_1: float
    """Share of queries whose expected topic ranks first."""
    recall_at_3: float
    """Share with the expected topic in the top 3."""
    recall_at_5: float
    """Share with the expected topic in the top 5."""
    mrr: float
    """Mean reciprocal rank of the expected topic (0 when missing from the top k)."""
    latency_ms_p50: float
    """Median search latency."""
    cases: list[CaseResult]
    """Per-query results."""


def default_dataset() -> Path:
    """The retrieval set shipped with the project."""
    return eval_datasets_dir() / "retrieval.yaml"


def load_cases(path: Path) -> list[RetrievalCase]:
    """Read a retrieval set: a YAML mapping with a 'queries' list."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("queries"), list):
        raise ValueError(f"{path}: expected a mapping with a 'queries' list")
    return [RetrievalCase.model_validate(item) for item in data["queries"]]


def first_rank(topics: Sequence[str], expected: str) -> int | None:
    """1-based position of the expected topic in a ranked list, or None."""
    return next((i + 1 for i, t in enumerate(topics) if t == expected), None)


def summarize(results: list[CaseResult], latencies_ms: list[float]) -> RetrievalReport:
    """Aggregate per-query results into recall@k and MRR."""
    n = len(results)

    def recall(k: int) -> float:
        return sum(1 for r in results if r.rank is not None and r.rank <= k) / n if n else 0.0

    mrr = sum(1 / r.rank for r in results if r.rank) / n if n else 0.0
    ordered = sorted(latencies_ms)
    p50 = ordered[len(ordered) // 2] if ordered else 0.0
    return RetrievalReport(
        n=n,
        recall_at_1=round(recall(1), 4),
        recall_at_3=round(recall(3), 4),
        recall_at_5=round(recall(5), 4),
        mrr=round(mrr, 4),
        latency_ms_p50=round(p50, 2),
        cases=results,
    )


def evaluate(kb: KnowledgeBase, cases: Sequence[RetrievalCase], k: int = 5) -> RetrievalReport:
    """Run every query through the knowledge base and score the ranking."""
    results: list[CaseResult] = []
    latencies: list[float] = []
    for case in cases:
        started = time.perf_counter()
        hits = kb.search(case.query, round=case.round, k=k)
        latencies.append((time.perf_counter() - started) * 1000)
        topics = [h.topic for h in hits]
        results.append(CaseResult(query=case.query, topic=case.topic, rank=first_rank(topics, case.topic), got=topics))
    return summarize(results, latencies)


def report_text(report: RetrievalReport) -> str:
    """Recall@k and MRR as plain text lines, with the queries whose topic missed the top 3."""
    lines = [f"queries      {report.n}"]
    lines += [f"{key:<12} {getattr(report, key):.3f}" for key in ("recall_at_1", "recall_at_3", "recall_at_5", "mrr")]
    misses = [c for c in report.cases if c.rank is None or c.rank > 3]
    if misses:
        lines += ["", "not in the top 3:"]
        lines += [f"  {case.query!r}: want {case.topic}, got {', '.join(case.got[:3])}" for case in misses]
    return "\n".join(lines)
