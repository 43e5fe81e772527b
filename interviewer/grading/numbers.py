"""Numbers a key point and a sentence give: a different result ("= 0" where the point says "= 0.5") or a count an
order of magnitude off ("10^7 operations" where the point says "10^10") contradicts the point."""

from __future__ import annotations

import re

from interviewer.domain.text import STOPWORDS, stem

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


_COUNT = re.compile(
    r"(?<![\w.^])(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(?:\^|\*\*)\s*(\d{1,3}))?\s*(thousand|million|billion|trillion)?"
    r"\s+([A-Za-z]{3,})\b",
    re.IGNORECASE,
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
ORDERS_APART = 10.0
"""Two counts of the same thing this many times apart disagree whatever the rounding ("10^7 operations" against
"roughly 10^10 operations"); nearer ones may be an example or an estimate ("a 45-minute round" against "30 to 60")."""


def _counts(text: str) -> dict[str, list[float]]:
    """Counts of things the text gives, by the stem of the noun counted: "10^10 operations", "2 million users"."""
    found: dict[str, list[float]] = {}
    for match in _COUNT.finditer(text):
        noun = match.group(4).lower()
        if noun in STOPWORDS or noun in _SCALE:
            continue
        value = float(match.group(1).replace(",", ""))
        value = value ** int(match.group(2)) if match.group(2) else value
        value *= _SCALE.get((match.group(3) or "").lower(), 1.0)
        found.setdefault(stem(noun), []).append(value)
    return found


def _count_conflict(point: str, sentence: str) -> str | None:
    """The sentence counts something the point counts, an order of magnitude or more away from every count the
    point gives for it."""
    expected = _counts(point)
    for noun, values in _counts(sentence).items():
        wanted = [v for v in expected.get(noun, []) if v > 0]
        for value in values:
            if wanted and value > 0 and all(max(value, w) / min(value, w) >= ORDERS_APART for w in wanted):
                return f"gives {value:g} where the point says about {wanted[0]:g}"
    return None


def number_conflict(point: str, sentence: str) -> str | None:
    """The sentence gives a result the point contradicts ("= 0" where the point says "= 0.5"), or a count an order
    of magnitude away from the point's ("10^7 operations" for "10^10 operations"), as a one-line reason."""
    expected = _results(point)
    stated = _results(sentence)
    if not expected or not stated or any(_same(e, s) for e in expected for s in stated):
        return _count_conflict(point, sentence)
    return f"gives {stated[-1]:g} where the result is {expected[-1]:g}"
