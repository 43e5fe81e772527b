"""How a solution's running time grows: a slope fitted over rising input sizes, set beside the complexity the
candidate stated in their talk-through."""

from __future__ import annotations

import math
import re
import statistics

from interviewer.domain.runs import Growth

MIN_SECONDS = 0.002
"""Calls quicker than this are mostly timer noise and call overhead; they are left out of the fit."""
SLACK = 0.6
"""How far the measured slope may exceed the stated complexity's before the two are said to disagree (timings on a
shared machine are noisy, and n log n fits a slope of about 1.1-1.2)."""

_BIG_O = re.compile(r"\b(?:O|Θ|Theta|theta)\s*\(\s*([^()]*(?:\([^()]*\)[^()]*)*)\)")
_POWER = re.compile(r"(?:n|N|m|k|V|E)\s*(?:\^|\*\*)\s*(\d+)|(?:n|N|m|V)\s*([²³])")
_PRODUCT = re.compile(r"\b[nmNV]\s*[*·×]\s*[nmNV]\b|\b[nm]\s*[nm]\b")
_VARIABLE = re.compile(r"\b[nmkNVELTSdb]\b|\blen\b|\bsize\b")


def exponent_of(complexity: str) -> float | None:
    """The growth exponent a big-O expression implies in its main variable: O(1) and O(log n) 0, O(n) and
    O(n log n) 1, O(n^2) and O(n*m) 2; None when it cannot be read."""
    text = complexity.strip()
    if not text:
        return None
    if re.search(r"\d\s*(?:\^|\*\*)\s*[nm]\b|\bn\s*!", text):
        return 3.0  # exponential or factorial: steeper than any slope these sizes can show
    powers = [int(a) if a else {"²": 2, "³": 3}[b] for a, b in _POWER.findall(text)]
    if powers:
        return float(max(powers))
    if _PRODUCT.search(text):
        return 2.0
    stripped = re.sub(r"\blog\s*\(?\s*\w*\s*\)?", "", text)  # log factors do not change the slope much
    if _VARIABLE.search(stripped):
        return 1.0
    return 0.0 if re.fullmatch(r"\s*1\s*", stripped) or "log" in text else None


def stated_time(answer: str) -> str | None:
    """The time complexity the candidate stated: the big-O said nearest the word "time" (and nearer it than to
    "space" or "memory"), else the first big-O in the answer ("O(n log n)")."""
    found = list(_BIG_O.finditer(answer))
    if not found:
        return None

    def distance(match: re.Match[str], word: str) -> int:
        places = [w.start() for w in re.finditer(word, answer, re.I)]
        return min((abs(p - match.start()) for p in places), default=10**9)

    timed = [(distance(m, r"\b(?:time|runtime)\b"), m) for m in found]
    timed = [(d, m) for d, m in timed if d < distance(m, r"\b(?:space|memory)\b") and d <= 60]
    chosen = min(timed, key=lambda pair: pair[0])[1] if timed else found[0]
    return f"O({chosen.group(1).strip()})"


def fit_exponent(sizes: list[int], seconds: list[float | None]) -> float | None:
    """The least-squares slope of log(seconds) over log(size), from the calls slow enough to time (at least two
    sizes a factor of 2 or more apart); None otherwise."""
    points = [(math.log(n), math.log(t)) for n, t in zip(sizes, seconds, strict=True) if t and t >= MIN_SECONDS]
    if len(points) < 2 or points[-1][0] - points[0][0] < math.log(2) - 1e-9:
        return None
    slope, _ = statistics.linear_regression([x for x, _ in points], [y for _, y in points])
    return round(slope, 2)


def _described(exponent: float) -> str:
    if exponent < 0.5:
        return "barely grows (constant or logarithmic)"
    if exponent < 1.4:
        return "grows about linearly (n or n log n)"
    if exponent < 2.5:
        return "grows about quadratically (n²)"
    return "grows faster than n²"


def measure_growth(sizes: list[int], seconds: list[float | None], answer: str) -> Growth:
    """The growth of one solution's time over `sizes` (None where a call was too slow), with what the `answer`
    stated and one line comparing the two."""
    exponent = fit_exponent(sizes, seconds)
    stated = stated_time(answer)
    implied = exponent_of(stated[2:-1]) if stated else None
    timed = [t for t in seconds if t is not None]
    if exponent is None:
        verdict = (
            "Too slow to measure: the calls over the smallest sizes already ran out of time."
            if len(timed) < 2 and any(t is None for t in seconds)
            else "Too quick to measure growth reliably at these sizes."
        )
    else:
        verdict = f"Measured: time {_described(exponent)}, slope {exponent:.1f} on a log-log scale."
        if len(timed) < len(sizes):
            verdict += f" The {len(sizes) - len(timed)} largest size(s) ran out of time."
    if stated is None:
        verdict += " You did not state a time complexity (say it as O(...))."
    elif implied is not None and exponent is not None:
        if exponent > implied + SLACK:
            verdict += f" You stated {stated}, but your code grows faster than that."
        else:
            verdict += f" Consistent with the {stated} you stated."
    return Growth(
        sizes=sizes,
        seconds=seconds,
        exponent=exponent,
        stated=stated,
        stated_exponent=implied,
        verdict=verdict,
    )
