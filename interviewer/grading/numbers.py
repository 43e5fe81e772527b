"""Numbers a key point and a sentence give: a different result ("= 0" where the point says "= 0.5") contradicts the
point."""

from __future__ import annotations

import re

from interviewer.domain.text import STOPWORDS

NUMBER = re.compile(r"(?<![\w.^])(\d+(?:,\d{3})*(?:\.\d+)?)(\s*%)?(?![\w^(])")
_RESULT_BEFORE = re.compile(
    r"(?:=|≈|~|\bequals?|\bis|\bare|\bcomes to|\bgives|\bof)\s*(?:about|roughly|around|approximately|only|just)?\s*$",
    re.IGNORECASE,
)
_RESULT_AFTER = re.compile(r"^\s*(?:$|[.,;:!?)]|(?P<word>[A-Za-z]+)\b)")


def _results(text: str) -> list[float]:
    """Numbers the text gives as a result: right after "=", "is", "equals"... and ending the clause ("= 0.5",
    "which is 0.16"); "16 sigma^2" or "1 - (...)" are parts of a formula, not results."""
    values = []
    for match in NUMBER.finditer(text):
        after = _RESULT_AFTER.match(text[match.end() :])
        # A result ends its clause or is followed by a small word ("= 0.34 here"); "16 sigma^2" is a coefficient.
        ends = after is not None and (after.group("word") is None or after.group("word").lower() in STOPWORDS)
        if ends and _RESULT_BEFORE.search(text[: match.start()]):
            value = float(match.group(1).replace(",", ""))
            values.append(value / 100 if match.group(2) else value)
    return values


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.02 * max(abs(a), abs(b)) or abs(a - b) < 1e-9


def number_conflict(point: str, sentence: str) -> str | None:
    """The sentence gives a result the point contradicts ("= 0" where the point says "= 0.5"), as a one-line reason.
    (A count an order of magnitude off the point's, "10^7 operations" for "roughly 10^10", was tried in session 16
    and removed: it accused a strong answer of the blind ladder half.)"""
    expected = _results(point)
    stated = _results(sentence)
    if not expected or not stated or any(_same(e, s) for e in expected for s in stated):
        return None
    return f"gives {stated[-1]:g} where the result is {expected[-1]:g}"
