"""Offline phrasing of interviewer turns: the bank's own questions, follow-ups and hints, with no LLM."""

from __future__ import annotations

from collections.abc import Iterator

from interviewer.domain.model import PhraseRequest

GENERIC_PROBE = "What would you add to make that answer complete?"
"""A follow-up for a point the bank has no probe for (it never names the point)."""
GENERIC_HINT = "Think about which part of the question your answer has not addressed yet."
"""A hint for a point the bank has no hint for."""


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
        """The bank question as written; a follow-up or hint in the bank's own words for the missed key point (its
        probe, built on the candidate's words when they came close; its hint). The key point itself is never said."""
        if request.kind == "question":
            return _stream(request.question)
        if request.kind == "hint":
            return _stream(f"Hint: {request.suggested or GENERIC_HINT}")
        probe = request.suggested or GENERIC_PROBE
        if request.quote:
            return _stream(f'You mentioned "{request.quote}". {probe}')
        return _stream(probe)
