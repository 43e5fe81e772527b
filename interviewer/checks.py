"""Deterministic checks on an answer: floors, STAR parts, quantified impact, ownership, round aspects."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

from interviewer.feedback import MetricsCheck, Ownership, StarCheck, StarPart
from interviewer.text import STOPWORDS, Span, content_stems, normalize, split_sentences, words

_I = re.IGNORECASE

# --- floors -------------------------------------------------------------------------------------

_DONT_KNOW = re.compile(
    r"\b(i\s*(do\s*n[o']?t|dont|don't)\s*know|idk|no idea|not sure|no clue|i have no (idea|clue)|i can'?t answer|"
    r"i cannot answer|i'?m not sure|don'?t remember|i forgot|i'?m stuck|pass|skip|n/?a|dunno|"
    r"no s[eé]|je ne sais pas|keine ahnung|wei(ß|ss) (ich )?nicht|non lo so|n[aã]o sei|не знаю|"
    r"понятия не имею|geen idee|nie wiem|bilmiyorum|drawing a (complete )?blank|can'?t (really )?(say|recall|"
    r"remember)|no lo s[eé]|ni idea|move on to the next question|never (done|used|worked with|served|seen) )\b|"
    r"不知道|不清楚|わかりません|分かりません|知りません|모르겠|모름|لا أعرف",
    _I,
)


def has_dont_know_phrase(answer: str) -> bool:
    """The answer says 'I don't know' (or similar) somewhere."""
    return bool(_DONT_KNOW.search(answer))


def is_dont_know(answer: str) -> bool:
    """The answer says 'I don't know' (in some language) and says little else."""
    match = _DONT_KNOW.search(answer)
    if not match and not re.fullmatch(r"[\s?.!…-]*", answer):
        return False
    rest = _DONT_KNOW.sub(" ", answer)
    return len([w for w in words(rest) if w not in STOPWORDS]) < 8


def known_word_ratio(answer: str, vocabulary: frozenset[str]) -> float:
    """Share of the answer's words that are real words: in the vocabulary, or capitalised names (PyTorch, Spark)."""
    names = {w.lower() for w in re.findall(r"\b[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*\b|\b[A-Z]{2,}\b", answer)}
    tokens = [w.strip("'-") for w in words(answer)]
    tokens = [t for t in tokens if t]
    if not tokens:
        return 0.0
    known = sum(
        1
        for t in tokens
        if t in vocabulary or t in STOPWORDS or t in names or any(p in vocabulary for p in t.split("-"))
    )
    return known / len(tokens)


_CALCULATION_STEP = re.compile(r"[\w)]\s*[-+*/^×÷=<>]\s*[\d(]")
_LIST_QUESTION = re.compile(
    r"\b(name|list|state|enumerate|give|mention|identify)\b[^.?!\n]{0,40}?\b(\d+|two|three|four|five|six|several|"
    r"a few|at least)\b",
    _I,
)


def is_calculation(answer: str) -> bool:
    """A worked calculation (formulas and numbers), which is an answer even with few words."""
    return len(_CALCULATION_STEP.findall(answer)) >= 2 and sum(ch.isdigit() for ch in answer) >= 4


def asks_for_list(question: str) -> bool:
    """The question asks to name or list several things, so a bare list is a fair answer."""
    return bool(_LIST_QUESTION.search(question))


def is_gibberish(answer: str, vocabulary: frozenset[str]) -> bool:
    """Keyboard mash, random letters, lorem ipsum or symbol soup rather than language."""
    if is_calculation(answer):
        return False
    letters = sum(ch.isalpha() for ch in answer)
    if letters < max(3, 0.4 * len(answer.strip())):
        return not re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", answer)  # CJK text is not gibberish
    if re.search(r"(.)\1{5,}", answer) and len(set(answer.lower())) < 8:
        return True
    if re.search(r"[\u0400-\u04ff\u0600-\u06ff\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", answer):
        return False  # other scripts are judged by relevance, not by an English vocabulary
    tokens = words(answer)
    if len(tokens) < 3:
        return not any(t in vocabulary for t in tokens)
    if re.search(r"\blorem\b.{0,20}\bipsum\b", answer, _I):
        return True
    return known_word_ratio(answer, vocabulary) < 0.55


def is_keyword_stuffing(answer: str) -> bool:
    """A bare list of terms: many words, almost no function words, no sentences."""
    tokens = words(answer)
    if len(tokens) < 6:
        return False
    function_share = sum(t in STOPWORDS for t in tokens) / len(tokens)
    return function_share < 0.1


