"""The grader-vs-human harness on our own small fixtures (SAF and SemEval formats), offline and with an LLM."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from interviewer.adapters.embedder import CachedEmbedder
from interviewer.evaluation.datasets import load
from interviewer.evaluation.grader_eval import evaluate, score_items
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.services import build_embedder, build_grader
from interviewer.settings import Settings
from tests.integration.scripted_llm_server import Reply, ScriptedLLMServer

ANSWERS = [
    ("The client sends SYN, the server replies SYN-ACK, and the client sends ACK.", "1", "Correct"),
    ("The client sends SYN and the server answers with SYN-ACK.", "0.5", "Partially correct"),
    ("A connection opens with a UDP broadcast to every host.", "0", "Incorrect"),
    ("No submission.", "0", "Incorrect"),
]


def _saf(folder: Path, qid: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    answers = "".join(
        f"<studentAnswer id='{qid}.{i}'><response>{a}</response><response_feedback>x</response_feedback>"
        f"<score>{s}</score><verification_feedback>{v}</verification_feedback></studentAnswer>"
        for i, (a, s, v) in enumerate(ANSWERS)
    )
    (folder / f"{qid}.xml").write_text(
        f"<question id='{qid}'><questionText>How does TCP open a connection?</questionText><referenceAnswers>"
        "<referenceAnswer id='r'>The client sends SYN. The server replies SYN-ACK. The client sends ACK."
        f"</referenceAnswer></referenceAnswers><studentAnswers>{answers}</studentAnswers></question>"
    )


def test_saf_harness_calibrates_on_training_and_reports_held_out(
    builtin_store_dir: Path, kb: KnowledgeBase, tmp_path: Path
) -> None:
    _saf(tmp_path / "saf" / "training", "1.1")
    _saf(tmp_path / "saf" / "unseen_answers", "1.2")
    items = load(tmp_path / "saf", "saf")
    assert len(items) == 8 and {i.label for i in items} == {"correct", "partial", "incorrect"}
    settings = Settings(data_dir=builtin_store_dir)
    grader = build_grader(settings, None, kb)
    scores, latencies = score_items(items, grader, CachedEmbedder(build_embedder(settings)).embed)
    report = evaluate(items, scores, latencies, ["unseen_answers"], "training")
    assert report.n == 4 and report.calibrated_on == "training"
    assert set(report.baselines) == {"lexical_overlap", "embedding_cosine"}
    assert report.auc >= 0.99 and report.spearman > 0.5
    assert set(report.per_split) == {"unseen_answers"} and report.latency_ms_p95 > 0


def test_semeval_loader(tmp_path: Path) -> None:
    (tmp_path / "q.xml").write_text(
        "<question id='q1'><questionText>Why does the bulb light?</questionText><referenceAnswers>"
        "<referenceAnswer id='a' category='BEST'>The circuit is closed.</referenceAnswer></referenceAnswers>"
        "<studentAnswers><studentAnswer id='s1' accuracy='correct'>It is a closed path.</studentAnswer>"
        "<studentAnswer id='s2' accuracy='contradictory'>The switch is open.</studentAnswer>"
        "<studentAnswer id='s3' accuracy='partially_correct_incomplete'>There is a battery.</studentAnswer>"
        "</studentAnswers></question>"
    )
    items = load(tmp_path, "semeval")
    assert [i.label for i in items] == ["correct", "incorrect", "partial"]
    assert items[0].reference == "The circuit is closed." and items[1].score == 0.0


def test_llm_test_retest_stability(builtin_store_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "set.jsonl"
    data.write_text(
        json.dumps(
            {
                "id": "x1",
                "question": "How does TCP open a connection?",
                "answer": ANSWERS[0][0],
                "reference": "The client sends SYN. The server replies SYN-ACK. The client sends ACK.",
                "label": "correct",
            }
        )
        + "\n"
    )
    criteria = ["key_point_coverage", "correctness", "structure_clarity"]

    def judgement(score: int) -> Reply:
        # The overall is recomputed from the criteria, so the criteria are what vary between the three runs.
        return Reply(json.dumps({"criteria": [{"name": c, "score": score, "reason": "ok"} for c in criteria]}))

    with ScriptedLLMServer() as server:
        server.script(judgement(3), judgement(4), judgement(5))
        env = {
            **os.environ,
            "INTERVIEWER_LLM_BASE_URL": server.base_url,
            "INTERVIEWER_LLM_MODEL": "scripted-model",
            "INTERVIEWER_LLM_RETRIES": "0",
            "HF_HUB_OFFLINE": "1",
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "interviewer.cli",
                "--data-dir",
                str(builtin_store_dir),
                "eval",
                "grader",
                str(data),
                "--format",
                "jsonl",
                "--repeat",
                "3",
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["engine"] == "scripted-model"
    assert abs(report["stability_mean_std"] - 0.8165) < 0.01
