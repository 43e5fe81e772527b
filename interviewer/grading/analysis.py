"""Deterministic analysis of one answer: floors, injections, key-point coverage, STAR, metrics, aspects."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise

from pydantic import BaseModel, Field

from interviewer.domain.confusions import Confusion, MistakeFound
from interviewer.domain.feedback import KeyPointResult, MetricsCheck, Ownership, StarCheck, Verdict
from interviewer.domain.questions import MAX_ANSWER_CHARS, STORY_ROUNDS, Mistake, Round
from interviewer.grading.aspects import aspects_for, find_aspects
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
from interviewer.grading.mistakes import find_mistakes, negates
from interviewer.grading.star import ownership, star_check
from interviewer.grading.text import Span, content_stems, words
from interviewer.grading.verdicts import find_known_claims, number_conflict, role_swap

Embed = Callable[[Sequence[str]], list[list[float]]]

MAX_WINDOWS = 60
PAIRS_UP_TO = 4
"""Answers with this many sentences or fewer also get sentence pairs embedded (cheap, and helps short answers)."""
SIM_LOW, SIM_HIGH = 0.35, 0.75
"""Cosine similarities mapped to 0 and 1 of key-point coverage (all-MiniLM-L6-v2 scale)."""
COVERED_AT = 0.5
PARTLY_AT = 0.35
"""Coverage at which a point not covered still counts as partly there."""
KEY_POINT_LEXICAL_WEIGHT = 0.25
"""Bank key points are short summaries an answer paraphrases: word overlap counts for a quarter."""
REFERENCE_LEXICAL_WEIGHT = 0.75
"""Against a reference answer its own words weigh most: graders look for the reference's terms (fitted on SAF
training, leave-one-question-out)."""
OFF_TOPIC_BELOW = 0.22


class GradeTarget(BaseModel):
    """What an answer is graded against."""

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

    @property
    def graded_text(self) -> str:
        """The text that was graded."""
        return " ".join(self.sentences)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


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


def similarity_level(similarity: float) -> float:
    """An embedding similarity on the 0-1 scale of coverage: SIM_LOW and below is 0, SIM_HIGH and above is 1."""
    return min(1.0, max(0.0, (similarity - SIM_LOW) / (SIM_HIGH - SIM_LOW)))


def coverage_score(similarity: float, lexical: float, lexical_weight: float = KEY_POINT_LEXICAL_WEIGHT) -> float:
    """Blend embedding similarity with keyword overlap into a 0-1 coverage score."""
    return (1 - lexical_weight) * similarity_level(similarity) + lexical_weight * lexical


def _lexical(point: str, text_stems: set[str]) -> float:
    point_stems = content_stems(point)
    return len(point_stems & text_stems) / len(point_stems) if point_stems else 0.0


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


def _contradiction(point: str, sentence: str, confusions: tuple[Confusion, ...]) -> str | None:
    """Why a sentence close to a point cannot credit it, or None: it denies it, gives another result, or swaps roles."""
    if negates(point, sentence):
        return "denies it"
    return number_conflict(point, sentence) or role_swap(point, sentence, confusions)


def _point_result(
    point: str, sims: list[float], spans: list[Span], lexical: float, weight: float, confusions: tuple[Confusion, ...]
) -> KeyPointResult:
    """One key point's verdict: the closest window that credits it, else the closest one that contradicts it."""
    singles = min(len(spans), MAX_WINDOWS)
    first_reason: tuple[str, str] | None = None
    best_sim = max(sims)
    for index in sorted(range(len(sims)), key=lambda i: -sims[i]):
        score = coverage_score(sims[index], lexical, weight)
        if score < PARTLY_AT:
            break
        if index >= singles:  # a pair of sentences: quote the closer of the two
            pair = index - singles
            index = pair if sims[pair] >= sims[pair + 1] else pair + 1
        sentence = spans[index].text
        reason = _contradiction(point, sentence, confusions)
        if reason is None and score >= COVERED_AT:
            return KeyPointResult(
                point=point, covered=True, evidence=sentence, similarity=_unit(sims[index]), coverage=round(score, 3)
            )
        if reason is not None and first_reason is None:
            first_reason = (sentence, reason)
    score = coverage_score(best_sim, lexical, weight)
    if first_reason is None:
        # A flat denial is often worded far from the point ("I would not add residual connections" against a point
        # that also gives the formula): on topic and denying two of its words is enough.
        denial = next(
            (s.text for s, sim in zip(spans, sims, strict=False) if sim >= SIM_LOW and negates(point, s.text, 2)), None
        )
        first_reason = (denial, "denies it") if denial else None
    if first_reason:
        sentence, reason = first_reason
        return KeyPointResult(
            point=point,
            covered=False,
            contradicted=True,
            evidence=sentence,
            why=f"The answer {reason}.",
            similarity=_unit(best_sim),
            coverage=round(score, 3),
        )
    verdict: Verdict = "partly" if score >= PARTLY_AT else "missing"
    return KeyPointResult(
        point=point, covered=False, verdict=verdict, similarity=_unit(best_sim), coverage=round(score, 3)
    )


