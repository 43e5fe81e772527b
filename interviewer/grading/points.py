"""Key points against an answer: similarity and word overlap make coverage, and a verdict per point (covered,
partly, missing, contradicted) with the answer's words; how much of the answer is on point (support)."""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Sequence

from interviewer.domain.confusions import Confusion, MistakeFound
from interviewer.domain.feedback import KeyPointResult, Verdict
from interviewer.domain.text import Span, content_stems, words
from interviewer.grading.generic import says_nothing_specific
from interviewer.grading.mistakes import negates
from interviewer.grading.numbers import number_conflict
from interviewer.grading.verdicts import (
    CosineFn,
    complexity_agreement,
    complexity_conflict,
    opposite_swap,
    role_swap,
)

MAX_WINDOWS = 60
"""Sentences of an answer compared with the key points (the rest of a very long answer is not)."""
SIM_LOW, SIM_HIGH = 0.35, 0.75
"""Cosine similarities mapped to 0 and 1 of key-point coverage, on plain all-MiniLM-L6-v2's scale (a tuned model's
similarities are shifted onto it: similar_on_plain_scale)."""
COVERED_AT = 0.5
PARTLY_AT = 0.35
"""Coverage at which a point not covered still counts as partly there."""
KEY_POINT_LEXICAL_WEIGHT = 0.25
"""Bank key points are short summaries an answer paraphrases: word overlap counts for a quarter."""


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    # map/sum and sqrt over the same products as a generator would give, added in the same order, run in C: a grade
    # makes thousands of these comparisons, and under load they were a tenth of a turn's time.
    if len(a) != len(b):
        raise ValueError(f"vectors of {len(a)} and {len(b)} dimensions cannot be compared")
    dot = sum(map(operator.mul, a, b))
    norm = math.sqrt(sum(map(operator.mul, a, a))) * math.sqrt(sum(map(operator.mul, b, b)))
    return dot / norm if norm else 0.0


def similar_on_plain_scale(shift: float) -> CosineFn:
    """Cosine similarity moved onto the plain model's scale, which every threshold here is set on. The tuned model
    (interviewer train-embedder) spreads sentences apart: its similarities run lower, by a shift that command measures
    (the tuned similarity that other points' sentences reach as often as they reach SIM_LOW with the plain model)."""
    if not shift:
        return cosine
    return lambda a, b: cosine(a, b) - shift


def similarity_level(similarity: float) -> float:
    """An embedding similarity on the 0-1 scale of coverage: SIM_LOW and below is 0, SIM_HIGH and above is 1."""
    return min(1.0, max(0.0, (similarity - SIM_LOW) / (SIM_HIGH - SIM_LOW)))


def coverage_score(similarity: float, lexical: float, lexical_weight: float = KEY_POINT_LEXICAL_WEIGHT) -> float:
    """Blend embedding similarity with keyword overlap into a 0-1 coverage score."""
    return (1 - lexical_weight) * similarity_level(similarity) + lexical_weight * lexical


def _lexical(point: str, text_stems: set[str]) -> float:
    point_stems = content_stems(point)
    return len(point_stems & text_stems) / len(point_stems) if point_stems else 0.0


def _contradiction(point: str, sentence: str, confusions: tuple[Confusion, ...]) -> str | None:
    """Why a sentence close to a point cannot credit it, or None: it denies it, gives another result, claims a cheaper
    complexity, or swaps roles."""
    if negates(point, sentence):
        return "denies it"
    return (
        number_conflict(point, sentence)
        or complexity_conflict(point, sentence)
        or role_swap(point, sentence, confusions)
        or opposite_swap(point, sentence)
    )


CONTRADICTION_TIE = 0.05
"""Windows that contradict a point this close to the closest one are a tie: the one saying more of the point's own
words is quoted (two sentences giving the parent's and a child's Gini are equally close to either formula)."""


def _closest_claim(point: str, contradicting: list[tuple[float, str, str]]) -> tuple[str, str] | None:
    """The contradicting sentence to quote, with its reason: the closest, or in a near tie the one that shares most
    of the point's content words."""
    if not contradicting:
        return None
    stems = content_stems(point)
    near = [c for c in contradicting if c[0] >= contradicting[0][0] - CONTRADICTION_TIE]
    _, sentence, reason = max(near, key=lambda c: len(stems & content_stems(c[1])))  # max keeps the first of equals
    return sentence, reason


