"""STAR structure and ownership of a story: which sentences show situation, task, action and result."""

from __future__ import annotations

import re
from collections.abc import Iterable

from interviewer.domain.feedback import Ownership, StarCheck, StarPart
from interviewer.domain.text import Span, words
from interviewer.grading.impact import metric_spans

_I = re.IGNORECASE

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
        r"i took (on|over|ownership)|i volunteered|i owned|i proposed|"
        r"i'?d like to|i would like to|"
        r"i (want|need|plan|hope) to|my aim|the (goal|task|ask|objective|challenge|target|deadline|brief) (was|is)|"
        r"we (needed|had) to|(had|have|with) (just )?(\w+ )?(days|weeks|months) to|our goal was|"
        r"(it|this|that|the \w+) (fell|landed) (to|on) me|(it|this|that) (was|is) (on|up to) me|"
        r"i wanted (him|her|them|us|the team)|"
        r"(asked|told|wanted|needed) me to|i'?d (focus|start)|"
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
        r"they decided|(came|was|were|landed|shipped|finished|launched) (in )?\w+ (days?|weeks?|months?) "
        r"(late|early|ahead))",
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


_ASKS_FOR_AN_EVENT = re.compile(
    r"\b(tell me about (a|an|the|one|something|working)\b|describe (a|an|the|one|some|work)\b|give me an example|"
    r"walk me through (a|the) time|a time (when )?you|have you ever|what'?s the most \w+ thing you'?ve)",
    _I,
)
"""A question that asks for something that happened ("Tell me about a time...", "Describe a conflict you had...")."""


def asks_for_an_event(question: str) -> bool:
    """Whether the question asks for a past event, which a habit or a plan does not answer."""
    return _ASKS_FOR_AN_EVENT.search(question) is not None


def tells_an_event(spans: Iterable[Span]) -> bool:
    """Whether the answer tells something that happened: two or more sentences in the past tense, or half of them.
    Interviewers want one real event, not a habit ("When I disagree, I always try to listen") or a plan ("I would
    start by reading the docs"); knowledge/guides/behavioral.md says so. On every ladder set and the labeled
    behavioral set, no strong, partial or fluent-but-wrong story, and no answer labeled 3 or more, falls short."""
    sentences = [s.text for s in spans]
    past = sum(bool(_PAST.search(text)) for text in sentences)
    return past >= 2 or (bool(sentences) and past / len(sentences) >= 0.5)


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


def after_setup(spans: Iterable[Span]) -> list[Span]:
    """The story from its first action or result on: numbers before it set the scene ("a team of 6", "a 14-hour
    pipeline") and say nothing about the impact; a sentence with a result cue always counts."""
    sentences = list(spans)
    first = next(
        (
            i
            for i, s in enumerate(sentences)
            if _STAR_CUES["action"].search(s.text) or _PAST_I.search(s.text) or _STAR_CUES["result"].search(s.text)
        ),
        len(sentences),
    )
    return [s for i, s in enumerate(sentences) if i >= first or _STAR_CUES["result"].search(s.text)]


_SINGULAR = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
_PLURAL = frozenset({"we", "we're", "we've", "we'd", "we'll"})
_NOT_ACTS = frozenset(
    """am are is was were be been being think thought feel felt believe believed guess hope hoped want wanted wish
    love loved like liked enjoy enjoyed know knew mean suppose would could can might will really always""".split()
)
"""Words after "I" or "we" that make it a feeling, a state or an opinion ("I'm excited", "I think", "I'd love"),
not something the speaker did."""
_IN_BETWEEN = frozenset({"also", "just", "then", "actually", "personally", "first", "still", "even", "quickly", "all"})
"""Adverbs that may stand between the subject and its verb ("I then rewrote", "we all agreed")."""


def _acts(tokens: list[str], index: int) -> bool:
    """Whether the pronoun at `index` is the subject of something done: the next word (past an adverb) is not a
    feeling, state or opinion; "I'm" and "we're" count only before a verb in -ing ("I'm leading the migration")."""
    after = index + 1
    while after < len(tokens) and tokens[after] in _IN_BETWEEN:
        after += 1
    following = tokens[after] if after < len(tokens) else ""
    if tokens[index].endswith(("'m", "'re")):
        return following.endswith("ing") and following not in _NOT_ACTS
    return bool(following) and following not in _NOT_ACTS


def ownership(text: str) -> Ownership:
    """How often "I" and how often "we" is the subject of something done. A feeling or an opinion ("I'm excited",
    "I think my background fits") is not ownership: a story told with no act in it owns nothing."""
    tokens = words(text)
    return Ownership(
        i_count=sum(t in _SINGULAR and _acts(tokens, n) for n, t in enumerate(tokens)),
        we_count=sum(t in _PLURAL and _acts(tokens, n) for n, t in enumerate(tokens)),
    )