def _discredit(results: list[KeyPointResult], mistakes: list[MistakeFound]) -> list[KeyPointResult]:
    """A point credited by a sentence that states a classic confusion ("bagging mainly reduces bias") is not
    credited: it is contradicted, with the confusion's correction."""
    out = []
    for result in results:
        wrong = next((m for m in mistakes if result.covered and result.evidence and m.quote in result.evidence), None)
        if wrong:
            why = f'You said "{wrong.quote}"; {wrong.correction}'
            result = result.model_copy(
                update={"covered": False, "contradicted": True, "verdict": "contradicted", "why": why}
            )
        out.append(result)
    return out


def _unit(similarity: float) -> float:
    return round(min(1.0, max(0.0, similarity)), 3)


def _key_point_results(
    target: GradeTarget,
    spans: list[Span],
    point_vecs: list[list[float]],
    window_vecs: list[list[float]],
    text_stems: set[str],
    confusions: tuple[Confusion, ...],
) -> list[KeyPointResult]:
    """Each key point's verdict from its closest windows (sentences or pairs of sentences) and word overlap."""
    weight = REFERENCE_LEXICAL_WEIGHT if target.reference else KEY_POINT_LEXICAL_WEIGHT
    return [
        _point_result(
            point, [cosine(vec, w) for w in window_vecs], spans, _lexical(point, text_stems), weight, confusions
        )
        for point, vec in zip(target.key_points, point_vecs, strict=True)
    ]


def _apply_known_claims(results: list[KeyPointResult], mistakes: list[MistakeFound]) -> list[KeyPointResult]:
    """A known wrong claim against a key point makes that point contradicted, quoted, with the correction."""
    results = list(results)
    for mistake in mistakes:
        if mistake.against and mistake.against <= len(results):
            current = results[mistake.against - 1]
            results[mistake.against - 1] = current.model_copy(
                update={
                    "covered": False,
                    "contradicted": True,
                    "verdict": "contradicted",
                    "evidence": mistake.quote,
                    "why": f'You said "{mistake.quote}"; {mistake.correction}',
                }
            )
    return results


def _measure(
    analysis: Analysis,
    target: GradeTarget,
    spans: list[Span],
    text_stems: set[str],
    embed: Embed,
    confusions: tuple[Confusion, ...],
) -> None:
    """Key-point verdicts, known wrong claims, relevance and agreement with a reference, from one embedding batch."""
    windows = _windows(spans)
    anchors = [target.question, *target.key_points]
    claims = [text for m in target.mistakes for text in (m.claim, m.correction)]
    extra = [target.reference] if target.reference else []
    vectors = embed([*anchors, *claims, *extra, *windows])
    anchor_vecs, rest = vectors[: len(anchors)], vectors[len(anchors) :]
    claim_vecs, rest = rest[: len(claims)], rest[len(claims) :]
    reference_vec = rest.pop(0) if extra else None
    window_vecs = rest
    singles = window_vecs[: min(len(spans), MAX_WINDOWS)]
    answer_vec = mean_direction(singles)
    known = find_known_claims(spans, singles, target.mistakes, claim_vecs, anchor_vecs[1:], cosine)
    results = _key_point_results(target, spans, anchor_vecs[1:], window_vecs, text_stems, confusions)
    analysis.key_points = _apply_known_claims(results, known)
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
) -> Analysis:
    """Run every deterministic check; embeddings measure relevance and key-point coverage."""
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
    _measure(analysis, target, spans, text_stems, embed, tuple(confusions))
    if _is_off_topic(analysis, target, text_stems):
        analysis.flags.append("off_topic")
    covered_any = any(k.covered for k in analysis.key_points)
    if not analysis.flags and not covered_any and has_dont_know_phrase(text) and analysis.word_count < 45:
        # "Not sure, never did that, can we move on?" says nothing about the question.
        analysis.flags.append("dont_know")
    if target.round in STORY_ROUNDS and not target.follow_up:
        analysis.star = star_check(spans)
        analysis.ownership = ownership(text)
    analysis.metrics = metrics_check(spans)
    analysis.aspects = find_aspects(aspects_for(target.round, target.follow_up), spans)
    known_quotes = {m.quote for m in analysis.mistakes}
    classic = [m for m in find_mistakes(spans, confusions) if not any(m.quote in q for q in known_quotes)]
    analysis.mistakes += classic
    analysis.key_points = _discredit(analysis.key_points, classic)
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
