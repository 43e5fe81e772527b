"""What to grade against: a bank question, a reference answer, or guidance retrieved for the question."""

from __future__ import annotations

from interviewer.domain.questions import Bank, Question, Round
from interviewer.domain.text import normalize, split_sentences, words
from interviewer.grading.analysis import Embed, GradeTarget, ReferenceScoring
from interviewer.grading.points import cosine
from interviewer.kb.retrieval import KnowledgeBase

REWORDED = 0.75
"""Similarity of two questions' own words above which a bank question counts as the same question reworded: two
distinct questions of one bank round reach 0.71 at most, coding aside (two sliding-window problems reach 0.81); the
closest bank question is taken."""
RELATED = 0.6
"""...and above which a question that is not a rewording is still close enough to be graded by that bank question's
key points: the same kind of story ("a model you owned that failed" and "a model you deployed that failed in
production", 0.73) or design ("product search ranking for a large marketplace" and "...for a marketplace with 50
million listings", 0.74). Those points fit it better than guide sentences, many of which describe the round rather
than answer anything ("The ML system design round lasts 45-60 minutes"): it raised Spearman on ladder dev3 and
outside dev (the README and the issue's note give the figures)."""
MAX_REFERENCE_POINTS = 40

GUIDANCE_PASSAGES = 3
"""Guide passages whose sentences are the key points of a question outside the bank (the five closest to it)."""
NOT_KEY_POINTS = ("> Pitfalls", "> Example")
"""Guide subsections that are not what a good answer says: a pitfall is what not to say, and an example sets a weak
answer beside a strong one (a worked example's numbers are facts, and stay). Outside dev: Spearman 0.393 -> 0.431,
substance-free mean 1.96 -> 1.89; ladder dev 0.819 -> 0.827."""


def target_for(question: Question, follow_up_target: str | None = None, prompt: str | None = None) -> GradeTarget:
    """What an answer to a bank question (or to a follow-up on one of its key points) is graded against."""
    target = GradeTarget(
        round=question.round,
        question=question.question,
        key_points=question.key_points,
        question_id=question.id,
        topic=question.topic,
        mistakes=question.mistakes,
        paraphrases=question.point_paraphrases(),
    )
    if follow_up_target:
        # Graded on its one point: only the mistakes against that point apply, renumbered to it.
        number = question.key_points.index(follow_up_target) + 1 if follow_up_target in question.key_points else 0
        mistakes = [m.model_copy(update={"against": 1}) for m in question.mistakes if m.against == number]
        said = question.paraphrases.get(number, [])
        update = {
            "question": prompt or question.question,
            "key_points": [follow_up_target],
            "follow_up": True,
            "mistakes": mistakes,
            "paraphrases": [list(said)],
        }
        return target.model_copy(update=update)
    return target


def grading_texts(bank: Bank) -> list[str]:
    """Every text a bank question is graded with (the question, its key points, their paraphrases, its known
    mistakes and their corrections), each once: embedded ahead of time so no candidate's answer waits for them."""
    texts: dict[str, None] = {}
    for question in [*bank.questions, *bank.problems]:
        target = target_for(question)
        texts.update(
            dict.fromkeys([target.question, *target.key_points, *target.paraphrase_texts(), *target.claim_texts()])
        )
    return list(texts)


def reference_points(reference: str) -> list[str]:
    """Key points from a reference answer: its lines (list items), or its sentences if it is one paragraph."""
    # "Possible differences:" introduces points and is not one.
    lines = [line.strip() for line in reference.splitlines() if words(line) and not line.strip().endswith(":")]
    if len(lines) == 1:
        sentences = [s.text for s in split_sentences(lines[0]) if len(words(s.text)) >= 3]
        lines = sentences or lines
    return lines[:MAX_REFERENCE_POINTS]


def reference_target(
    round_: Round, question: str, reference: str | None, scoring: ReferenceScoring | None = None
) -> GradeTarget:
    """Grade against a reference answer alone (its lines or sentences are the points), bank question or not; with
    a scoring setting other than the shipped one when one is given (`eval tune-reference` tries many)."""
    text = reference or ""
    return GradeTarget(
        round=round_,
        question=question,
        key_points=reference_points(text) if text else [],
        reference=text or None,
        scoring=scoring or ReferenceScoring(),
    )


def adhoc_target(
    round_: Round, question: str, bank: Bank, kb: KnowledgeBase, embed: Embed, reference: str | None = None
) -> GradeTarget:
    """The grading target for any question: the bank's own if it is a bank question, else reference or guidance."""
    wanted = normalize(question)
    for candidate in _asked_in(round_, bank):
        if normalize(candidate.question) == wanted:
            return target_for(candidate)
    if reference and reference.strip():
        return reference_target(round_, question, reference)
    if (known := reworded_bank_question(round_, question, bank, embed, RELATED)) is not None:
        return target_for(known).model_copy(update={"question": question})
    hits = kb.search(question, round=round_, k=3 * GUIDANCE_PASSAGES, kind="guidance")
    guidance = [h for h in hits if not h.section.endswith(NOT_KEY_POINTS)][:GUIDANCE_PASSAGES]
    sentences = [s.text for hit in guidance for s in split_sentences(hit.text) if len(words(s.text)) >= 6]
    if not sentences:
        return GradeTarget(round=round_, question=question)
    vectors = embed([question, *sentences])
    ranked = sorted(zip(sentences, vectors[1:], strict=True), key=lambda sv: -cosine(vectors[0], sv[1]))
    return GradeTarget(round=round_, question=question, key_points=[s for s, _ in ranked[:5]])


def _asked_in(round_: Round, bank: Bank) -> list[Question]:
    """Every question and problem of a round."""
    return [*bank.by_round(round_), *(p for p in bank.problems if p.round == round_)]


def reworded_bank_question(
    round_: Round, question: str, bank: Bank, embed: Embed, threshold: float = REWORDED
) -> Question | None:
    """The round's bank question (or problem) closest to this one by their own words, if at least `threshold` close:
    REWORDED for the same question in other words, RELATED for one graded by its key points."""
    candidates = _asked_in(round_, bank)
    if not candidates:
        return None
    vectors = embed([question, *(c.question for c in candidates)])
    similarity, best = max(
        ((cosine(vectors[0], vec), c) for vec, c in zip(vectors[1:], candidates, strict=True)), key=lambda sc: sc[0]
    )
    return best if similarity >= threshold else None
