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
_RATE = re.compile(
    r"[$€£¥%×]|->|→|\btimes (?:faster|slower|more|fewer|less|higher|lower|larger|smaller|cheaper|as)\b|"
    r"\b(?:percent|pp|percentage points?|x|bps|basis points|doubled|tripled|halved|quadrupled|"
    r"auc|f1|ndcg|precision|recall|accuracy|ctr|mape|rmse|map)\b|\bfrom\b.*\bto\b",
    _I,
)
"""A quantity that is itself a result: a share, money, a ratio, a before -> after, a metric's value."""
_CHANGE = re.compile(
    r"\b(?:reduc|cut|sav|improv|increas|decreas|lift|boost|rais|lower|drop|fell|fall|rose|rise|grew|grow|gain|"
    r"shr[ai]nk|halv|doubl|tripl|sped|speed|accelerat|climb|jump|slash|trim|recover|prevent|avoid|caught|catch|"
    r"beat|won|win|earn|generat|brought|went)\w*",
    _I,
)
"""A verb of change or gain: a number said with it ("cut review time by two days") measures what happened."""


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


def measures_outcome(sentence: str, found: list[str]) -> bool:
    """Whether the quantities found in a sentence measure a result rather than set the scene: one of them is a rate,
    money or a before -> after, or the sentence says what changed ("a team of six" and "eight weeks" only set it)."""
    return bool(found) and (any(_RATE.search(f) for f in found) or bool(_CHANGE.search(sentence)))


def metrics_check(spans: Iterable[Span]) -> MetricsCheck:
    """Numbers with units, money, percentages and before -> after changes, quoted from the answer."""
    evidence: list[str] = []
    baseline = outcome = False
    for span in spans:
        found = metric_spans(span.text)
        if found:
            evidence.extend(f for f in found if f not in evidence)
            baseline = baseline or bool(_BASELINE.search(span.text))
            outcome = outcome or measures_outcome(span.text, found)
    return MetricsCheck(present=bool(evidence), evidence=evidence[:8], baseline=baseline, outcome=outcome)
