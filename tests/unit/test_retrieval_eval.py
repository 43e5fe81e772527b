"""Retrieval metrics: recall@k and MRR from ranked topics."""

from pathlib import Path

import pytest

from interviewer.evaluation.retrieval import CaseResult, first_rank, load_cases, summarize


def test_first_rank() -> None:
    assert first_rank(["a", "b", "c"], "b") == 2
    assert first_rank(["a", "b"], "z") is None


def test_summarize_recall_and_mrr() -> None:
    results = [
        CaseResult(query="q1", topic="t", rank=1, got=["t"]),
        CaseResult(query="q2", topic="t", rank=2, got=["x", "t"]),
        CaseResult(query="q3", topic="t", rank=4, got=["x", "y", "z", "t"]),
        CaseResult(query="q4", topic="t", rank=None, got=["x"]),
    ]
    report = summarize(results, [1.0, 2.0, 3.0, 4.0])
    assert (report.recall_at_1, report.recall_at_3, report.recall_at_5) == (0.25, 0.5, 0.75)
    assert report.mrr == pytest.approx((1 + 0.5 + 0.25) / 4, abs=1e-4)


def test_load_cases_validates(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("queries:\n  - {query: how to answer, topic: star_method, round: behavioral}\n")
    assert load_cases(path)[0].round == "behavioral"
    path.write_text("- not a mapping\n")
    with pytest.raises(ValueError, match="queries"):
        load_cases(path)
