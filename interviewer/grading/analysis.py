"""Deterministic analysis of one answer: floors, injections, key-point coverage, STAR, metrics, aspects."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field

from interviewer.domain.confusions import Confusion, MistakeFound, OperationCost
from interviewer.domain.feedback import KeyPointResult, MetricsCheck, Ownership, StarCheck
from interviewer.domain.questions import MAX_ANSWER_CHARS, STORY_ROUNDS, Mistake, Round
from interviewer.domain.text import Span, content_stems, words
from interviewer.grading.aspects import aspects_for, find_aspects
from interviewer.grading.costs import find_cost_claims
from interviewer.grading.floors import (
    asks_for_list,
    dedupe_sentences,
    has_dont_know_phrase,
    is_calculation,
    is_dont_know,
    is_gibberish,
    is_keyword_stuffing,
    is_question_copy,
    known_word_ratio,
    repetition_ratio,
)
from interviewer.grading.impact import metrics_check
from interviewer.grading.injection import find_injections
from interviewer.grading.mistakes import find_mistakes
from interviewer.grading.points import (
    KEY_POINT_LEXICAL_WEIGHT,
    MAX_WINDOWS,
    apply_known_claims,
    cosine,
    discredit,
    key_point_results,
    sentence_support,
    similar_on_plain_scale,
    support,
    with_paraphrases,
)
from interviewer.grading.star import after_setup, asks_for_an_event, ownership, star_check, tells_an_event
from interviewer.grading.verdicts import CosineFn, find_known_claims

Embed = Callable[[Sequence[str]], list[list[float]]]

PAIRS_UP_TO = 4
"""Answers with this many sentences or fewer also get sentence pairs embedded (cheap, and helps short answers)."""
OFF_TOPIC_BELOW = 0.22


class ReferenceScoring(BaseModel):
    """How agreement with a reference answer is scored. The defaults are the setting that `interviewer eval
    tune-reference` chooses by leave-one-question-out cross-validation on SAF `training` (human graders look for
    the reference's terms, and reward an answer that names some of the alternatives a reference lists)."""

    model_config = ConfigDict(frozen=True)

    lexical_weight: float = Field(default=1.0, ge=0.0, le=1.0)
    """Share of a reference point's coverage that is word overlap with it; embedding similarity is the rest."""
    coverage_weight: float = Field(default=0.2, ge=0.0, le=1.0)
    """Weight of coverage in the overall of an ML theory answer; correctness (the reference's terms used) gets the
    rest, and structure is reported but not scored, as the human graders did not score it."""
    best_points: int = Field(default=2, ge=1)
    """Coverage is the mean of this many best-covered reference points."""
    recall_full: float = Field(default=0.8, gt=0.0, le=1.0)
    """Share of the reference's distinct content words (stems) an answer must use to count as fully correct."""


class GradeTarget(BaseModel):
    """What an answer is graded against."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not silently dropped

    round: Round
    """The round's rubric."""
    question: str = Field(min_length=1)
    """The question asked."""
    key_points: list[str] = Field(default_factory=list)
    """What a strong answer covers (bank key points, reference sentences or retrieved guidance)."""
    question_id: str | None = None
    """The bank question, if any."""
    topic: str | None = None
    """The bank topic, if any."""
    reference: str | None = None
    """A reference answer, if given."""
    follow_up: bool = False
    """An answer to a follow-up: judged on its one point, not as a whole story."""
    mistakes: list[Mistake] = Field(default_factory=list)
    """The question's common wrong claims, to find in the answer."""
    paraphrases: list[list[str]] = Field(default_factory=list)
    """For each key point (same order), how strong candidates say it in other words; empty where none."""
    scoring: ReferenceScoring = Field(default_factory=ReferenceScoring)
    """How agreement with the reference is scored, when there is one."""

    def point_texts(self) -> list[list[str]]:
        """Each key point with its paraphrases: what a sentence may be close to, to cover it."""
        extra = self.paraphrases + [[]] * (len(self.key_points) - len(self.paraphrases))
        return [[point, *said] for point, said in zip(self.key_points, extra, strict=False)]

    def paraphrase_texts(self) -> list[str]:
        """Every paraphrase, in key-point order."""
        return [text for texts in self.point_texts() for text in texts[1:]]

    def claim_texts(self) -> list[str]:
        """Each known mistake's claim followed by its correction."""
        return [text for m in self.mistakes for text in (m.claim, m.correction)]


class Analysis(BaseModel):
    """Everything the deterministic checks found."""

    flags: list[str] = Field(default_factory=list)
    """Floor and notice flags."""
    injections: list[str] = Field(default_factory=list)
    """Text addressed to the grader, removed before grading."""
    sentences: list[str] = Field(default_factory=list)
    """The graded sentences (exact substrings of the answer, repeats and injections removed)."""
    word_count: int = 0
    """Words in the graded text."""
    relevance: float = 0.0
    """Best similarity of the answer to the question and key points (0-1)."""
    reference_similarity: float | None = None
    """Similarity of the whole answer to the reference answer, if any."""
    reference_recall: float | None = None
    """Share of the reference answer's content words (stems) the answer uses, if any."""
    key_points: list[KeyPointResult] = Field(default_factory=list)
    """Coverage of each key point."""
    star: StarCheck | None = None
    """STAR parts (behavioral, screen)."""
    ownership: Ownership | None = None
    """I vs we (behavioral, screen)."""
    metrics: MetricsCheck = Field(default_factory=lambda: MetricsCheck(present=False))
    """Quantified impact."""
    aspects: dict[str, str | None] = Field(default_factory=dict)
    """Round aspects (system design, coding) with the sentence that shows each."""
    mistakes: list[MistakeFound] = Field(default_factory=list)
    """Known confusions the answer states as fact."""
    support: float | None = None
    """How much of what the answer says matches what the question asks for: the mean, over its sentences of
    SUPPORT_MIN_WORDS words or more, of each one's best similarity to a key point or its paraphrases (None
    without key points)."""

    sentence_support: dict[str, float] = Field(default_factory=dict)
    """Each graded sentence's best similarity to a key point or one of its paraphrases (empty without key points)."""

    @property
    def graded_text(self) -> str:
        """The text that was graded."""
        return " ".join(self.sentences)


def _windows(spans: list[Span]) -> list[str]:
    """Sentences, plus adjacent pairs for short answers, where one point is often made across two sentences."""
    singles = [s.text for s in spans[:MAX_WINDOWS]]
    pairs = [f"{a.text} {b.text}" for a, b in pairwise(spans)] if len(spans) <= PAIRS_UP_TO else []
    return singles + pairs


def mean_direction(vectors: list[list[float]]) -> list[float]:
    """The normalised mean of unit vectors: the answer's overall direction without embedding it again."""
    mean = [sum(values) / len(vectors) for values in zip(*vectors, strict=True)]
    norm = math.sqrt(sum(x * x for x in mean)) or 1.0
    return [x / norm for x in mean]


def _floor_flags(target: GradeTarget, answer: str, text: str, vocabulary: frozenset[str]) -> list[str]:
    """Flags for answers that say nothing: padding, don't know, keyword lists, gibberish, copies of the question."""
    flags = ["repetitive"] if repetition_ratio(answer) > 0.5 else []
    if is_dont_know(text):
        flags.append("dont_know")
    elif (
        is_keyword_stuffing(text)
        and known_word_ratio(text, vocabulary) >= 0.5
        and not asks_for_list(target.question)
        and not is_calculation(text)
    ):
        flags.append("keyword_stuffing")  # real terms without sentences; a list of nonsense is gibberish below
    elif is_gibberish(text, vocabulary):
        flags.append("gibberish")
    elif is_question_copy(text, target.question):
        flags.append("question_copy")
    return flags


def _measure(
    analysis: Analysis,
    target: GradeTarget,
    spans: list[Span],
    text_stems: set[str],
    embed: Embed,
    confusions: tuple[Confusion, ...],
    similar: CosineFn,
) -> None:
    """Key-point verdicts, known wrong claims, relevance and agreement with a reference, from one embedding batch.
    A sentence's similarity to a key point or paraphrase is put on the plain model's scale (`similar`), the pairs
    the shift was measured on; claims are told by margins, and relevance by whole answers, which it was not."""
    windows = _windows(spans)
    anchors = [target.question, *target.key_points]
    point_texts = target.point_texts()
    said, claims = target.paraphrase_texts(), target.claim_texts()
    extra = [target.reference] if target.reference else []
    vectors = embed([*anchors, *said, *claims, *extra, *windows])
    anchor_vecs, rest = vectors[: len(anchors)], vectors[len(anchors) :]
    said_vecs, rest = rest[: len(said)], rest[len(said) :]
    claim_vecs, rest = rest[: len(claims)], rest[len(claims) :]
    reference_vec = rest.pop(0) if extra else None
    window_vecs = rest
    singles = window_vecs[: min(len(spans), MAX_WINDOWS)]
    answer_vec = mean_direction(singles)
    known = find_known_claims(spans, singles, target.mistakes, claim_vecs, anchor_vecs[1:], cosine)
    point_vecs = with_paraphrases(point_texts, anchor_vecs[1:], said_vecs)
    analysis.sentence_support = sentence_support(spans, singles, [v for vecs in point_vecs for v in vecs], similar)
    analysis.support = support(spans, analysis.sentence_support)
    weight = target.scoring.lexical_weight if target.reference else KEY_POINT_LEXICAL_WEIGHT
    results = key_point_results(point_texts, spans, point_vecs, window_vecs, text_stems, confusions, weight, similar)
    analysis.key_points = apply_known_claims(results, known)
    analysis.mistakes = known
    relevance = max(
        [cosine(answer_vec, v) for v in anchor_vecs] + [max(cosine(w, anchor_vecs[0]) for w in window_vecs)]
    )
    analysis.relevance = round(max(0.0, relevance), 3)
    if target.reference:
        reference_stems = content_stems(target.reference)
        analysis.reference_recall = round(len(text_stems & reference_stems) / max(1, len(reference_stems)), 3)
    if reference_vec is not None:
        analysis.reference_similarity = round(max(0.0, cosine(answer_vec, reference_vec)), 3)
        analysis.relevance = max(analysis.relevance, analysis.reference_similarity)


def _is_off_topic(analysis: Analysis, target: GradeTarget, text_stems: set[str]) -> bool:
    """Far from the question and its key points, and sharing almost no words with them."""
    anchors = [target.question, *target.key_points, *([target.reference] if target.reference else [])]
    shared = len(text_stems & content_stems(" ".join(anchors)))
    hopeless = set(analysis.flags) & {"dont_know", "gibberish"}
    return not hopeless and analysis.relevance < OFF_TOPIC_BELOW and shared <= 2


def analyze(
    target: GradeTarget,
    answer: str,
    embed: Embed,
    vocabulary: frozenset[str],
    confusions: Sequence[Confusion] = (),
    similarity_shift: float = 0.0,
    costs: Sequence[OperationCost] = (),
) -> Analysis:
    """Run every deterministic check; embeddings measure relevance and key-point coverage (a tuned model's
    similarities moved by similarity_shift onto the plain scale the thresholds are set on)."""
    flags: list[str] = []
    if len(answer) > MAX_ANSWER_CHARS:
        answer = answer[:MAX_ANSWER_CHARS]
        flags.append("too_long")
    if not answer.strip():
        return Analysis(flags=["empty"], key_points=_missed(target))
    injections = find_injections(answer)
    if injections:
        flags.append("injection")
    spans = [s for s in dedupe_sentences(answer) if not any(i.start <= s.start < i.end for i in injections)]
    text = " ".join(s.text for s in spans)
    analysis = Analysis(
        flags=flags,
        injections=[i.text for i in injections],
        sentences=[s.text for s in spans],
        word_count=len(words(text)),
    )
    if not text.strip():
        analysis.key_points = _missed(target)
        return analysis
    analysis.flags += _floor_flags(target, answer, text, vocabulary)
    text_stems = content_stems(text)
    _measure(analysis, target, spans, text_stems, embed, tuple(confusions), similar_on_plain_scale(similarity_shift))
    if _is_off_topic(analysis, target, text_stems):
        analysis.flags.append("off_topic")
    covered_any = any(k.covered for k in analysis.key_points)
    if not analysis.flags and not covered_any and has_dont_know_phrase(text) and analysis.word_count < 45:
        # "Not sure, never did that, can we move on?" says nothing about the question.
        analysis.flags.append("dont_know")
    story = target.round in STORY_ROUNDS and not target.follow_up
    if story:
        analysis.star = star_check(spans)
        analysis.ownership = ownership(text)
        if not analysis.flags and asks_for_an_event(target.question) and not tells_an_event(spans):
            analysis.flags.append("no_event")
    analysis.metrics = metrics_check(after_setup(spans) if story else spans)
    known_quotes = {m.quote for m in analysis.mistakes}
    classic = [
        m
        for m in [*find_mistakes(spans, confusions), *find_cost_claims(spans, costs)]
        if not any(m.quote in q for q in known_quotes)
    ]
    analysis.mistakes += classic
    # Every wrong claim found, the question's own included: one against point 3 cannot credit point 1 either.
    analysis.key_points = discredit(analysis.key_points, analysis.mistakes)
    wrong = [m.quote for m in analysis.mistakes] + [k.evidence or "" for k in analysis.key_points if k.contradicted]
    analysis.aspects = find_aspects(
        aspects_for(target.round, target.follow_up, target.question), spans, wrong, analysis.sentence_support
    )
    return analysis


def word_overlap_f1(answer: str, reference: str) -> float:
    """F1 of the content words (stems) two texts share."""
    a, r = content_stems(answer), content_stems(reference)
    common = len(a & r)
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(r)
    return 2 * precision * recall / (precision + recall)


def _missed(target: GradeTarget) -> list[KeyPointResult]:
    return [KeyPointResult(point=p, covered=False, similarity=0.0) for p in target.key_points]
