"""Against a real endpoint from INTERVIEWER_LLM_* settings; runs only when INTERVIEWER_LIVE_LLM=1."""

from __future__ import annotations

import os

import pytest

from interviewer.adapters.openai_model import OpenAICompatibleModel
from interviewer.domain.feedback import Citation
from interviewer.domain.model import CriterionSpec, JudgeRequest, PhraseRequest
from interviewer.domain.questions import Round
from interviewer.settings import Settings

# Read at import: the suite's autouse fixture clears INTERVIEWER_* variables before each test runs.
LIVE = os.environ.get("INTERVIEWER_LIVE_LLM") == "1"
LIVE_SETTINGS = {k: v for k, v in os.environ.items() if k.startswith("INTERVIEWER_LLM_")}

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not LIVE, reason="set INTERVIEWER_LIVE_LLM=1 and INTERVIEWER_LLM_* to run against a real LLM"),
]


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> OpenAICompatibleModel:
    """The configured endpoint's model."""
    for key, value in LIVE_SETTINGS.items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    assert settings.llm_enabled, "INTERVIEWER_LLM_BASE_URL and INTERVIEWER_LLM_MODEL must be set"
    return OpenAICompatibleModel(settings)


def test_live_check_phrase_and_judge(model: OpenAICompatibleModel) -> None:
    """The endpoint is reachable, phrases a question, and judges one answer into a valid judgement."""
    assert "reachable" in model.check()
    question = "What is the difference between bagging and boosting?"
    text = "".join(model.phrase(PhraseRequest(kind="question", round=Round.ML_THEORY, question=question)))
    assert text.strip() and "?" in text
    judgement = model.judge(
        JudgeRequest(
            round=Round.ML_THEORY,
            question=question,
            answer=(
                "Bagging trains models independently on bootstrap samples and averages them, which mainly reduces "
                "variance; random forests are the classic example. Boosting trains models sequentially, each one "
                "focusing on the errors of the previous ones, which mainly reduces bias, like gradient boosting."
            ),
            key_points=[
                "Bagging trains in parallel on bootstrap samples",
                "Bagging reduces variance",
                "Boosting trains sequentially on previous errors",
                "Boosting reduces bias",
            ],
            criteria=[
                CriterionSpec(name="correctness", description="Nothing said is wrong"),
                CriterionSpec(name="key_point_coverage", description="Covers the key points"),
            ],
            guidance=[Citation(source="core_ml.md", section="Ensembles", text="Bagging reduces variance.")],
        )
    )
    assert judgement.overall >= 3
    assert {c.name for c in judgement.criteria} >= {"correctness"}