_NEUTRAL = frozenset(
    {
        "question",
        "ask",
        "asked",
        "asking",
        "one",
        "two",
        "three",
        "get",
        "got",
        "basically",
        "like",
        "okay",
        "ok",
        "well",
        "want",
        "wants",
        "need",
        "needs",
    }
)


_RESTATING = re.compile(
    r"\?|\b(question|asking|asked|ask|you want|you'?d like|you would like|want me to|like me to|tell me|tell you)\b", _I
)
_NUMERAL = re.compile(r"\d+(?:[.,]\d+)?")


def is_question_copy(answer: str, question: str) -> bool:
    """The answer restates the question and adds (almost) nothing.

    A short answer that reuses the question's terms is not a copy ("Slow start and congestion avoidance"
    answers "name the two phases..."): it must be near verbatim, or framed as a restatement, and new
    numbers count as new content (a worked result is an answer).
    """
    # Compare word parts, so "bias variance" copies "bias-variance".
    answer_stems = content_stems(answer.replace("-", " ")) - _NEUTRAL
    question_stems = content_stems(question.replace("-", " "))
    if not answer_stems:
        return False
    new = len(answer_stems - question_stems) + len(set(_NUMERAL.findall(answer)) - set(_NUMERAL.findall(question)))
    overlap = len(answer_stems & question_stems) / len(answer_stems)
    restated = overlap >= 0.85 or bool(_RESTATING.search(answer))
    return overlap >= 0.6 and new <= 3 and restated


def repetition_ratio(answer: str) -> float:
    """Share of the answer that is repeated material (0 = none), from sentence duplicates and compressibility."""
    sentences = [normalize(s.text) for s in split_sentences(answer)]
    duplicate_share = 1 - len(set(sentences)) / len(sentences) if len(sentences) >= 4 else 0.0
    raw = answer.encode("utf-8")
    compress_share = 0.0
    if len(raw) > 600:
        compress_share = max(0.0, 1 - len(zlib.compress(raw, 9)) / (0.45 * len(raw)))
    return max(duplicate_share, compress_share)


def dedupe_sentences(answer: str) -> list[Span]:
    """Sentences with exact repeats dropped, in order."""
    seen: set[str] = set()
    kept = []
    for span in split_sentences(answer):
        key = normalize(span.text)
        if key not in seen:
            seen.add(key)
            kept.append(span)
    return kept


# --- STAR ---------------------------------------------------------------------------------------

