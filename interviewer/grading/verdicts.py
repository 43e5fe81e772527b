"""Why a sentence close to a key point may still not credit it: it states a known wrong claim of the question,
gives another number for the point's result, or says the point of the concept it is confused with."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import NamedTuple

from interviewer.domain.confusions import Confusion, MistakeFound
from interviewer.domain.questions import Mistake
from interviewer.domain.text import STOPWORDS, Span, content_stems, stem
from interviewer.grading.mistakes import denied_stems, name_mentions, negates, phrase_stems, word_tokens
from interviewer.grading.numbers import NUMBER

CosineFn = Callable[[Sequence[float], Sequence[float]], float]

CLAIM_SIMILARITY = 0.6
"""A sentence must be at least this close to a known wrong claim (cosine, all-MiniLM-L6-v2) to be read as it..."""
CLAIM_OVER_POINT = 0.02
"""...and closer to it than to every key point of the question by more than this: when a claim and a right point
differ by one swapped word, a right sentence can sit a hair nearer the claim, and a false accusation costs a
candidate more than a missed one..."""
CLAIM_MARGIN = 0.03
"""...closer to the wrong claim than to the same sentence made true by at least this much..."""
CLAIM_SHARED = 0.25
"""...and repeat at least this share of the words the claim and its correction share (what the claim is about)."""
CLAIM_WORDS_MARGIN = -0.02
"""The margin asked instead when the words decide on their own: two or more, and two thirds or more, of the words
only the claim has are in the sentence (embeddings score "a set of t's characters" and "a count map of t's
characters" alike, so the margin is then only kept from going the other way)."""
SWAP_OVERLAP = 0.5
"""Share of a key point's other words a sentence must repeat, with the other concept named, to swap its roles."""


_TERM = re.compile(r"[A-Za-z][A-Za-z0-9'’]*[A-Za-z0-9]|[A-Za-z]")
"""A word that may carry digits, as technical terms do (L1, F1, p99, int8)."""


def _term_stems(text: str) -> list[str]:
    return [stem(w) for w in (m.group(0).lower() for m in _TERM.finditer(text)) if w not in STOPWORDS and len(w) > 1]


def _terms(text: str) -> set[str]:
    """Content stems and numbers: what a wrong claim and its correction differ by ("bias" / "variance", 0.2 / 0.32)."""
    numbers = {m.group(1).replace(",", "") for m in NUMBER.finditer(text)}
    return set(_term_stems(text)) | numbers


_CLAUSE = re.compile(r"[,;:()]|\b(?:and|while|whereas|but|or|than|versus|vs)\b", re.IGNORECASE)


def _paired_terms(text: str) -> set[str]:
    """Pairs of content stems said in the same clause: what a claim and its correction differ by when they swap
    two words ("L1 ... Gaussian prior and L2 ... Laplace prior")."""
    pairs: set[str] = set()
    for clause in _CLAUSE.split(text):
        stems = sorted(set(_term_stems(clause)))
        pairs |= {f"{a}+{b}" for a, b in combinations(stems, 2)}
    return pairs


_LITERAL_CALL = re.compile(r"\b(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\(\s*(-?\d+)\s*\)")
"""A call with a literal number for its argument, after any dotted receiver: list.pop(0), pop(-1)."""


def _code_terms(text: str) -> set[str]:
    """Terms with each literal call (list.pop(0)) read as one: "pop(0)", not the words list, pop and 0, which a
    sentence saying "pop that many nodes into a level list" also has."""
    calls = list(_LITERAL_CALL.finditer(text))
    rest = _LITERAL_CALL.sub(" ", text)
    return _terms(rest) | {f"{m.group(1).lower()}({m.group(2)})" for m in calls}


def _difference(claim: str, correction: str, sentence: str) -> tuple[set[str], set[str], set[str], set[str]]:
    """(only in the claim, only in the correction, in both, in the sentence), by words, or by word order when the
    two use the same words."""
    wrong, right = _code_terms(claim), _code_terms(correction)
    if wrong == right:
        wrong, right = _paired_terms(claim), _paired_terms(correction)
        return wrong - right, right - wrong, set(), _paired_terms(sentence)
    return wrong - right, right - wrong, wrong & right, _code_terms(sentence)


_POLAR_PAIRS = (
    ("high", "low"),
    ("higher", "lower"),
    ("larg", "small"),
    ("larger", "smaller"),
    ("increas", "decreas"),
    ("increas", "reduc"),
    ("rais", "lower"),
    ("better", "wors"),
    ("faster", "slower"),
)


def _opposites(pairs: Sequence[tuple[str, str]]) -> dict[str, set[str]]:
    """Each word of the pairs with the words it is paired against, either way round."""
    out: dict[str, set[str]] = {}
    for a, b in pairs:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


_OPPOSITE_OF = _opposites(_POLAR_PAIRS)
"""Stems of words of degree or direction and their opposites."""
_OPPOSITE_OF_OWN = _opposites((*_POLAR_PAIRS, ("constant", "grow")))
"""...and for a word only the claim has, which is what makes it wrong, also "constant" against "grows" (a word both
share may be said of something else: "attention over a growing context needs constant memory")."""


def _turned_round(shared: set[str], own: set[str], said: set[str]) -> bool:
    """Whether the sentence turns round a word of degree of the claim (`shared` with its correction, or its `own`): it
    says "high" where the claim says "low" and never says "low" ("if training error is high, it's a bias problem"
    against "a model with high bias has low training error and a large gap"; "attention's memory grows with the
    context" against "...needs constant memory")."""
    turned = any(_OPPOSITE_OF.get(word, set()) & said for word in shared - said)
    return turned or any(_OPPOSITE_OF_OWN.get(word, set()) & said for word in own - said)


_UNIVERSAL = frozenset({"alway", "never", "everi"})
"""Stems that make a claim hold in every case ("always uses O(log n) stack space")."""
_CASES = re.compile(r"\b(but|however|whereas|unless|except|although|though|otherwise|depends|only if)\b", re.IGNORECASE)
"""Words that set one case against another ("O(log n) for a balanced tree, but O(n) for a degenerate one")."""


def _splits_cases(only_wrong: set[str], said: set[str], sentence: str) -> bool:
    """Whether the claim is wrong for saying "always" (or "never", "every") and the sentence, without that word,
    sets one case against another: it says when the claim's property holds, which is the correction's point."""
    universal = only_wrong & _UNIVERSAL
    return bool(universal) and not universal & said and _CASES.search(sentence) is not None


def _says_claim(sentence: str, mistake: Mistake, to_claim: float, to_correction: float) -> bool:
    """The sentence states the wrong claim. Embeddings barely tell "reduces bias" from "reduces variance", so the
    words decide: the sentence uses at least half the words only the claim has, none that only the correction has,
    some of what both say, and keeps the claim's polarity ("no fresh oranges" is not "fresh oranges are left")."""
    only_wrong, only_right, shared, said = _difference(mistake.claim, mistake.correction, sentence)
    hits = len(only_wrong & said)
    # Swapped word order ("L1 ... Gaussian, L2 ... Laplace") is invisible to the embedding: no margin is asked then.
    margin = CLAIM_MARGIN if shared else float("-inf")
    if shared and hits >= 2 and 3 * hits >= 2 * len(only_wrong):
        margin = CLAIM_WORDS_MARGIN
    if to_claim < CLAIM_SIMILARITY or to_claim - to_correction < margin:
        return False
    # By word order, every pairing that only the claim makes must be there; by words, at least half of them.
    needed = len(only_wrong) if not shared else (len(only_wrong) + 1) // 2
    if not only_wrong or only_right & said or hits < needed:
        return False  # no word tells the claim from its correction, or the sentence says the right one
    if shared and len(shared & said) < CLAIM_SHARED * len(shared):
        return False
    if (denied_stems(mistake.claim) & _terms(sentence)) - denied_stems(sentence):
        return False
    if (only_wrong & denied_stems(sentence)) - denied_stems(mistake.claim):
        return False  # it denies what makes the claim wrong ("this isn't overfitting" against "...is overfitting")
    if _turned_round(shared, only_wrong, said) or _splits_cases(only_wrong, said, sentence):
        return False
    return not negates(mistake.claim, sentence)


def find_known_claims(
    spans: Sequence[Span],
    sentence_vecs: Sequence[Sequence[float]],
    mistakes: Sequence[Mistake],
    claim_vecs: Sequence[Sequence[float]],
    point_vecs: Sequence[Sequence[float]],
    cosine: CosineFn,
) -> list[MistakeFound]:
    """The question's known wrong claims that the answer states, each quoted once (the closest sentence). A sentence
    closer to one of the question's key points than to the claim reads as that point, not as the mistake."""
    found: list[MistakeFound] = []
    to_points = [max((cosine(vec, p) for p in point_vecs), default=-1.0) for vec in sentence_vecs]
    for index, mistake in enumerate(mistakes):
        claim_vec, correction_vec = claim_vecs[2 * index], claim_vecs[2 * index + 1]
        best: tuple[float, Span] | None = None
        for span, vec, to_point in zip(spans, sentence_vecs, to_points, strict=False):
            to_claim, to_correction = cosine(vec, claim_vec), cosine(vec, correction_vec)
            if to_claim <= to_point + CLAIM_OVER_POINT:
                continue
            if _says_claim(span.text, mistake, to_claim, to_correction) and (best is None or to_claim > best[0]):
                best = (to_claim, span)
        if best is not None:
            found.append(
                MistakeFound(
                    confusion=mistake.confusion,
                    claim=mistake.claim,
                    quote=best[1].text,
                    correction=mistake.correction,
                    against=mistake.against,
                )
            )
    return found


_BIG_O = re.compile(r"\bO\s*\(([^()]{1,30}(?:\([^()]{1,20}\)[^()]{0,20})*)\)")
_RESOURCE = re.compile(r"\b(time|space|memory)\b", re.IGNORECASE)
_GROWTH = {"1": 0, "logn": 1, "n": 2, "nlogn": 3, "n^2": 4, "n^3": 5, "2^n": 6, "n!": 7}
"""Growth orders of one input size, smallest first; bounds in other terms (m·n, |s| + |t|, amount) are not ranked."""
_IN_WORDS = re.compile(
    r"\b(constant|logarithmic|linear|quadratic)\s+(?:extra\s+|auxiliary\s+|additional\s+)?(time|space|memory)\b",
    re.IGNORECASE,
)
_WORD_BOUND = {"constant": "1", "logarithmic": "logn", "linear": "n", "quadratic": "n^2"}


def _normal_bound(expression: str) -> str:
    """A big-O expression in one spelling: no spaces or multiplication signs, len(s) and |s| as s, n² as n^2,
    log(n) as logn, the terms of a sum in order (O(|s| + |t|) is O(len(t) + len(s)))."""
    text = expression.lower().replace("²", "^2").replace("³", "^3")
    text = re.sub(r"\blen\s*\(\s*(\w+)\s*\)|\|\s*(\w+)\s*\|", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"\blog\s*\(\s*(\w+)\s*\)", r"log\1", text)
    text = re.sub(r"[\s*·×]", "", text)
    return "+".join(sorted(text.split("+"))) if "(" not in text else text


@functools.lru_cache(maxsize=8192)
def _bounds_said(text: str, unnamed: str | None = None) -> dict[str, tuple[str, str]]:
    """The big-O bounds a text gives, normalised, by resource (time or space): the resource named right after the
    bound ("O(n) space") or else right before it ("space is O(n)"); a bound with no resource named counts for
    `unnamed` when given. "Linear time" and "constant space" count as O(n) time and O(1) space. Each bound comes
    normalised, with the words that said it."""
    found: dict[str, tuple[str, str]] = {}
    matches = list(_BIG_O.finditer(text))
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        after = re.split(r"[.;,(]|\band\b", text[match.end() : stop])[0]
        before = re.split(r"[.;,)]|\band\b", text[max(0, match.start() - 30) : match.start()])[-1]
        named = _RESOURCE.search(after) or _RESOURCE.search(before)
        resource = named.group(1).lower() if named else unnamed
        if resource:
            found.setdefault("time" if resource == "time" else "space", (_normal_bound(match.group(1)), match.group(0)))
    for match in _IN_WORDS.finditer(text):
        resource = "time" if match.group(2).lower() == "time" else "space"
        found.setdefault(resource, (_WORD_BOUND[match.group(1).lower()], match.group(1)))
    return found


def _bounds(text: str) -> dict[str, tuple[int, str]]:
    """The ranked big-O bounds a text gives for time and for space (a bound with no resource named is not read)."""
    ranked = {resource: (_GROWTH.get(bound), said) for resource, (bound, said) in _bounds_said(text).items()}
    return {resource: (rank, said) for resource, (rank, said) in ranked.items() if rank is not None}


def complexity_agreement(point: str, sentence: str) -> float:
    """The share of the bounds a point states (time, space) that the sentence states the same, in any spelling
    ("O(|s| + |t|)" for "O(len(s) + len(t)) time"); a bound said with no resource named is taken as time, the
    usual meaning. 0 when the point states none. Embeddings barely see notation, so this is read from the text."""
    needed = _bounds_said(point)
    if not needed:
        return 0.0
    said = _bounds_said(sentence, unnamed="time")
    agreed = [resource for resource, (bound, _) in needed.items() if said.get(resource, ("", ""))[0] == bound]
    return len(agreed) / len(needed)


def complexity_conflict(point: str, sentence: str) -> str | None:
    """The sentence claims a cheaper time or space bound than the point's ("O(1) space" where the point needs
    "O(n) space"), as a one-line reason; a looser bound than needed is not wrong, only not tight."""
    needed, claimed = _bounds(point), _bounds(sentence)
    for resource, (rank, said) in claimed.items():
        if resource in needed and rank < needed[resource][0]:
            return f"claims {said} {resource} where {needed[resource][1]} {resource} is needed"
    return None


def role_swap(point: str, sentence: str, confusions: tuple[Confusion, ...]) -> str | None:
    """The sentence says what the point says of one concept, of the concept it is confused with ("boosting mainly
    reduces variance" against "bagging ... mainly reduces variance"), as a one-line reason."""
    for confusion in confusions:
        groups = [claim.names() for claim in confusion.claims]  # each concept's names
        if len(groups) != 2:
            continue  # three-way confusions (RANK, DENSE_RANK, ROW_NUMBER) are compared in one breath, not swapped
        in_point = [i for i, names in enumerate(groups) if name_mentions(point, names)]
        if len(in_point) != 1:
            continue
        in_sentence = [i for i, names in enumerate(groups) if name_mentions(sentence, names)]
        if not in_sentence or in_point[0] in in_sentence:
            continue
        named = {s for names in groups for name in names for s in phrase_stems(name)}
        rest = content_stems(point) - named
        if rest and len(rest & content_stems(sentence)) >= SWAP_OVERLAP * len(rest):
            said, meant = groups[in_sentence[0]][0], groups[in_point[0]][0]
            return f"says of {said} what holds for {meant}: {confusion.correction.rstrip('.')}"
    return None


_OPPOSITE_WORDS = (
    ("left", "right"),
    ("min", "max"),
    ("minimum", "maximum"),
    ("first", "last"),
    ("ascending", "descending"),
    ("asc", "desc"),
    ("upper", "lower"),
    ("largest", "smallest"),
    ("earliest", "latest"),
    ("prefix", "suffix"),
    ("top", "bottom"),
)
"""Words whose swap in one slot names the other tool (bisect_left / bisect_right, a min-heap / a max-heap, the
upper / lower bound). Words of direction (higher / lower, increases / reduces) are left out: a right answer often
turns a point round ("a smaller k lowers bias" for "a larger k raises bias"), flipping two words at once."""
_OPPOSITES = _opposites(_OPPOSITE_WORDS)
_DENIED_BEFORE = 3
"""Words before a term within which a negation makes it a denial ("never a max-heap"), not a claim."""
_AVOID = stem("avoid")


class _Slot(NamedTuple):
    word: str
    around: frozenset[str]
    denied: bool


@functools.lru_cache(maxsize=8192)
def _slots(text: str) -> tuple[_Slot, ...]:
    """Each word (identifiers split: bisect_left, min-heap) with its neighbours' stems, the slot it fills ("bisect"
    for left in bisect_left, "heap" for min in min-heap), and whether a negation (or "avoid") comes just before it.
    Key points and sentences recur across a grade's comparisons, so cached."""
    tokens = word_tokens(text)
    out = []
    for i, token in enumerate(tokens):
        near = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
        around = frozenset(t.stem for t in near if text[t.start : t.end].lower() not in STOPWORDS)
        denied = any(t.negates or t.stem == _AVOID for t in tokens[max(0, i - _DENIED_BEFORE) : i])
        out.append(_Slot(text[token.start : token.end].lower(), around, denied))
    return tuple(out)


def opposite_swap(point: str, sentence: str) -> str | None:
    """The sentence puts the opposite word in one of the point's slots ("bisect_right" where the point says
    "bisect_left", a max-heap for a min-heap) and never the point's own word there, as a one-line reason."""
    said, meant = _slots(sentence), _slots(point)
    for slot in meant:
        opposite = _OPPOSITES.get(slot.word)
        if not opposite or not slot.around:
            continue
        if any(s.word in opposite and s.around & slot.around for s in meant):
            continue  # the point sets the two against each other ("bisect_left versus bisect_right")
        if any(s.word == slot.word and s.around & slot.around for s in said):
            continue  # the point's own word is there, in its slot
        swapped = next((s for s in said if s.word in opposite and s.around & slot.around and not s.denied), None)
        if swapped is not None:
            return f'says "{swapped.word}" where the point says "{slot.word}"'
    return None
