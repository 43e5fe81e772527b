"""Known mistakes in an answer: a concept named together with a property that belongs to the concept it is
confused with ("bagging mainly reduces bias"), found clause by clause and quoted in the answer's own words."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from interviewer.domain.confusions import ConceptClaims, Confusion, MistakeFound
from interviewer.domain.text import STOPWORDS, Span, stem
from interviewer.grading.dismissal import dismissed_ranges

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_NEGATION = frozenset(
    {"not", "no", "never", "neither", "nor", "without", "cannot", "hardly", "barely", "rather", "instead", "unlike"}
)
_NEGATION_STEMS = frozenset(stem(word) for word in _NEGATION)
_ADDITIVE = frozenset({"just", "only", "merely", "simply", "solely"})
"""Words after a negation that make it add to what follows rather than deny it ("not just the average")."""
_CONTRASTIVE = frozenset({"rather", "instead", "unlik"})
"""Negation stems that set one thing against another ("X rather than Y") more than they deny Y."""
_CONTRAST_POINT = re.compile(
    r"\b(differ\w*|difference|versus|vs\b|compared (?:to|with)|as opposed to|rather than|instead of|unlike|"
    r"distinguish\w*|trade-?offs?)",
    re.IGNORECASE,
)
"""A key point that is itself a contrast: an answer drawing the same line ("ships models rather than publishing
papers") agrees with it."""
_SHORTFALL_POINT = re.compile(
    r"\b(underestimat\w*|overlook\w*|neglect\w*|forg[oe]t\w*|failed to|failing to|lack of|did ?n[o']t account)",
    re.IGNORECASE,
)
"""A key point about something not done or not counted ("underestimating integration testing"): an answer saying
what was not done ("I planned the model work and not the integration testing") makes the point rather than denying
it."""
_POSSIBILITY_POINT = re.compile(r"\b(possible|possibly|can|could|may|might|optional(?:ly)?|an option)\b", re.IGNORECASE)
"""A key point that says something is possible or an option rather than what to do."""
_NEXT_STEP = frozenset({"then", "afterward"})
"""Words that open the next step of a sequence: what follows is not said of the step before."""
_CONDITIONAL = frozenset({"assum", "given", "if", "under", "suppos", "condit"})
"""Stems that make what follows a premise, not a claim ("computed assuming the null is true")."""
_COMPARED: tuple[tuple[str, ...], ...] = (
    ("than",),
    ("unlik",),
    ("versus",),
    ("vs",),
    ("compar", "with"),
    ("compar", "to"),
    ("relat", "to"),
    ("oppos", "to"),
)
"""Stems just before a concept's name that make it the thing compared against ("X, compared with Y, reduces
variance"): what follows is said of X, not of Y."""
MAX_GAP = 4
"""Words allowed between the words of one property phrase ("reduces mainly the bias")."""


class WordToken(NamedTuple):
    stem: str
    start: int
    end: int
    negates: bool


_BOUND = frozenset({"more", "less", "fewer", "greater", "higher", "lower", "longer", "over", "above", "below", "under",
                    "beyond", "exceed", "exceeds", "exceeding"})  # fmt: skip
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million half".split()
)
BOUND_REACH = 4
"""Words after a negation within which a comparison with a number makes it a bound, not a denial."""


def _states_a_bound(words: list[str], index: int) -> bool:
    """Whether the negation at `index` opens a bound with a number ("no slice regresses more than two points", "must
    not exceed 100 ms"): it sets a limit on what follows rather than denying it."""
    for at in range(index + 1, min(len(words), index + 1 + BOUND_REACH)):
        if words[at] in _BOUND:
            after = [w for w in words[at + 1 : at + 3] if w != "than"]
            return bool(after) and (after[0][0].isdigit() or after[0] in _NUMBER_WORDS)
    return False


@functools.lru_cache(maxsize=4096)
def word_tokens(text: str) -> tuple[WordToken, ...]:
    """The words of a text with stems, offsets and negation marks; sentences and points recur, so cached."""
    found = []
    matches = list(_TOKEN.finditer(text))
    lowered = [m.group(0).lower().replace("’", "'") for m in matches]
    for index, match in enumerate(matches):
        word = lowered[index]
        following = lowered[index + 1] if index + 1 < len(matches) else ""
        # "not just averages", "not only X but Y": X is granted and something added, not denied.
        negates = (word in _NEGATION or word.endswith("n't")) and following not in _ADDITIVE
        found.append(WordToken(stem(word), match.start(), match.end(), negates and not _states_a_bound(lowered, index)))
    return tuple(found)


