"""What the embedding model is tuned on, read from the question bank: how candidates say each key point (its
paraphrases) against the question's other points, and each key point against a known wrong claim of it.

MiniLM out of the box puts a concrete sentence ("I compared it against a logistic-regression baseline first") far
from the abstract rubric point it makes ("Names a simple baseline..."), often farther than from another point of
the same question: in behavioral rounds a paraphrase left out of the anchors was closer to another point than to its
own in 60% of cases. The bank already says which sentences make which point; these examples teach it."""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from interviewer.domain.questions import Question


class MatchExample(BaseModel):
    """One training triple: the anchor should embed closer to the positive than to the negative (and than to every
    other example's positive in its batch)."""

    model_config = ConfigDict(frozen=True)

    anchor: str = Field(min_length=1)
    """A candidate's sentence (a paraphrase), or a key point."""
    positive: str = Field(min_length=1)
    """What the anchor makes: its key point, or the correct statement of that point."""
    negative: str = Field(min_length=1)
    """What it does not: another key point of the same question, or the wrong claim about that point."""
    question_id: str
    """The bank question the three come from."""


def matcher_examples(questions: Iterable[Question]) -> list[MatchExample]:
    """Every paraphrase with its key point against another point of the question (the n-th paraphrase of a point
    against the point n places on, so each paraphrase meets a different neighbour); every known mistake that
    contradicts a point as that point, closer to the correction than to the claim."""
    examples: list[MatchExample] = []
    for question in questions:
        points = question.key_points
        for index, point in enumerate(points):
            for n, said in enumerate(question.point_paraphrases()[index]):
                other = points[(index + 1 + n % (len(points) - 1)) % len(points)]
                examples.append(MatchExample(anchor=said, positive=point, negative=other, question_id=question.id))
        for mistake in question.mistakes:
            if mistake.against:
                examples.append(
                    MatchExample(
                        anchor=points[mistake.against - 1],
                        positive=mistake.correction,
                        negative=mistake.claim,
                        question_id=question.id,
                    )
                )
    return examples


def examples_digest(examples: Iterable[MatchExample]) -> str:
    """A short hash of the examples in order: recorded with a trained adapter, so a stale one can be told."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps([example.anchor, example.positive, example.negative]).encode("utf-8"))
    return digest.hexdigest()[:16]


def held_out(question_id: str, folds: int = 5) -> bool:
    """Whether a question is in the held-out fold (one in `folds`, by a hash of its id: the same on every run)."""
    return int(hashlib.sha256(question_id.encode("utf-8")).hexdigest()[:8], 16) % folds == 0


class MatchFigures(BaseModel):
    """How well embeddings tell which key point a sentence makes, on a set of bank questions."""

    paraphrases: int
    """Paraphrases measured."""
    own_point_closest: float
    """Share of paraphrases closer to their own key point than to any other point of the question."""
    median_margin: float
    """Median of (similarity to own point - similarity to the closest other point)."""
    mistakes: int
    """Known mistakes against a key point measured."""
    correction_closer: float
    """Share of those where the key point is closer to the correction than to the wrong claim."""


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def match_figures(questions: Iterable[Question], vectors: Mapping[str, Sequence[float]]) -> MatchFigures:
    """The figures from unit vectors of every text involved (key points, paraphrases, claims, corrections)."""
    margins: list[float] = []
    corrections: list[bool] = []
    for question in questions:
        points = [vectors[p] for p in question.key_points]
        for index, said in enumerate(question.point_paraphrases()):
            for text in said:
                sims = [_dot(vectors[text], p) for p in points]
                margins.append(sims[index] - max(s for i, s in enumerate(sims) if i != index))
        for mistake in question.mistakes:
            if mistake.against:
                point = points[mistake.against - 1]
                corrections.append(_dot(point, vectors[mistake.correction]) > _dot(point, vectors[mistake.claim]))
    return MatchFigures(
        paraphrases=len(margins),
        own_point_closest=round(sum(m > 0 for m in margins) / len(margins), 3) if margins else 0.0,
        median_margin=round(statistics.median(margins), 3) if margins else 0.0,
        mistakes=len(corrections),
        correction_closer=round(sum(corrections) / len(corrections), 3) if corrections else 0.0,
    )


def figure_texts(questions: Iterable[Question]) -> list[str]:
    """Every text match_figures needs a vector for, each once."""
    texts: dict[str, None] = {}
    for question in questions:
        texts.update(dict.fromkeys(question.key_points))
        texts.update(dict.fromkeys(t for said in question.point_paraphrases() for t in said))
        texts.update(dict.fromkeys(t for m in question.mistakes if m.against for t in (m.claim, m.correction)))
    return list(texts)


def other_point_similarities(questions: Iterable[Question], vectors: Mapping[str, Sequence[float]]) -> list[float]:
    """Similarities of each key point to the paraphrases of the question's other points: sentences that must not
    credit it. Their spread is what a coverage threshold means."""
    sims = []
    for question in questions:
        said = question.point_paraphrases()
        for index, point in enumerate(question.key_points):
            sims += [_dot(vectors[point], vectors[t]) for i, texts in enumerate(said) if i != index for t in texts]
    return sims


def matched_threshold(plain: Sequence[float], tuned: Sequence[float], threshold: float) -> float:
    """The tuned-model similarity that the same share of sentences reaches as reach `threshold` with the plain
    model: a coverage scale calibrated for one model keeps its meaning on the other."""
    share = sum(s >= threshold for s in plain) / len(plain)
    ranked = sorted(tuned, reverse=True)
    index = min(len(ranked) - 1, max(0, round(share * len(ranked)) - 1))
    return round(ranked[index], 3)
