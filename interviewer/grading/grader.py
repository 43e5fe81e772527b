"""The grader: deterministic analysis, a model's judgement, and the bounds that keep the grade honest."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from interviewer.domain.confusions import Confusion, OperationCost
from interviewer.domain.feedback import FLAG_REASONS, FLOOR_FLAGS, Citation, CriterionScore, Feedback
from interviewer.domain.model import (
    InterviewModel,
    JudgeRequest,
    KnownMistake,
    ModelError,
    ModelJudgement,
    ModelUnavailable,
    PointCheck,
)
from interviewer.domain.questions import STORY_ROUNDS
from interviewer.domain.text import content_stems
from interviewer.grading.analysis import Analysis, Embed, GradeTarget, analyze
from interviewer.grading.aspects import aspects_for
from interviewer.grading.bounds import HARD_FLOORS, build_feedback
from interviewer.grading.rubric import continuous_overall, criteria_for, score_criteria

Retrieve = Callable[[GradeTarget, str], list[Citation]]
Related = Callable[[str], list[tuple[str, float]]]
"""Bank questions closest to a text, as (topic, similarity), best first."""


FOREIGN_BELOW = 0.6
"""An answer most of whose content words (stems) appear nowhere in the knowledge base is about something else: every
answer of the ladders and of the human-labeled sets uses 81% or more of them, a holiday story 41%."""
FOREIGN_MIN_WORDS = 8
"""...counted only with this many content words or more (a short answer is judged by the floors)."""


def outside_the_domain(text: str, domain_stems: frozenset[str]) -> bool:
    """Whether the text talks about something the knowledge base never mentions (travel, cooking, history)."""
    stems = content_stems(text)
    if not domain_stems or len(stems) < FOREIGN_MIN_WORDS:
        return False
    return len(stems & domain_stems) / len(stems) < FOREIGN_BELOW


def answers_something_else(
    target: GradeTarget,
    analysis: Analysis,
    related: list[tuple[str, float]],
    domain_stems: frozenset[str] = frozenset(),
) -> bool:
    """An answer that covers nothing asked and is either unrelated to interviews (far from every bank question, or in
    words the knowledge base, `domain_stems`, never uses) or fits another question better."""
    if target.topic is None or any(k.covered for k in analysis.key_points) or not related:
        return False
    topic, score = related[0]
    far = score < 0.35 and analysis.relevance < 0.30
    unrelated = far or outside_the_domain(analysis.graded_text, domain_stems)
    elsewhere = topic != target.topic and score >= 0.5 and score >= analysis.relevance + 0.2
    return unrelated or elsewhere


_STAR_ADVICE = {
    "situation": "Open with one or two sentences of context: team, project, what was at stake.",
    "task": "Say what you were responsible for and what made it hard.",
    "action": "Spend most of the answer on the concrete steps you took, in first person.",
    "result": "Close with the outcome and a number, then one lesson.",
}


def _strengths(target: GradeTarget, analysis: Analysis, criteria: list[CriterionScore]) -> list[str]:
    out = [f'Covered "{k.point}" ("{k.evidence}").' for k in analysis.key_points if k.covered and k.evidence][:2]
    by_name = {c.name: c for c in criteria}
    if "star" in by_name and by_name["star"].score == 5:
        out.append("A complete STAR story: situation, task, action and result.")
    if analysis.metrics.outcome and target.round in STORY_ROUNDS:
        out.append(f"Quantified impact: {', '.join(analysis.metrics.evidence[:2])}.")
    if by_name.get("structure_clarity") and by_name["structure_clarity"].score >= 4:
        out.append("Clear, well-sized answer.")
    return out[:4]


def _improvements(target: GradeTarget, analysis: Analysis, criteria: list[CriterionScore]) -> list[str]:
    out = [m.said() for m in analysis.mistakes]
    quoted = {m.quote for m in analysis.mistakes}
    # A point contradicted by one of those mistakes carries its line as why: it is already said above.
    out += [
        f'"{k.evidence}" does not support "{k.point}": {k.why}'
        for k in analysis.key_points
        if k.contradicted and k.evidence not in quoted and k.why and k.why not in out
    ]
    out += [FLAG_REASONS[f] for f in analysis.flags if f in FLAG_REASONS and f != "too_long"]
    out += [f"Cover: {k.point}" for k in analysis.key_points if not k.covered][:3]
    if analysis.star is not None:
        out += [_STAR_ADVICE[name] for name, part in analysis.star.parts().items() if not part.present]
        if not analysis.metrics.outcome:
            out.append("End with a number: %, time or money saved, before -> after against a baseline.")
        own = next((c for c in criteria if c.name == "ownership"), None)
        if own and own.score <= 2:
            out.append("Say 'I' for what you did; 'we' hides your contribution.")
    out += [
        a.advice
        for a in aspects_for(target.round, target.follow_up, target.question)
        if not analysis.aspects.get(a.name)
    ]
    structure = next((c for c in criteria if c.name == "structure_clarity"), None)
    if structure and structure.score <= 3:
        out.append(structure.reason)
    return out[:6]


def _outline(target: GradeTarget) -> str:
    points = "\n".join(f"- {p}" for p in target.key_points[:6])
    if target.round in STORY_ROUNDS:
        return (
            "Situation (1-2 sentences) -> Task (your responsibility) -> Action (most of the time, in first person) "
            f"-> Result (a number against a baseline, then a lesson). Make sure it shows:\n{points}"
        )
    return f"A strong answer covers:\n{points}" if points else "Answer the question directly, then justify it."


def offline_judgement(target: GradeTarget, analysis: Analysis) -> ModelJudgement:
    """Score the answer from the deterministic analysis alone."""
    criteria = score_criteria(target, analysis)
    return ModelJudgement(
        overall=round(continuous_overall(target, analysis, criteria), 2),
        criteria=criteria,
        strengths=_strengths(target, analysis, criteria),
        improvements=_improvements(target, analysis, criteria),
        outline=_outline(target),
    )


class ModelBreaker:
    """One caller's circuit breaker for the LLM (one candidate's session, one batch run): after the endpoint is
    unreachable, that caller is graded offline for the next few answers instead of waiting for a timeout on each.
    Other candidates keep their own breaker, so one failure never switches the LLM off for everyone."""

    SKIP_ANSWERS = 5
    """Answers graded offline after a failure before the LLM is tried again."""

    def __init__(self) -> None:
        self.skipping = 0
        """Answers still to grade offline."""

    def allows(self) -> bool:
        """Whether to try the model for this answer (counts a skipped one)."""
        if self.skipping:
            self.skipping -= 1
            return False
        return True

    def trip(self) -> None:
        """The endpoint was unreachable: skip it for the next answers."""
        self.skipping = self.SKIP_ANSWERS


def judge_request(target: GradeTarget, analysis: Analysis, citations: list[Citation]) -> JudgeRequest:
    """What the judge sees: the answer without injected text, the key points with the deterministic verdicts, the
    question's known mistakes (and any classic confusion found), the criteria and the guidance."""
    found = {m.claim: m.quote for m in analysis.mistakes}
    known = [KnownMistake(claim=m.claim, correction=m.correction, found=found.get(m.claim)) for m in target.mistakes]
    listed = {m.claim for m in target.mistakes}
    known += [
        KnownMistake(claim=m.claim, correction=m.correction, found=m.quote)
        for m in analysis.mistakes
        if m.claim not in listed
    ]
    return JudgeRequest(
        round=target.round,
        question=target.question,
        answer=analysis.graded_text,
        key_points=target.key_points,
        criteria=criteria_for(target.round, target.follow_up, target.question),
        reference=target.reference,
        guidance=citations,
        checks=[
            PointCheck(index=i, verdict=k.verdict, evidence=k.evidence, why=k.why)
            for i, k in enumerate(analysis.key_points)
        ],
        mistakes=known,
    )


