"""Quantified impact: numbers with units, money, percentages and before -> after changes, quoted from the answer."""

from __future__ import annotations

import re
from collections.abc import Iterable

from interviewer.domain.feedback import MetricsCheck
from interviewer.domain.text import Span

_I = re.IGNORECASE

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_WORD_NUMBER = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"hundred|hundreds|thousand|thousands|a dozen|dozens|half a|a third|a quarter"
)
_UNITS = (
    r"ms|seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|sprints?|teams?|models?|features?|"
    r"stores?|countries|languages?|tables?|pipelines?|services?|experiments?|releases?|orders?|transactions?|"
    r"documents?|items?|products?|clicks?|sessions?|rows?|records?|calls?|jobs?|gpus?|servers?|nodes?|hires?|"
    r"interns?|engineers?|analysts?|people|users?|customers?|incidents?|bugs?|tickets?|alerts?|cases|"
    r"dashboards?|reports?|leads?|stakeholders|test sets?|datasets?|of (the )?(leads|users|orders|cases|items)"
)
_METRIC = re.compile(
    rf"(?:[$€£¥]\s?{_NUMBER}\s?(?:k|m|b|bn|million|billion|thousand)?\b|"
    rf"{_NUMBER}\s?(?:%|percent\b|pp\b|percentage points?\b|x\b|×|times\b|bps\b|basis points\b)|"
    rf"{_NUMBER}\s?(?:k|m|bn|million|billion|thousand)?\s?(?:ms|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|"
    rf"hrs?|days?|weeks?|months?|years?|users?|customers?|requests?|queries|qps|rps|tickets?|cases|alerts?|"
    rf"incidents?|engineers?|analysts?|people|dollars|usd|eur|gb|tb|gpus?|points?|stars?|downloads?)\b|"
    rf"(?:from|by)\s+[$€£]?{_NUMBER}[^.;\n]{{0,48}}?\s(?:to|->|→)\s+(?:about\s+|around\s+|under\s+)?[$€£]?{_NUMBER}"
    rf"(?:\s?%|\s?[a-z]+)?|"
    rf"\b(?:twice|two|three|four|five|ten)\s+times\b|"
    rf"\b(?:{_WORD_NUMBER})\s+(?:\w+\s+)?(?:{_UNITS})\b|"
    rf"\b{_NUMBER}(?:-odd)?\s+(?:\w+\s+)?(?:{_UNITS})\b|"
    rf"\b(?:team|group|squad) of (?:{_WORD_NUMBER}|{_NUMBER})\b|"
    rf"{_NUMBER}\s?(?:->|→|to)\s?{_NUMBER}\s?%?(?=\s|$|[.,;])|"
    rf"\b(?:auc|f1|ndcg|precision|recall|accuracy|ctr|mape|rmse|map)\b[^.\n]{{0,20}}?\b0?\.\d+|"
    rf"\b(?:doubled|tripled|halved|quadrupled)\b)",
    _I,
)
_BASELINE = re.compile(
    rf"(from\s+[$€£]?{_NUMBER}[^.\n]{{0,30}}?\bto\s+[$€£]?{_NUMBER}|{_NUMBER}\s?%?\s?(->|→)\s?{_NUMBER}|"
    r"\b(compared (to|with)|versus|vs\.?|baseline|control group|than (before|the old|the previous))\b)",
    _I,
)
_YEAR = re.compile(r"^(19|20)\d\d$")


def metric_spans(text: str) -> list[str]:
    """Quantities in the text that express impact or scale (years and bare list counts excluded)."""
    spans = []
    for match in _METRIC.finditer(text):
        value = match.group(0).strip()
        if _YEAR.match(value) or (
            re.fullmatch(r"\d+\s+years?", value, _I) and "ago" in text[match.end() : match.end() + 5]
        ):
            continue
        spans.append(value)
    return spans


def metrics_check(spans: Iterable[Span]) -> MetricsCheck:
    """Numbers with units, money, percentages and before -> after changes, quoted from the answer."""
    evidence: list[str] = []
    baseline = False
    for span in spans:
        found = metric_spans(span.text)
        if found:
            evidence.extend(f for f in found if f not in evidence)
            baseline = baseline or bool(_BASELINE.search(span.text))
    return MetricsCheck(present=bool(evidence), evidence=evidence[:8], baseline=baseline)
