"""Wrong per-operation costs: a clause that names a standard operation ("heap pushes", "each insertion into a hash
map") with a bound the operation does not have ("are O(1)", "costs log n"), checked against
knowledge/operation_costs.yaml. A wrong bound for a basic operation usually carries a wrong total with it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from interviewer.domain.confusions import Cost, MistakeFound, OperationCost
from interviewer.domain.text import Span

_CLAUSE = re.compile(r"[,;:]|—|\s-\s|\b(?:and|but|so|because|since|while|whereas|which|then)\b", re.IGNORECASE)
"""What separates clauses: each cost is read within one clause, so a bound is not pinned on an operation named in
the next one ("count with a dict, then push into a heap of size k in O(log k)")."""

_CONSTANT = re.compile(r"\bO\(\s*1\s*\)|\bconstant[- ]time\b", re.IGNORECASE)
_LOGARITHM = re.compile(
    r"\blogarithmic\b|\blog\s*(?:_?\d+\s*)?(?:\(\s*[nkmh]\s*\)|[nkmh]\b)|\blog[nkmh]\b", re.IGNORECASE
)
_MULTIPLIED = re.compile(r"(?:\b[a-z]|\d|\))\s*[·*×]?\s*(?:O\(\s*)?$", re.IGNORECASE)
"""What stands before "log n" when it is multiplied: "n log n", "O(m log k)", "2·log n"; a total, not one
operation's cost."""

_NOT_JUDGED = re.compile(
    r"\b(not|n't|never|no|rather|instead|unlike|versus|vs|space|memory|deep|depth|frames?|extra|amortized|amortised|"
    r"worst[- ]case|average|expected|peek|top|smallest|largest|minimum|maximum|(?:min|max)(?![- ]?heap))\b",
    re.IGNORECASE,
)
"""A clause that denies or contrasts ("not O(1)", "O(1) instead of O(log n)"), speaks of space or stack depth, hedges
the bound (amortized, worst case, on average: the fine print of a cost, which this check does not referee), or reads
a heap's top (O(1), unlike a pop) is not judged."""

_IN_BRACKETS = re.compile(r"\([^()]*\)")


def _clauses(sentence: str) -> list[str]:
    """The sentence's clauses; separators inside brackets ("insert(0, x)") do not split."""
    masked = _IN_BRACKETS.sub(lambda m: m.group(0).replace(",", "\x00").replace(";", "\x01"), sentence)
    return [c.replace("\x00", ",").replace("\x01", ";") for c in _CLAUSE.split(masked) if c and c.strip()]


def _per_operation_bound(clause: str) -> Cost | None:
    """The one per-operation bound a clause states, constant or logarithmic; None when it states none, both, or a
    logarithm multiplied by a count ("n log n" is a total)."""
    logarithms = list(_LOGARITHM.finditer(clause))
    if any(_MULTIPLIED.search(clause[: m.start()]) for m in logarithms):
        return None
    constant = _CONSTANT.search(clause) is not None
    if constant == bool(logarithms):
        return None
    return "1" if constant else "log"


@functools.lru_cache(maxsize=256)
def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a list of phrases, each as whole words ("set" is not "setting"; "insert(0" keeps its
    bracket)."""
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _named(clause: str, cost: OperationCost) -> bool:
    """Whether the clause names the structure and, when the entry lists any, one of its operations."""
    structures = _phrases(tuple(cost.structures))
    operations = _phrases(tuple(cost.operations))
    if structures is None or not structures.search(clause):
        return False
    return operations is None or operations.search(clause) is not None


def _wrong_cost(clause: str, costs: Sequence[OperationCost]) -> OperationCost | None:
    """The entry whose operation the clause gives a wrong bound for: exactly one entry named (a clause about a dict
    and a heap at once is not pinned on either), a per-operation bound stated, and not one the operation has."""
    if _NOT_JUDGED.search(clause):
        return None
    named = [c for c in costs if _named(clause, c)]
    if len(named) != 1:
        return None
    bound = _per_operation_bound(clause)
    entry = named[0]
    if bound is None or bound == entry.cost or bound in entry.also:
        return None
    return entry


def find_cost_claims(spans: Iterable[Span], costs: Sequence[OperationCost]) -> list[MistakeFound]:
    """Every wrong per-operation cost the answer states, one per operation, quoting its sentence."""
    found: list[MistakeFound] = []
    seen: set[str] = set()
    for span in spans:
        for clause in _clauses(span.text):
            entry = _wrong_cost(clause, costs)
            if entry is not None and entry.id not in seen:
                seen.add(entry.id)
                found.append(
                    MistakeFound(concept=entry.id, claim=entry.claim, quote=span.text, correction=entry.correction)
                )
    return found