@functools.lru_cache(maxsize=8192)
def phrase_stems(phrase: str) -> tuple[str, ...]:
    """The content-word stems of a phrase (all its words if it has no content word); phrases repeat, so cached."""
    words = [m.group(0).lower() for m in _TOKEN.finditer(phrase)]
    content = [w for w in words if w not in STOPWORDS] or words
    return tuple(stem(w) for w in content)


@functools.lru_cache(maxsize=8192)
def _name_stems(name: str) -> tuple[str, ...]:
    """Every word of a concept's name, stemmed."""
    return tuple(stem(m.group(0).lower()) for m in _TOKEN.finditer(name))


def _mentions(tokens: Sequence[WordToken], names: Iterable[str]) -> list[tuple[int, int]]:
    """(first, last) token indices of every mention of any of the names (longest names first)."""
    spans: list[tuple[int, int]] = []
    stems = [t.stem for t in tokens]
    present = set(stems)
    for name in sorted(names, key=lambda n: -len(n)):
        wanted = list(_name_stems(name))
        if not wanted or wanted[0] not in present:
            continue
        for i in range(len(stems) - len(wanted) + 1):
            if stems[i : i + len(wanted)] == wanted and not any(a <= i <= b for a, b in spans):
                spans.append((i, i + len(wanted) - 1))
    return sorted(spans)


def name_mentions(text: str, names: Iterable[str]) -> bool:
    """Whether the text names any of the names (as whole words, stemmed)."""
    return bool(_mentions(word_tokens(text), names))


def _phrase_at(tokens: Sequence[WordToken], start: int, stop: int, phrase: Sequence[str]) -> tuple[int, int] | None:
    """The token indices where the phrase's words begin and end, if they all occur in order in tokens[start:stop]."""
    for first in range(start, stop):
        if tokens[first].stem != phrase[0]:
            continue
        position, ok = first, True
        for word in phrase[1:]:
            window = range(position + 1, min(stop, position + 2 + MAX_GAP))
            nxt = next((j for j in window if tokens[j].stem == word), None)
            if nxt is None:
                ok = False
                break
            position = nxt
        if ok:
            return first, position
    return None


def _compared_against(tokens: Sequence[WordToken], first: int) -> bool:
    """Whether the name starting at token `first` follows "than", "unlike", "compared with" and the like."""
    before = tuple(t.stem for t in tokens[max(0, first - 2) : first])
    return any(before[-len(marker) :] == marker for marker in _COMPARED if len(before) >= len(marker))


def _next_step(text: str, tokens: Sequence[WordToken], index: int) -> bool:
    """Whether token `index` opens the next step of a sequence: "then" or "afterwards" after a comma, semicolon,
    colon or dash, or after "and" that follows one ("X, then Y", "X, and then Y"; in "gives ties one value and then
    skips numbers" the subject goes on)."""
    if tokens[index].stem not in _NEXT_STEP or index == 0:
        return False
    before = index - 1 if tokens[index - 1].stem != "and" or index == 1 else index - 2
    return any(mark in text[tokens[before].end : tokens[before + 1].start] for mark in ",;:—–")


def _compared_between(tokens: Sequence[WordToken], start: int, stop: int) -> bool:
    """Whether "than", "unlike", "instead of", "compared with" and the like stand in tokens[start:stop]: what comes
    after them is the thing compared against."""
    stems = tuple(t.stem for t in tokens[start:stop])
    markers = (*_COMPARED, ("instead",))
    return any(stems[i : i + len(m)] == m for m in markers for i in range(len(stems) - len(m) + 1))


def _joint_subject(tokens: Sequence[WordToken], first: int, mentions: list[tuple[int, int]]) -> bool:
    """Whether the name starting at `first` is the second of two joined ones ("LAG and LEAD read the previous or
    next row"): what follows is said of both together, not of this one alone."""
    joined = first >= 2 and tokens[first - 1].stem in {"and", "or"}
    return joined and any(last == first - 2 for _, last in mentions)


