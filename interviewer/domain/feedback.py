"""What the grader returns for one answer: scores, evidence quoted from the answer, and citations."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from interviewer.domain.confusions import MistakeFound

Score = Annotated[int, Field(ge=1, le=5)]
StarPartName = Literal["situation", "task", "action", "result"]

FLAG_REASONS: dict[str, str] = {
    "empty": "The answer is empty.",
    "gibberish": "The answer is not readable text.",
    "keyword_stuffing": "The answer lists terms without explaining anything.",
    "dont_know": "The answer says the candidate does not know.",
    "off_topic": "The answer does not address the question.",
    "question_copy": "The answer repeats the question instead of answering it.",
    "repetitive": "Most of the answer repeats itself.",
    "injection": "The answer contains text addressed to the grader; it was ignored and cannot raise the score.",
    "too_long": "The answer was cut to the first part for grading.",
    "no_event": "The question asks about one real time; the answer describes a habit or a plan instead of a story.",
}
"""Every flag the grader can raise, with the sentence shown to the candidate."""

FLAG_NAMES: dict[str, str] = {
    "empty": "Empty",
    "gibberish": "Not readable",
    "keyword_stuffing": "Keyword list",
    "dont_know": "No answer",
    "off_topic": "Off topic",
    "question_copy": "Question repeated",
    "repetitive": "Repetitive",
    "injection": "Text addressed to the grader",
    "too_long": "Cut for length",
    "no_event": "No real example",
}
"""Each flag's name in words, as the candidate sees it (the internal names stay in JSON)."""

FLOOR_FLAGS = frozenset(
    {"empty", "gibberish", "keyword_stuffing", "dont_know", "off_topic", "question_copy", "repetitive", "no_event"}
)
"""Flags that cap the overall score at 2, whatever any model says."""

FLOOR_CAP = 2.0


class CriterionScore(BaseModel):
    """One rubric criterion."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    """Criterion id, e.g. key_point_coverage or star."""
    score: Score
    """1 (absent) to 5 (excellent)."""
    reason: str = Field(min_length=1, max_length=400)
    """One line saying why."""


class StarPart(BaseModel):
    """One part of STAR, with the words from the answer that show it."""

    present: bool
    """Whether the answer has this part."""
    evidence: str | None = None
    """A span copied from the answer, or None."""


class StarCheck(BaseModel):
    """Situation, task, action and result."""

    situation: StarPart
    """The context."""
    task: StarPart
    """The candidate's responsibility or goal."""
    action: StarPart
    """What the candidate did."""
    result: StarPart
    """The outcome."""

    def parts(self) -> dict[StarPartName, StarPart]:
        """The four parts by name."""
        return {"situation": self.situation, "task": self.task, "action": self.action, "result": self.result}


class MetricsCheck(BaseModel):
    """Quantified impact."""

    present: bool
    """Whether the answer quantifies anything."""
    evidence: list[str] = Field(default_factory=list)
    """Spans from the answer with numbers."""
    baseline: bool = False
    """Whether a before -> after comparison is given."""
    outcome: bool = False
    """Whether a number measures a result (a change, a rate, money, a metric's value), not only the scene (a team of
    six, eight weeks, 40 features)."""


class Ownership(BaseModel):
    """How much the answer speaks for the candidate ("I") rather than the team ("we")."""

    i_count: int = Field(ge=0)
    """First-person singular mentions."""
    we_count: int = Field(ge=0)
    """First-person plural mentions."""


Verdict = Literal["covered", "partly", "missing", "contradicted"]


