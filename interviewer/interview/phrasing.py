"""Offline phrasing of interviewer turns: the bank's own questions, follow-ups and hints, with no LLM."""

from __future__ import annotations

import re
from collections.abc import Iterator

from interviewer.domain.model import PhraseRequest


def key_phrase(point: str, max_words: int = 10) -> str:
    """The opening clause of a key point, short enough to steer without handing over the answer."""
    clause = re.split(r"[,;:(]| - | — ", point, maxsplit=1)[0].strip().rstrip(".")
    tokens = clause.split()
    phrase = " ".join(tokens[:max_words])
    return phrase[:1].lower() + phrase[1:] if phrase[:2] != phrase[:2].upper() else phrase


_PRONOUNS = {"they": "you", "their": "your", "them": "you", "themselves": "yourself", "they're": "you're"}


def probe(point: str) -> str:
    """Turn a rubric key point into something to ask about, in second person.

    "Identifies early warning signs they missed, such as ..." -> "the early warning signs you missed".
    """
    clause = key_phrase(point, 12)
    tokens = clause.split()
    if tokens and re.fullmatch(r"[a-z]+(e|i|a|o|u|n|t|d|r|l|m|k|p|w|y|g|h)s", tokens[0]) and len(tokens) > 2:
        tokens = tokens[1:]  # a third-person verb ("explains", "names") opens most rubric points
        if tokens[0].lower() not in {"a", "an", "the", "how", "what", "why", "when", "which", "their", "that"}:
            tokens = ["the", *tokens]
    return " ".join(_PRONOUNS.get(t.lower(), t) for t in tokens)


def _stream(text: str) -> Iterator[str]:
    # Offline text exists all at once: one piece, so interfaces don't pay for word-by-word updates.
    yield text


class OfflineModel:
    """Phrases turns from the bank's own wording: the Phraser that needs no LLM."""

    @property
    def name(self) -> str:
        """Always "offline"."""
        return "offline"

    def phrase(self, request: PhraseRequest) -> Iterator[str]:
        """The bank question as written; a follow-up or hint built from the missed key point."""
        if request.kind == "question":
            return _stream(request.question)
        target = request.target or ""
        if request.kind == "hint":
            return _stream(f"Hint: think about {probe(target)}.")
        if request.suggested:
            return _stream(f"Let me push on that. {request.suggested}")
        return _stream(f"Let me push on one point you haven't covered yet: what about {probe(target)}?")