def _claim_mistake(
    text: str, tokens: Sequence[WordToken], mentions: list[tuple[int, int]], confusion: Confusion, claim: ConceptClaims
) -> MistakeFound | None:
    """The first wrong property stated of one concept: after a mention of it, before the next mention of any of
    the confusion's concepts (`mentions`, every name of every concept, longest first)."""
    for first, last in _mentions(tokens, claim.names()):
        if (first, last) not in mentions:
            continue  # part of a longer name of another concept ("union" in "union all")
        if _compared_against(tokens, first) or _joint_subject(tokens, first, mentions):
            continue
        stop = next((a for a, _ in mentions if a > last), len(tokens))
        # The next step of a sequence is said of something else ("shadow traffic, then a gradual rollout").
        stop = next((i for i in range(last + 1, stop) if _next_step(text, tokens, i)), stop)
        for wrong in claim.wrong:
            found = _phrase_at(tokens, last + 1, stop, phrase_stems(wrong))
            if found is None:
                continue
            begin, end = found
            if any(t.negates or t.stem in _CONDITIONAL for t in tokens[last + 1 : end + 1]):
                continue  # said as a denial ("does not reduce bias") or as a premise ("assuming ... true")
            if _compared_between(tokens, last + 1, begin):
                continue  # the property of what it is set against ("AdamW does better than adding L2 to the loss")
            quote = text[tokens[first].start : tokens[end].end]
            return MistakeFound(
                confusion=confusion.id, concept=claim.concept, claim=wrong, quote=quote, correction=confusion.correction
            )
    return None


def find_mistakes(spans: Iterable[Span], confusions: Sequence[Confusion]) -> list[MistakeFound]:
    """Every known confusion stated as fact in the answer, one per confusion and concept, in answer order."""
    found: list[MistakeFound] = []
    seen: set[tuple[str, str]] = set()
    for span in spans:
        tokens = word_tokens(span.text)
        for confusion in confusions:
            mentions = _mentions(tokens, [n for c in confusion.claims for n in c.names()])
            if not mentions:
                continue
            for claim in confusion.claims:
                if (confusion.id, claim.concept) in seen:
                    continue
                mistake = _claim_mistake(span.text, tokens, mentions, confusion, claim)
                if mistake:
                    seen.add((confusion.id, claim.concept))
                    found.append(mistake)
    return found


DENIAL_SHARE = 1 / 3
"""Share of the words a sentence shares with a point that must be negated for the sentence to deny the point."""
NEGATION_REACH = 2
"""How many words before a shared word a negation may stand to deny it ("would not add", "never uses")."""


def denied_stems(text: str, contrasts: bool = True) -> set[str]:
    """Content stems that a negation just before them denies, or that a clause dismisses ("X is overkill", "no need
    for X"), and that are not affirmed elsewhere in the text; with `contrasts` False, "rather than X", "instead of
    X" and "unlike X" do not deny X."""
    tokens = word_tokens(text)
    dismissed = dismissed_ranges(text)
    denied: set[str] = set()
    affirmed: set[str] = set()
    for i, token in enumerate(tokens):
        if token.stem not in STOPWORDS and not token.negates:
            before = tokens[max(0, i - NEGATION_REACH) : i]
            negated = any(p.negates and (contrasts or p.stem not in _CONTRASTIVE) for p in before) or any(
                start <= token.start and token.end <= end for start, end in dismissed
            )
            (denied if negated else affirmed).add(token.stem)
    return denied - affirmed


def negates(point: str, sentence: str, at_least: int = 1) -> bool:
    """The sentence denies something the key point asserts: a word they share is negated in the sentence and not
    in the point ("I would not add residual connections" against "Add residual connections"). Only that way round:
    points often contrast ("running averages, not batch statistics"), and an answer that says the same thing in
    other words ("instead of batch statistics") must not read as denying it. `at_least` words must be denied."""
    if _SHORTFALL_POINT.search(point):
        return False
    point_stems = set(phrase_stems(point))
    shared = point_stems & set(phrase_stems(sentence))
    contrasts = not _CONTRAST_POINT.search(point)
    denied = (denied_stems(sentence, contrasts) - denied_stems(point)) & shared
    # A denial takes a real part of what the point says; one negated word in a side clause ("because there is
    # not enough data") does not deny the point, nor does one word the two happen to share ("instead of fixing the
    # bug for him" against "...instead of one fixed approach"): a sentence about the point shares two of its words, or
    # half of a short point's.
    said = shared - _NEGATION_STEMS  # "instead" in both is not what they share
    about = len(said) >= min(2, math.ceil(len(point_stems - _NEGATION_STEMS) / 2))
    if any(t.negates and t.stem not in _CONTRASTIVE for t in word_tokens(point)):
        # A point that itself says "without", "never" or "not" is often agreed with in other negative words
        # ("almost never exactly zero" against "shrinks toward zero without eliminating any"): one denied word is
        # not enough then.
        at_least = max(at_least, 2)
    if _POSSIBILITY_POINT.search(point):
        # A point that something is possible or an option is not denied by an answer that chooses otherwise ("I'd
        # go with a small recurrent model, not a transformer" against "a small transformer is possible if accuracy
        # requires it"): one denied word is not enough then either.
        at_least = max(at_least, 2)
    return about and len(denied) >= at_least and len(denied) >= DENIAL_SHARE * len(shared)