class KeyPointResult(BaseModel):
    """Whether one key point was covered: the verdict, and the answer's words behind it."""

    point: str
    """The key point."""
    covered: bool
    """Covered or missed."""
    evidence: str | None = None
    """The answer's words that cover it."""
    similarity: float = Field(ge=-1.0, le=1.0)
    """How close the best span came (0-1 scale)."""
    coverage: float = Field(default=0.0, ge=0.0, le=1.0)
    """Similarity blended with word overlap (0-1); covered at 0.5."""
    contradicted: bool = False
    """The answer's closest words deny the point ("I would not add residual connections"), swap its roles, give
    another result, or state a known wrong claim against it: quoted, never credited."""
    verdict: Verdict = "missing"
    """covered, partly (close, short of covered), missing, or contradicted."""
    why: str | None = None
    """For a contradicted point, what is wrong, in one line."""

    @model_validator(mode="after")
    def _verdict_agrees(self) -> KeyPointResult:
        # Built from the two flags alone (older saved sessions, the LLM path): the verdict follows them.
        if self.contradicted:
            object.__setattr__(self, "verdict", "contradicted")
        elif self.covered:
            object.__setattr__(self, "verdict", "covered")
        elif self.verdict in ("covered", "contradicted"):
            object.__setattr__(self, "verdict", "missing")
        return self


class Citation(BaseModel):
    """A knowledge chunk the grade used."""

    source: str
    """Document name."""
    section: str
    """Section inside the document."""
    text: str = ""
    """The chunk text, for expanding in the UI."""
    score: float = 0.0
    """Retrieval similarity."""


class Feedback(BaseModel):
    """The grade of one answer."""

    question_id: str | None
    """The bank question, or None for a question from outside the bank."""
    round: str
    """The round it was graded for."""
    overall: float = Field(ge=1.0, le=5.0)
    """Overall score, 1-5."""
    criteria: list[CriterionScore]
    """Per-criterion scores with reasons."""
    key_points: list[KeyPointResult] = Field(default_factory=list)
    """Coverage of each key point."""
    star: StarCheck | None = None
    """STAR parts, for behavioral and screen answers."""
    ownership: Ownership | None = None
    """I vs we, for behavioral and screen answers."""
    metrics: MetricsCheck
    """Quantified impact."""
    strengths: list[str] = Field(default_factory=list)
    """What went well."""
    improvements: list[str] = Field(default_factory=list)
    """The most important things to fix, most important first."""
    outline: str = ""
    """A short outline of a strong answer."""
    citations: list[Citation] = Field(default_factory=list)
    """Guidance the grade used."""
    flags: list[str] = Field(default_factory=list)
    """Problems found (see FLAG_REASONS)."""
    engine: str = "offline"
    """offline, or the LLM model name."""
    prompt_version: str | None = None
    """Version of the grading prompt, when an LLM graded."""
    notes: list[str] = Field(default_factory=list)
    """Visible notices, e.g. that the LLM was unreachable and the grade is offline."""
    mistakes: list[MistakeFound] = Field(default_factory=list)
    """Known confusions stated as fact in the answer, quoted, with the correction."""

    def criterion(self, name: str) -> CriterionScore | None:
        """A criterion by name."""
        return next((c for c in self.criteria if c.name == name), None)

    def to_report(self) -> dict[str, object]:
        """The JSON shape of `interviewer grade --json`."""
        return {
            "overall": self.overall,
            "criteria": [c.model_dump() for c in self.criteria],
            "star": {k: v.model_dump() for k, v in self.star.parts().items()} if self.star else None,
            "metrics": self.metrics.model_dump(),
            "ownership": self.ownership.model_dump() if self.ownership else None,
            "key_points": {
                "covered": [k.point for k in self.key_points if k.covered],
                "missed": [k.point for k in self.key_points if not k.covered],
                "partly": [k.point for k in self.key_points if k.verdict == "partly"],
                "contradicted": {k.point: k.evidence for k in self.key_points if k.contradicted},
                "verdicts": [
                    {"point": k.point, "verdict": k.verdict, "evidence": k.evidence, "why": k.why}
                    for k in self.key_points
                ],
                "evidence": {k.point: k.evidence for k in self.key_points if k.covered},
            },
            "strengths": self.strengths,
            "improvements": self.improvements,
            "outline": self.outline,
            "citations": [{"source": c.source, "section": c.section} for c in self.citations],
            "flags": self.flags,
            "flag_reasons": {f: FLAG_REASONS.get(f, f) for f in self.flags},
            "engine": self.engine,
            "prompt_version": self.prompt_version,
            "notes": self.notes,
            "mistakes": [m.model_dump() for m in self.mistakes],
            "question_id": self.question_id,
            "round": self.round,
        }