class Grader:
    """Grades answers: analysis, citations, the model's judgement (offline fallback), then the bounds."""

    def __init__(
        self,
        embed: Embed,
        vocabulary: frozenset[str],
        model: InterviewModel | None,
        retrieve: Retrieve,
        related: Related | None = None,
        confusions: Sequence[Confusion] = (),
        similarity_shift: float = 0.0,
        costs: Sequence[OperationCost] = (),
        domain_stems: frozenset[str] = frozenset(),
    ) -> None:
        self.similarity_shift = similarity_shift
        """How much lower the embedding model's similarities run than plain MiniLM's (a tuned model's, measured by
        interviewer train-embedder); the checks' thresholds are set on the plain scale."""
        self.confusions = list(confusions)
        """Known confusions to find in answers (knowledge/confusions.yaml)."""
        self.costs = list(costs)
        """Standard operations' costs, to find wrong ones claimed (knowledge/operation_costs.yaml)."""
        self.domain_stems = domain_stems
        """The content stems the knowledge base uses: an answer in other words is about something else."""
        self.embed = embed
        self.vocabulary = vocabulary
        self.model = model
        """The LLM judge, if configured; shared by every caller and never switched off by one failure."""
        self.retrieve = retrieve
        self.related = related

    @property
    def engine(self) -> str:
        """offline, or the model's name."""
        return self.model.name if self.model else "offline"

    def prepare(self, target: GradeTarget) -> None:
        """Embed the question, key points, paraphrases and known mistakes ahead of time (while the candidate thinks)."""
        self.embed([target.question, *target.key_points, *target.paraphrase_texts(), *target.claim_texts()])

    def grade(self, target: GradeTarget, answer: str, breaker: ModelBreaker | None = None) -> Feedback:
        """One Feedback for one answer; model failures fall back to the offline grade with a visible note. The
        caller's breaker (if any) remembers an unreachable endpoint for that caller only."""
        analysis = analyze(
            target, answer, self.embed, self.vocabulary, self.confusions, self.similarity_shift, self.costs
        )
        floors = set(analysis.flags) & FLOOR_FLAGS
        related = self.related
        if (
            related
            and analysis.sentences
            and not floors
            and answers_something_else(target, analysis, related(analysis.graded_text), self.domain_stems)
        ):
            analysis.flags.append("off_topic")
        citations = self.retrieve(target, analysis.graded_text) if analysis.sentences else self.retrieve(target, "")
        offline = offline_judgement(target, analysis)
        model = self.model
        if model is None or not analysis.sentences or set(analysis.flags) & HARD_FLOORS:
            return build_feedback(target, answer, analysis, offline, citations=citations, engine="offline")
        if breaker is not None and not breaker.allows():
            note = "The LLM was unreachable a moment ago; this answer is graded offline (it will be tried again)."
            return build_feedback(
                target, answer, analysis, offline, citations=citations, engine="offline", notes=[note]
            )
        try:
            judgement = model.judge(judge_request(target, analysis, citations))
        except ModelError as exc:
            note = f"The LLM could not grade this answer ({exc}); this is the offline grade."
            if isinstance(exc, ModelUnavailable) and breaker is not None:
                # An unreachable endpoint would cost a timeout on every answer: skip it for this caller a while.
                breaker.trip()
                note += f" The next {breaker.SKIP_ANSWERS} answers are graded offline, then the LLM is tried again."
            return build_feedback(
                target, answer, analysis, offline, citations=citations, engine="offline", notes=[note]
            )
        return build_feedback(
            target,
            answer,
            analysis,
            judgement,
            citations=citations,
            engine=model.name,
            prompt_version=model.prompt_version,
        )
