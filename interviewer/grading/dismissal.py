"""Dismissal: a clause that rejects what it names ("a feature store is overkill here", "I'd avoid dropout")
denies those words as a negation before them does. The phrases are general English, listed by a helper who saw
neither the grader nor any eval set; `denied_stems` (mistakes.py) reads the ranges this module finds."""

from __future__ import annotations

import functools
import re
from itertools import pairwise

AFTER = (
    "overkill",
    "unnecessary",
    "unneeded",
    "superfluous",
    "is redundant",
    "pointless",
    "useless",
    "worthless",
    "is a waste of time",
    "a waste of time",
    "a waste of effort",
    "a waste of resources",
    "would be a waste",
    "overrated",
    "overhyped",
    "is just hype",
    "outdated",
    "obsolete",
    "out of date",
    "outmoded",
    "old-fashioned",
    "antiquated",
    "archaic",
    "is dated",
    "a thing of the past",
    "has had its day",
    "on its way out",
    "is dead",
    "a dead end",
    "counterproductive",
    "is harmful",
    "considered harmful",
    "an anti-pattern",
    "a bad idea",
    "bad practice",
    "a code smell",
    "a red herring",
    "a crutch",
    "a band-aid",
    "just a hack",
    "a gimmick",
    "a fad",
    "a buzzword",
    "snake oil",
    "a cargo cult",
    "is a mistake",
    "is misguided",
    "is flawed",
    "a footgun",
    "irrelevant",
    "is moot",
    "beside the point",
    "a non-issue",
    "a nonstarter",
    "a non-starter",
    "a no-go",
    "out of the question",
    "off the table",
    "overengineering",
    "over-engineering",
    "overengineered",
    "over-engineered",
    "overcomplicated",
    "premature optimization",
    "more trouble than it's worth",
    "more hassle than it's worth",
    "adds nothing",
    "adds unnecessary complexity",
    "a solution looking for a problem",
    "has been debunked",
)
"""Said after the thing dismissed, in the same clause: "<thing> is overkill"."""

BEFORE = (
    "no need for",
    "no need to",
    "there's no need for",
    "no point in",
    "there's no point in",
    "no reason to",
    "i'd avoid",
    "i would avoid",
    "steer clear of",
    "stay away from",
    "forget about",
    "you can skip",
    "i'd skip",
    "don't bother with",
    "wouldn't bother with",
    "get rid of",
    "ditch",
    "throw out",
    "scrap",
    "do away with",
    "dispense with",
    "give up on",
    "move away from",
    "moved away from",
    "phase out",
    "rip out",
    "waste time on",
    "i'm against",
    "against using",
    "not a fan of",
    "skeptical of",
    "i'd be wary of",
    "i'd caution against",
    "i'd advise against",
    "i'd argue against",
    "i'd push back on",
    "over-reliance on",
    "overreliance on",
    "nobody uses",
    "no one uses",
    "we no longer need",
    "who needs",
    "the hype around",
    "the myth of",
)
"""Said before the thing dismissed, in the same clause: "no need for <thing>"."""


def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])", re.IGNORECASE)


_AFTER, _BEFORE = _alternation(AFTER), _alternation(BEFORE)
_CLAUSE_BREAK = re.compile(
    r"[,;:()\u2013\u2014]|[.!?](?=\s|$)|\s-\s|\b(?:but|because|although|though|whereas|while|since|which|and then)\b",
    re.IGNORECASE,
)
"""Where a clause ends: what one clause dismisses, the next may well recommend ("X is overkill, but Y ...")."""
_LINKED = re.compile(
    r"(?:\b(?:is|are|was|were|be|been|seems?|looks?|sounds?|feels?|becomes?|became|remains?|proves?|proved)|'s|'re)"
    r"\s+(?:(?:really|just|totally|completely|probably|mostly|largely|pretty|quite|simply|basically|honestly|usually|"
    r"often|generally|somewhat|rather|fairly|kind of|sort of|a bit|frankly|clearly|obviously|entirely|all|now)\s+)*$",
    re.IGNORECASE,
)
"""An AFTER phrase that does not carry its own verb dismisses only as a predicate ("X is unnecessary"), not as an
attribute ("to avoid unnecessary traffic")."""
_OWN_VERB = ("is ", "has ", "adds ", "would ", "considered ")
AFTER_REACH, BEFORE_REACH = 8, 5
"""Words before an AFTER phrase (the subject, with its verb), or after a BEFORE phrase (an object), that it
dismisses: a noun phrase, not the rest of a run-on clause."""
_WORD = re.compile(r"[\w'-]+")


def _last_words(clause: str, stop: int) -> int:
    """Where the last AFTER_REACH words before `stop` begin."""
    starts = [m.start() for m in _WORD.finditer(clause, 0, stop)]
    return starts[-AFTER_REACH] if len(starts) >= AFTER_REACH else 0


def _next_words(clause: str, start: int) -> int:
    """Where the first BEFORE_REACH words after `start` end."""
    ends = [m.end() for m in _WORD.finditer(clause, start)]
    return ends[BEFORE_REACH - 1] if len(ends) >= BEFORE_REACH else len(clause)


@functools.lru_cache(maxsize=4096)
def dismissed_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of the text that a clause dismisses: the words just before an AFTER phrase used as
    a predicate, or just after a BEFORE phrase, within the clause (the phrase itself excluded)."""
    # Matched without lowering the text: lower() can change a string's length, and the ranges index the text itself.
    plain = text.replace("\u2019", "'")
    bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(plain)), len(plain)]
    ranges: list[tuple[int, int]] = []
    for start, end in pairwise(bounds):
        clause = plain[start:end]
        for m in _AFTER.finditer(clause):
            if m.group(0).lower().startswith(_OWN_VERB) or _LINKED.search(clause, 0, m.start()):
                ranges.append((start + _last_words(clause, m.start()), start + m.start()))
        ranges += [(start + m.end(), start + _next_words(clause, m.end())) for m in _BEFORE.finditer(clause)]
    return tuple(ranges)
