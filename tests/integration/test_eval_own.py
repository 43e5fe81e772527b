"""The offline grader on our own labeled sets: a regression here fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.evaluation.own import OwnEvalReport, run_own
from interviewer.kb.catalog import load_bank
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.services import build_grader
from interviewer.settings import Settings


@pytest.fixture(scope="module")
def report(builtin_store_dir: Path, kb: KnowledgeBase) -> OwnEvalReport:
    return run_own(build_grader(Settings(data_dir=builtin_store_dir), None, kb), load_bank())


def test_adversarial_set_passes_completely(report: OwnEvalReport) -> None:
    assert report.adversarial_n >= 60
    assert report.adversarial_pass_rate == 1.0, report.adversarial_failures


def test_scores_agree_with_our_labels(report: OwnEvalReport) -> None:
    # Floors at the figures measured when this test was written, so the grader cannot silently get worse.
    assert report.spearman["behavioral"] >= 0.75
    assert report.spearman["ml_theory"] >= 0.72  # 0.772 with key-point verdicts and known mistakes (0.689 before)
    assert report.spearman["system_design"] >= 0.75


def test_star_and_metric_detection_meet_the_target(report: OwnEvalReport) -> None:
    assert all(d.f1 >= 0.9 for d in report.star_detection.values()), report.star_detection
    assert report.metric_detection is not None and report.metric_detection.f1 >= 0.9


def test_held_out_behavioral_set_is_reported_and_holds_its_floor(report: OwnEvalReport) -> None:
    # The held-out set was written after the rules and never tuned on; these floors sit just under the figures
    # first measured on it (F1 0.77-0.96, Spearman 0.86). Tuning the rules on it would make it a dev set.
    assert set(report.holdout_detection) == {"situation", "task", "action", "result", "metric"}
    assert all(d.n >= 30 and d.f1 >= 0.7 for d in report.holdout_detection.values()), report.holdout_detection
    assert report.spearman["behavioral_holdout"] >= 0.8
