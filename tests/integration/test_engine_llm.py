"""The interview engine with the LLM path over real HTTP: good judgements, and every failure carries on offline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interviewer.domain.questions import Round
from interviewer.grading.rubric import criteria_overall
from interviewer.grading.targets import target_for
from interviewer.interview.session import SessionConfig, start
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.services import build_interviewer
from interviewer.settings import Settings
from tests.integration.scripted_llm_server import Hang, Reply, ScriptedLLMServer, Status, Stream

STORY = (
    "At my last company our nightly training pipeline took 14 hours and failed twice a week. "
    "I was responsible for fixing it. I profiled the stages and rewrote feature computation to be incremental. "
    "As a result training dropped from 14 hours to 2 hours and failures fell by 90%."
)


def _judgement(criteria: list[str], overall: float = 4.0) -> str:
    body: dict[str, Any] = {
        "overall": overall,
        "criteria": [{"name": c, "score": 4, "reason": "solid"} for c in criteria],
        "key_points": [{"index": 0, "covered": True, "quote": "I profiled the stages"}],
        "star": {
            "situation": "our nightly training pipeline took 14 hours",
            "task": None,
            "action": None,
            "result": "training dropped from 14 hours to 2 hours",
        },
        "metric_quotes": ["from 14 hours to 2 hours", "a made-up 99% uplift"],
        "strengths": ["Concrete numbers"],
        "improvements": ["Say what you learned"],
        "outline": "Situation, task, action, result.",
    }
    return json.dumps(body)


CRITERIA = ["key_point_coverage", "correctness", "structure_clarity", "star", "ownership", "quantified_impact"]


@pytest.fixture
def server() -> Iterator[ScriptedLLMServer]:
    with ScriptedLLMServer() as running:
        yield running


def _interviewer(data_dir: Path, kb: KnowledgeBase, base_url: str, timeout: float = 5.0):  # type: ignore[no-untyped-def]
    from interviewer.adapters.openai_model import build_llm_model

    settings = Settings(
        data_dir=data_dir, llm_base_url=base_url, llm_model="scripted-model", llm_timeout_s=timeout, llm_retries=0
    )
    session = start("llm", SessionConfig(rounds=[Round.BEHAVIORAL], questions_per_round=2, seed=1))
    return build_interviewer(settings, session, build_llm_model(settings), kb)


def test_llm_phrases_streams_and_judges(builtin_store_dir: Path, kb: KnowledgeBase, server: ScriptedLLMServer) -> None:
    server.script(Stream(["So, ", "tell me about a time ", "you fixed something slow?"]), Reply(_judgement(CRITERIA)))
    interviewer = _interviewer(builtin_store_dir, kb, server.base_url)
    pieces = list(interviewer.ask_next())
    assert "".join(pieces).endswith("you fixed something slow?") and len(pieces) >= 3
    feedback = interviewer.submit(STORY, seconds=42)
    assert feedback.engine == "scripted-model" and feedback.prompt_version
    # The model's own overall (4.0) is not taken: the overall comes from its criteria, held to the answer's words.
    question = interviewer.question(feedback.question_id or "")
    assert feedback.overall == round(criteria_overall(target_for(question), feedback.criteria), 1)
    assert "a made-up 99% uplift" not in feedback.metrics.evidence
    assert "from 14 hours to 2 hours" in feedback.metrics.evidence
    assert feedback.star is not None and feedback.star.situation.evidence in STORY  # type: ignore[operator]
    sent = server.chat_requests[-1].text()
    assert "<candidate_answer>" in sent and "I profiled the stages" in sent
    assert any(c.source.startswith("guides/") for c in feedback.citations)


@pytest.mark.parametrize(
    "failure",
    [Status(500, "boom"), Status(401, "bad key"), Reply("not json at all"), Reply('{"overall": "high"}')],
    ids=["500", "401", "malformed", "wrong-schema"],
)
def test_grading_failures_fall_back_offline_with_a_notice(
    builtin_store_dir: Path, kb: KnowledgeBase, server: ScriptedLLMServer, failure: object
) -> None:
    server.script(Reply("Tell me about a slow process you improved?"), failure, failure)
    interviewer = _interviewer(builtin_store_dir, kb, server.base_url)
    "".join(interviewer.ask_next())
    feedback = interviewer.submit(STORY, seconds=30)
    assert feedback.engine == "offline" and feedback.notes
    assert interviewer.session.turns[0].answer == STORY
    assert feedback.overall >= 3


def test_down_or_slow_endpoint_keeps_the_session_going(builtin_store_dir: Path, kb: KnowledgeBase) -> None:
    with ScriptedLLMServer() as server:
        base_url = server.base_url
    interviewer = _interviewer(builtin_store_dir, kb, base_url)  # nothing listens there any more
    text = "".join(interviewer.ask_next())
    assert interviewer.session.current is not None and interviewer.session.current.prompt in text
    assert interviewer.notices
    feedback = interviewer.submit(STORY)
    assert feedback.engine == "offline" and feedback.notes

    with ScriptedLLMServer() as slow:
        slow.script(Hang(5), Hang(5))
        interviewer = _interviewer(builtin_store_dir, kb, slow.base_url, timeout=1.0)
        assert "".join(interviewer.ask_next()).strip()
        assert interviewer.submit(STORY).engine == "offline"
        calls = len(slow.chat_requests)
        "".join(interviewer.ask_next())
        interviewer.submit(STORY)
        assert len(slow.chat_requests) == calls  # after a timeout the session stays offline: no more waiting
