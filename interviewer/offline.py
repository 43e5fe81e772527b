"""The offline model: a real implementation of the model port that needs no LLM."""

from __future__ import annotations

import re
from collections.abc import Iterator

from interviewer.analysis import Embed, GradeTarget, analyze
from interviewer.grader import offline_judgement
from interviewer.model import JudgeRequest, ModelJudgement, PhraseRequest
from interviewer.text import STOPWORDS, content_stems, words


def key_phrase(point: str, max_words: int = 10) -> str:
    """The opening clause of a key point, short enough to steer without handing over the answer."""
    clause = re.split(r"[,;:(]| - | — ", point, maxsplit=1)[0].strip().rstrip(".")
    tokens = clause.split()
    phrase = " ".join(tokens[:max_words])
    return phrase[:1].lower() + phrase[1:] if phrase[:2] != phrase[:2].upper() else phrase


def missing_terms(point: str, answer: str | None, limit: int = 3) -> list[str]:
    """The key point's distinctive words that the answer did not use."""
    used = content_stems(answer or "")
    seen: list[str] = []
    for word in words(point):
        if word not in STOPWORDS and len(word) > 3 and word not in seen and not content_stems(word) & used:
            seen.append(word)
    return seen[:limit]


def _stream(text: str) -> Iterator[str]:
    pieces = text.split(" ")
    for i, piece in enumerate(pieces):
        yield piece if i == len(pieces) - 1 else piece + " "


class OfflineModel:
    """Phrases turns from the bank's own wording and judges with the deterministic grader."""

    def __init__(self, embed: Embed, vocabulary: frozenset[str]) -> None:
        self.embed = embed
        self.vocabulary = vocabulary

    @property
    def name(self) -> str:
        """Always "offline"."""
        return "offline"

    @property
    def prompt_version(self) -> str | None:
        """No prompts are used offline."""
        return None

    def phrase(self, request: PhraseRequest) -> Iterator[str]:
        """The bank question as written; a follow-up or hint built from the missed key point."""
        if request.kind == "question":
            return _stream(request.question)
        target = request.target or ""
        if request.kind == "hint":
            return _stream(f"Hint: think about {key_phrase(target)}.")
        if request.suggested:
            return _stream(f"Let me push on that. {request.suggested}")
        terms = missing_terms(target, request.previous_answer)
        about = " and ".join(terms) if terms else key_phrase(target, 6)
        return _stream(f"Let me push on one point you haven't covered yet: how does {about} come into it?")

    def judge(self, request: JudgeRequest) -> ModelJudgement:
        """The deterministic grade of the answer."""
        target = GradeTarget(
            round=request.round, question=request.question, key_points=request.key_points, reference=request.reference
        )
        return offline_judgement(target, analyze(target, request.answer, self.embed, self.vocabulary))