GENERIC_AT_MOST = PARTLY_AT
"""The coverage a sentence that says nothing specific keeps (generic.says_nothing_specific): "I want to be somewhere
I can really make an impact" comes close to "ties the ambition to growth in this company" by its words, but shows
nothing; it can make a point partly, never cover it."""


def _window_scores(
    point: str, sims: list[float], spans: list[Span], lexical: float, weight: float, empty: list[bool]
) -> list[float]:
    """Each window's coverage of the point: similarity and word overlap, or for a sentence that states the point's
    complexity in other notation, at least partly (one of its bounds) or covered (all of them); a window that says
    nothing specific (`empty`) at most partly."""
    scores = [coverage_score(sim, lexical, weight) for sim in sims]
    for index, span in enumerate(spans[: min(len(spans), MAX_WINDOWS)]):
        agreement = complexity_agreement(point, span.text)
        if agreement:
            scores[index] = max(scores[index], COVERED_AT if agreement == 1 else PARTLY_AT)
    return [
        min(score, GENERIC_AT_MOST) if said_nothing else score
        for score, said_nothing in zip(scores, empty, strict=True)
    ]


def _empty_windows(spans: list[Span], windows: int) -> list[bool]:
    """For each window (a sentence, or a pair of sentences after the singles), whether it says nothing specific:
    the same for every key point, so found once per answer."""
    singles = min(len(spans), MAX_WINDOWS)
    empty = [says_nothing_specific(span.text) for span in spans[:singles]]
    return empty + [empty[pair] and empty[pair + 1] for pair in range(windows - singles)]


def _point_result(
    point: str,
    sims: list[float],
    spans: list[Span],
    lexical: float,
    weight: float,
    confusions: tuple[Confusion, ...],
    empty: list[bool],
) -> KeyPointResult:
    """One key point's verdict: the window that credits it best, else the closest one that contradicts it."""
    singles = min(len(spans), MAX_WINDOWS)
    contradicting: list[tuple[float, str, str]] = []
    best_sim = max(sims)
    scores = _window_scores(point, sims, spans, lexical, weight, empty)
    swapped = _swapped(point, scores, sims, spans, singles)
    if swapped is not None:
        return KeyPointResult(
            point=point,
            covered=False,
            contradicted=True,
            evidence=swapped[0],
            why=f"The answer {swapped[1]}.",
            similarity=_unit(best_sim),
            coverage=round(max(scores), 3),
        )
    for index in sorted(range(len(sims)), key=lambda i: (-scores[i], -sims[i])):
        score = scores[index]
        if score < PARTLY_AT:
            break
        window_sim = sims[index]
        index = _sentence_at(index, sims, singles)  # a pair of sentences: the closer of the two is quoted
        sentence = spans[index].text
        reason = _contradiction(point, sentence, confusions)
        if reason is None and score >= COVERED_AT:
            return KeyPointResult(
                point=point, covered=True, evidence=sentence, similarity=_unit(sims[index]), coverage=round(score, 3)
            )
        if reason is not None:
            contradicting.append((window_sim, sentence, reason))
    contradicting.sort(key=lambda c: -c[0])  # closest first: a tie is judged from the closest
    first_reason = _closest_claim(point, contradicting)
    score = max(scores)
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
    # A point partly made is quoted too: the closest words, which a follow-up can build on.
    evidence = None
    if verdict == "partly":
        evidence = spans[_sentence_at(max(range(len(sims)), key=lambda i: (scores[i], sims[i])), sims, singles)].text
    return KeyPointResult(
        point=point,
        covered=False,
        verdict=verdict,
        evidence=evidence,
        similarity=_unit(best_sim),
        coverage=round(score, 3),
    )


_HYPOTHETICAL = re.compile(r"\b(?:if|when|whenever|would|otherwise|unless|assuming)\b|\w['’]d\b", re.IGNORECASE)
"""Words that make a sentence a case or a choice other than the answer's own."""


def _swapped(
    point: str, scores: list[float], sims: list[float], spans: list[Span], singles: int
) -> tuple[str, str] | None:
    """A sentence close enough to cover the point that puts the opposite word in one of its slots (bisect_right for
    bisect_left), with the reason: it decides the verdict even when another sentence would credit the point, as
    the answer then says both and does the other."""
    for index, score in enumerate(scores):
        if score >= COVERED_AT:
            sentence = spans[_sentence_at(index, sims, singles)].text
            if _HYPOTHETICAL.search(sentence):
                continue  # a variant for another case ("for a closed window I'd switch to bisect_right")
            reason = opposite_swap(point, sentence)
            if reason is not None:
                return sentence, reason
    return None


