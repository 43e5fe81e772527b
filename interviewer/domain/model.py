"""The narrow model port: phrase interviewer turns and judge answers. Offline and LLM models implement it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from interviewer.domain.feedback import Citation, CriterionScore, StarPartName, Verdict
from interviewer.domain.questions import Round


class ModelError(RuntimeError):
    """A model could not do what was asked; the engine goes on offline."""


class ModelUnavailable(ModelError):
    """The endpoint is down, refused the key, failed (5xx) or timed out."""


class ModelOutputInvalid(ModelError):
    """The model answered, but not with valid output, even after a retry."""


class CriterionSpec(BaseModel):
    """A criterion the judge must score."""

    model_config = ConfigDict(frozen=True)

    name: str
    """Criterion id."""
    description: str
    """What it measures."""


class PhraseRequest(BaseModel):
    """An interviewer turn to phrase."""

    kind: Literal["question", "follow_up", "hint"]
    """A new question, a follow-up on a missed point, or a hint."""
    round: Round
    """The round being practised."""
    question: str
    """The bank question (for a follow-up: the question being followed up)."""
    target: str | None = None
    """For follow-ups and hints: the key point to steer towards."""
    suggested: str | None = None
    """A prepared wording the model may use or rephrase: the bank's probe (follow-up) or hint for the point."""
    quote: str | None = None
    """For a follow-up: the candidate's own words it may build on ("You mentioned ..."), as data."""
    previous_answer: str | None = None
    """The candidate's last answer, as data."""
    candidate_context: str | None = None
    """Resume or job description excerpt, as data (screen round)."""


class PointCheck(BaseModel):
    """The deterministic verdict on one key point, given to the judge."""

    index: int = Field(ge=0)
    """Position in JudgeRequest.key_points."""
    verdict: Verdict
    """covered, partly, missing or contradicted."""
    evidence: str | None = None
    """The answer's words behind the verdict."""
    why: str | None = None
    """For a contradicted point, what is wrong."""


class KnownMistake(BaseModel):
    """A wrong claim known for the question (or a classic confusion), and whether the answer states it."""

    claim: str
    """The wrong claim."""
    correction: str
    """The right statement."""
    found: str | None = None
    """The answer's words that state it, when the deterministic checks found it."""


class JudgeRequest(BaseModel):
    """An answer to judge."""

    round: Round
    """The round's rubric applies."""
    question: str
    """The question asked."""
    answer: str
    """The candidate's answer with any text addressed to the grader removed."""
    key_points: list[str]
    """What a strong answer covers."""
    criteria: list[CriterionSpec]
    """The criteria to score."""
    reference: str | None = None
    """A reference answer, if one was given."""
    guidance: list[Citation] = Field(default_factory=list)
    """Retrieved guidance to ground the judgement."""
    checks: list[PointCheck] = Field(default_factory=list)
    """What the deterministic checks found for each key point (a contradiction found there binds the judge)."""
    mistakes: list[KnownMistake] = Field(default_factory=list)
    """The question's known wrong claims, and classic confusions found in the answer."""


class KeyPointVerdict(BaseModel):
    """A judge's verdict on one key point."""

    index: int = Field(ge=0)
    """Position in JudgeRequest.key_points."""
    verdict: Verdict | None = None
    """covered, partly, missing or contradicted (when only `covered` is given, covered or missing)."""
    covered: bool = False
    """Whether the answer covers it (follows the verdict when one is given)."""
    quote: str | None = None
    """Words from the answer behind the verdict."""

    @model_validator(mode="after")
    def _one_verdict(self) -> KeyPointVerdict:
        if self.verdict is None:
            self.verdict = "covered" if self.covered else "missing"
        self.covered = self.verdict == "covered"
        return self


class ModelJudgement(BaseModel):
    """What a judge returns; the grader bounds it with deterministic checks before it becomes Feedback."""

    overall: float | None = Field(default=None, ge=1.0, le=5.0)
    """The judge's own overall, if it gave one: shown nowhere, since the grader recomputes the overall from the
    bounded criteria (the offline judgement sets it from its unrounded levels)."""
    criteria: list[CriterionScore]
    """Scores for the requested criteria."""
    key_points: list[KeyPointVerdict] = Field(default_factory=list)
    """Per key point verdicts."""
    star: dict[StarPartName, str | None] | None = None
    """Quotes from the answer for each STAR part, or None where absent."""
    metric_quotes: list[str] = Field(default_factory=list)
    """Quotes from the answer that quantify impact."""
    strengths: list[str] = Field(default_factory=list)
    """What went well."""
    improvements: list[str] = Field(default_factory=list)
    """What to fix, most important first."""
    outline: str = ""
    """A short outline of a strong answer."""


class Phraser(Protocol):
    """Phrases interviewer turns: the offline phrasing and every model do."""

    @property
    def name(self) -> str:
        """offline, or the model name."""
        ...

    def phrase(self, request: PhraseRequest) -> Iterator[str]:
        """Stream the text of an interviewer turn."""
        ...


class InterviewModel(Phraser, Protocol):
    """A model that also judges answers (an LLM, or a test double). Offline, the grader's own checks judge."""

    @property
    def prompt_version(self) -> str | None:
        """The grading prompt's version, if prompts are used."""
        ...

    def judge(self, request: JudgeRequest) -> ModelJudgement:
        """Judge one answer."""
        ...