_STAR_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(at my (last|previous|current|old|first)|when i (was|worked|joined)|while (i was )?(working|at)|"
        r"in (19|20)\d\d|last (year|quarter|summer|spring|month)|a few (years|months) ago|back (in|when)|"
        r"our (team|company|startup|product|model|system|pipeline|data)\b.{0,40}\b(was|were|had|did|used|kept|"
        r"relied|started)|we (had|were|noticed|saw|faced|relied)|there was|the (situation|context|background|"
        r"problem) was|i was (working|part of|on a|the only|one of)|i worked (at|on|as|for)|i joined|"
        r"at (a|an|the) \w+ (company|startup|bank|retailer|team)|the company|our (client|customer)s?)",
        _I,
    ),
    "task": re.compile(
        r"\b(my (task|goal|job|responsibility|role|mandate|assignment|mission|part|piece|area|remit|focus|brief)\b|"
        r"i was (asked|tasked|responsible|assigned|expected|charged|hired|brought in|given|put in charge|the (sole )?"
        r"(engineer|one|person|owner|lead|only))|responsible for|in charge of|i committed to|i promised|"
        r"i (needed|had|wanted|decided|set out|aimed|tried|hoped|was trying) to|i took (it|this|that|them) on|"
        r"i took (on|over|ownership)|i volunteered|i owned|i pitched|i proposed|i'?d like to|i would like to|"
        r"i (want|need|plan|hope) to|my aim|the (goal|task|ask|objective|challenge|target|deadline|brief) (was|is)|"
        r"we (needed|had) to|(had|have|with) (just )?(\w+ )?(days|weeks|months) to|our goal was|it fell to me|"
        r"was on me|i wanted (him|her|them|us|the team)|(asked|told|wanted|needed) me to|i'?d (focus|start)|"
        r"i realised|i realized|i had no authority)",
        _I,
    ),
    "action": re.compile(
        r"\b(i|i then|then i|so i|first,? i|next,? i|finally,? i|i also|i personally|we|so we|then we)\s+"
        r"(\w+ly\s+)?(built|designed|wrote|rewrote|led|created|implemented|analy[sz]ed|proposed|organi[sz]ed|set|"
        r"reached|talked|spoke|met|scheduled|decided|introduced|ran|trained|retrained|deployed|migrated|automated|"
        r"added|removed|replaced|refactored|benchmarked|profiled|investigated|debugged|traced|found|dug|pulled|"
        r"prototyped|tested|validated|shipped|launched|pitched|presented|documented|mentored|coached|paired|"
        r"negotiated|prioriti[sz]ed|split|broke|reduced|cut|used|started|created|drafted|defined|measured|"
        r"collected|labeled|cleaned|tuned|switched|moved|asked|listened|proposed|gathered|escalated|aligned|"
        r"convinced|persuaded|invited|shared|sent|compared|ran|explained|took|made|put|gave|worked|focused|"
        r"owned|managed|coordinated|facilitated|restructured|simplified|optimi[sz]ed|instrumented|wrote|"
        r"hired|onboarded|volunteered|learned|read|studied|apologi[sz]ed|admitted|fixed|rolled)\b",
        _I,
    ),
    "result": re.compile(
        r"\b(as a result|the result|result(ed|s)? (was|were|in)|in the end|ultimately|eventually|the outcome|"
        r"outcome was|which (reduced|increased|improved|saved|cut|raised|lowered|doubled|halved|led|meant|allowed|"
        r"let|made)|this (reduced|increased|improved|saved|cut|raised|lowered|doubled|halved|led|meant|allowed|let|"
        r"made)|(reduced|increased|improved|saved|cut|raised|lowered|doubled|halved|grew|dropped|fell|rose|went) "
        r"(by|from|to)|we (shipped|launched|delivered|hit|met|beat|exceeded)|(was|were|got|been) (adopted|promoted|"
        r"approved|shipped|launched|fixed|resolved|accepted|merged|rolled out|deployed|used)|i learned|learned|"
        r"the lesson|lesson i|taught me|since then|now (we|the team|i|it|they|everyone)|on time|went (live|into "
        r"production|out)|ended up|turned out|(saved|made) (her|him|them|us|the team|everyone)|still (use|uses|runs|"
        r"running)|(teams?|people|analysts|users|customers) (used|use|adopted|started using)|it worked|"
        r"(reduction|increase|improvement|savings|uplift|lift) (of|in)|(delivered|shipped|launched|finished|"
        r"completed) (it|the|on|a|two|three|\w+ weeks)|(it|that|this) saved|(said|told me) (it|that|they)|"
        r"they decided|(came|was|were) \w+ (weeks|days) late)",
        _I,
    ),
}
_CONTEXT = re.compile(
    r"\b(team|project|company|startup|job|role|product|model|pipeline|system|client|customer|app|platform|data|org|"
    r"group|bank|retailer|marketplace|service|feature|launch|migration|codebase|stakeholders?|manager|colleague)s?\b",
    _I,
)
_PAST = re.compile(r"\b(was|were|had|did|\w{3,}ed|took|led|built|ran|joined|made|began|wrote|got|came|went)\b", _I)
_PAST_I = re.compile(
    r"\bi\s+(\w+ed|built|wrote|led|ran|made|took|gave|found|met|spoke|sent|set|put|cut|split|"
    r"broke|drove|rebuilt|rewrote|taught|brought|thought|sought|won|chose)\b",
    _I,
)


def star_check(spans: Iterable[Span]) -> StarCheck:
    """Find each STAR part; each evidence is the sentence (a real substring of the answer) that shows it."""
    sentences = list(spans)
    found: dict[str, str | None] = {part: None for part in _STAR_CUES}
    used: set[int] = set()
    for part in ("task", "result", "situation", "action"):
        for index, span in enumerate(sentences):
            if index in used and part != "action":
                continue
            if _STAR_CUES[part].search(span.text) or (part == "result" and index > 0 and metric_spans(span.text)):
                found[part] = span.text
                used.add(index)
                break
    if found["action"] is None:
        action = next((s.text for i, s in enumerate(sentences) if i not in used and _PAST_I.search(s.text)), None)
        found["action"] = action
    if found["situation"] is None and (found["task"] or found["action"] or found["result"]):
        # A story usually opens on its context: a past-tense sentence about a team, project, product or system.
        found["situation"] = next(
            (s.text for s in sentences[:2] if _CONTEXT.search(s.text) and _PAST.search(s.text)), None
        )
    return StarCheck(**{part: StarPart(present=text is not None, evidence=text) for part, text in found.items()})


# --- quantified impact ---------------------------------------------------------------------------

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


def ownership(text: str) -> Ownership:
    """Counts of I/me/my versus we/us/our."""
    tokens = words(text)
    return Ownership(
        i_count=sum(t in {"i", "me", "my", "myself", "i'm", "i've", "i'd", "mine"} for t in tokens),
        we_count=sum(t in {"we", "us", "our", "ours", "we're", "we've", "we'd", "ourselves"} for t in tokens),
    )