def _sentence_at(index: int, sims: list[float], singles: int) -> int:
    """The sentence a window stands for: itself, or the closer of a pair's two sentences."""
    if index < singles:
        return index
    pair = index - singles
    return pair if sims[pair] >= sims[pair + 1] else pair + 1


def _contradicted_by(result: KeyPointResult, mistake: MistakeFound, evidence: str | None) -> KeyPointResult:
    """The point, contradicted by a wrong claim found in the answer, with the claim's feedback line as why."""
    update = {"covered": False, "contradicted": True, "verdict": "contradicted", "evidence": evidence}
    return result.model_copy(update={**update, "why": mistake.said()})


def discredit(results: list[KeyPointResult], mistakes: list[MistakeFound]) -> list[KeyPointResult]:
    """A point credited by a sentence that states a wrong claim found in the answer (a classic confusion, "bagging
    mainly reduces bias", or one of the question's known mistakes) is not credited: it is contradicted, with the
    claim's correction."""
    out = []
    for result in results:
        wrong = next((m for m in mistakes if result.covered and result.evidence and m.quote in result.evidence), None)
        out.append(_contradicted_by(result, wrong, result.evidence) if wrong else result)
    return out


def _unit(similarity: float) -> float:
    return round(min(1.0, max(0.0, similarity)), 3)


def with_paraphrases(
    point_texts: list[list[str]], point_vecs: list[list[float]], said_vecs: list[list[float]]
) -> list[list[list[float]]]:
    """Each key point's vector followed by its paraphrases' vectors."""
    out, position = [], 0
    for vec, texts in zip(point_vecs, point_texts, strict=True):
        out.append([vec, *said_vecs[position : position + len(texts) - 1]])
        position += len(texts) - 1
    return out


def key_point_results(
    point_texts: list[list[str]],
    spans: list[Span],
    point_vecs: list[list[list[float]]],
    window_vecs: list[list[float]],
    text_stems: set[str],
    confusions: tuple[Confusion, ...],
    weight: float,
    similar: CosineFn = cosine,
) -> list[KeyPointResult]:
    """Each key point's verdict from its closest windows (sentences or pairs of sentences) and word overlap; a
    window close to one of the point's paraphrases is as close as one close to the point."""
    results = []
    empty = _empty_windows(spans, len(window_vecs))
    for texts, vecs in zip(point_texts, point_vecs, strict=True):
        sims = [max(similar(vec, w) for vec in vecs) for w in window_vecs]
        lexical = max(_lexical(text, text_stems) for text in texts)
        results.append(_point_result(texts[0], sims, spans, lexical, weight, confusions, empty))
    return results


def apply_known_claims(results: list[KeyPointResult], mistakes: list[MistakeFound]) -> list[KeyPointResult]:
    """A known wrong claim against a key point makes that point contradicted, quoted, with the correction."""
    results = list(results)
    for mistake in mistakes:
        if mistake.against and mistake.against <= len(results):
            index = mistake.against - 1
            results[index] = _contradicted_by(results[index], mistake, mistake.quote)
    return results


SUPPORT_MIN_WORDS = 4
"""Shorter sentences ("Good question.", "Let me think.") say nothing to support or not."""


def sentence_support(
    spans: list[Span], sentence_vecs: list[list[float]], point_vecs: list[list[float]], similar: CosineFn = cosine
) -> dict[str, float]:
    """Each sentence's best similarity to a key point or paraphrase (none without key points)."""
    if not point_vecs:
        return {}
    return {
        span.text: max(similar(vec, p) for p in point_vecs) for span, vec in zip(spans, sentence_vecs, strict=False)
    }


def support(spans: list[Span], best: dict[str, float]) -> float | None:
    """The mean best similarity of the answer's sentences to the key points (`best`, from sentence_support): a
    fluent answer whose claims are wrong says much that matches nothing asked for; a short right answer says little,
    all of it on point."""
    if not best:
        return None
    said = [best[span.text] for span in spans if span.text in best and len(words(span.text)) >= SUPPORT_MIN_WORDS]
    return round(sum(said) / len(said), 3) if said else 0.0
