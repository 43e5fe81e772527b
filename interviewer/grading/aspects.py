"""Round-specific aspects a strong answer touches: system design stages and coding talk-through parts."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel

from interviewer.domain.questions import Round
from interviewer.domain.text import Span

_I = re.IGNORECASE


class Aspect(BaseModel):
    """One aspect of a round's rubric and how to recognise it."""

    name: str
    """Criterion id."""
    label: str
    """How it is shown to the candidate."""
    advice: str
    """What to do when it is missing."""
    pattern: str
    """Regex of cue words and phrases."""
    generic: str = ""
    """Regex of the cues that name the aspect without saying anything about it ("a robust data pipeline", "I'd
    monitor it"): a sentence with only these, and no number, names the aspect and no more."""

    def shown_in(self, text: str) -> bool:
        """Whether the text has one of the aspect's cues (in any case; `re` caches the compiled pattern)."""
        return re.search(self.pattern, text, _I) is not None

    def specific_in(self, text: str) -> bool:
        """Whether the text shows the aspect with a specific cue or a number, not only its generic words."""
        if re.search(r"\d", text):
            return True
        rest = re.sub(self.generic, " ", text, flags=_I) if self.generic else text
        return re.search(self.pattern, rest, _I) is not None


SYSTEM_DESIGN_ASPECTS = [
    Aspect(
        name="requirements",
        label="requirements and clarifying questions",
        advice="Open by clarifying the goal, users, scale (QPS, catalogue size) and latency budget before designing.",
        pattern=r"\b(clarif\w*|requirements?|assum\w*|constraints?|scope|use cases?|how many users|scale|qps|"
        r"traffic|sla|slo|latency budget|what (is|are) the goal|i would ask|i'?d ask|first,? (i|we)'?d? (ask|want|"
        r"need) to (know|understand)|non-functional|functional|dau|mau|\d+\s?(m|k|million|billion) (users|items|"
        r"documents|requests))",
        generic=r"\b(requirements?|scope|scale|constraints?|(non-)?functional|use cases?)\b",
    ),
    Aspect(
        name="metrics",
        label="offline and online metrics",
        advice="Name offline metrics (e.g. recall@k, NDCG, AUC) and the online metric you would A/B test (e.g. CTR).",
        pattern=r"\b(metrics?|precision|recall|ndcg|map@?\w*|mrr|auc|f1|ctr|click-?through|conversion|engagement|"
        r"retention|a/?b test\w*|online (metric|evaluation)|offline (metric|evaluation)|guardrail|dwell time|"
        r"revenue|false positive rate|hit rate|recall@\w+)",
        generic=r"\b(metrics?|engagement|revenue|conversion|retention)\b",
    ),
    Aspect(
        name="data",
        label="data and labels",
        advice="Say where training data and labels come from, how features are built, and how you avoid leakage.",
        pattern=r"\b(data|dataset|labels?|labell?ing|logs?|features?|feature store|training set|ground truth|"
        r"annotat\w*|negative sampling|implicit feedback|explicit feedback|interactions|events|etl|pipeline|"
        r"embeddings? of)",
        generic=r"\b(data|dataset|features?|pipelines?|logs?|events|labels?)\b",
    ),
    Aspect(
        name="model",
        label="model choice",
        advice="Propose a simple baseline, then the model you would ship and why "
        "(e.g. two-tower retrieval + GBDT ranker).",
        pattern=r"\b(model|baseline|two-?tower|gbdt|xgboost|lightgbm|logistic regression|neural|transformer|bert|"
        r"collaborative filtering|matrix factori[sz]ation|ranker|ranking model|classifier|cross-?encoder|"
        r"bi-?encoder|heuristic|rules?-based|embedding model|candidate generation|retrieval stage)",
        generic=r"\b(models?|neural|classifier|heuristic|baseline)\b",
    ),
    Aspect(
        name="serving",
        label="serving and latency",
        advice="Explain how predictions are served: online vs batch, caching, ANN index, and the p99 latency budget.",
        pattern=r"\b(serv(e|ing)|latency|throughput|p9[59]|real-?time|online inference|batch (prediction|scoring|"
        r"inference)|cache|caching|ann\b|approximate nearest|hnsw|faiss|index|deploy\w*|endpoint|api|"
        r"microservice|kubernetes|gpu|cpu|quantiz\w*|distill\w*|streaming|kafka|precompute\w*)",
        generic=r"\b(serv(e|ing)|deploy\w*|api|endpoint|real-?time|streaming|latency|infrastructure)\b",
    ),
    Aspect(
        name="monitoring",
        label="monitoring and iteration",
        advice="Close with monitoring (data and prediction drift, business metrics, alerts) and how you would iterate.",
        pattern=r"\b(monitor\w*|drift|alert\w*|dashboards?|retrain\w*|feedback loop|iterat\w*|observability|"
        r"shadow (mode|deploy\w*)|canary|rollback|roll back|post-?launch|degrad\w*|psi\b|kl divergence|"
        r"data quality|next steps?|improve over time)",
        generic=r"\b(monitor\w*|iterat\w*|improve over time|next steps?|dashboards?|data quality|alert\w*)\b",
    ),
]

CODING_ASPECTS = [
    Aspect(
        name="approach",
        label="approach and pattern",
        advice="State the approach before coding: brute force first, then the pattern that improves it.",
        pattern=r"\b(brute[- ]force|naive|approach|pattern|two pointers?|sliding window|hash ?(map|set|table)|"
        r"dictionary|counter|heap|priority queue|bfs|breadth[- ]first|dfs|depth[- ]first|binary search|"
        r"dynamic programming|\bdp\b|memo\w*|tabulation|greedy|stack|queue|deque|sort(ing|ed)?|prefix sums?|"
        r"union[- ]find|recursion|recursive|backtrack\w*|fast and slow|tortoise|monotonic)",
    ),
    Aspect(
        name="complexity",
        label="complexity stated",
        advice="Give time and space complexity for your final solution, e.g. O(n) time and O(1) extra space.",
        # Spoken as well as written: "n times k log k", "k log k per word", "linear in n", "order n squared".
        pattern=r"(\bO\s*\([^)]{1,20}\)|\b(linear|quadratic|logarithmic|constant|exponential|n log n) "
        r"(time|space|memory|extra space)|\btime complexity\b|\bspace complexity\b|\bbig[- ]o\b|"
        r"\b[a-z] log [a-z]\b|\b[a-z] (times|by) [a-z]\b|\b(linear|quadratic|logarithmic) in\b|"
        r"\b(in|runs in|takes) (linear|quadratic|logarithmic|constant) time\b|\border( of)? [a-z]( squared)?\b|"
        r"\b[a-z] squared\b)",
    ),
    Aspect(
        name="edge_cases",
        label="edge cases",
        advice="Name the edge cases you handle: empty input, one element, duplicates, negatives, overflow, ties.",
        pattern=r"\b(edge cases?|corner cases?|empty (input|array|list|string)|single element|one element|"
        r"duplicates?|negative (numbers|values)|zero|null|none\b|overflow|ties?|out of bounds|off[- ]by[- ]one|"
        r"boundary|invalid input|no solution|cycle)",
    ),
    Aspect(
        name="testing",
        label="testing",
        advice="Say how you would test: walk a small example by hand, then the edge cases, then a randomised check.",
        pattern=r"\b(tests?|testing|unit tests?|assert\w*|walk (through|thru)|dry[- ]run|trace through|"
        r"example input|for example,? (if|with|given)|sanity check|verify|brute[- ]force (check|comparison)|"
        r"randomi[sz]ed test|property[- ]based)",
    ),
]


ROUND_ASPECTS: dict[Round, list[Aspect]] = {
    Round.SYSTEM_DESIGN: SYSTEM_DESIGN_ASPECTS,
    Round.CODING: CODING_ASPECTS,
    Round.SQL: CODING_ASPECTS,
}
"""The rounds whose answers are checked for aspects, and which."""


_ASKS_FOR_A_DESIGN = re.compile(
    r"^\W*(?:(?:how would you|how do you|how would we|can you|could you|would you|let'?s|please|now)\s+)?"
    r"(?:design|architect|build|sketch|propose)\b|\bwalk me through (?:the|a|your) (?:design|architecture)\b",
    _I,
)
"""A question that asks for a whole design ("Design a semantic search system...", "How would you build ..."), as
opposed to one about a part of one ("Your p99 latency is 400 ms: how do you bring it down?")."""


def asks_for_a_design(question: str) -> bool:
    """Whether a system design question asks for a whole design, so requirements, data, model, serving, metrics and
    monitoring are all expected."""
    return bool(_ASKS_FOR_A_DESIGN.search(question))


_ASKS_TO_SOLVE = re.compile(
    r"\b(given|return|returns|find|count|compute|determine|implement|write|query|how many (distinct )?ways)\b", _I
)
"""A coding question that poses a problem ("Given ..., return ...", "Write a query ..."), as opposed to one about how
the candidate works ("You've finished with eight minutes left and suspect a bug: what do you do?")."""


def asks_to_solve(question: str) -> bool:
    """Whether a coding question poses a problem, so approach, complexity, edge cases and testing are expected."""
    return bool(_ASKS_TO_SOLVE.search(question))


def aspects_for(round_: Round, follow_up: bool = False, question: str | None = None) -> list[Aspect]:
    """The aspects an answer in this round is checked for; none for a follow-up, which is judged on its one point.
    A system design question about one part of a system (diagnosing tail latency, an A/B test that interferes) is
    judged on its key points, not on the whole-design checklist: naming every stage is not an answer to it, and a
    strong answer that stays on the question should not lose for leaving the rest out. `question` None means the
    round's full list."""
    if follow_up:
        return []
    if round_ == Round.SYSTEM_DESIGN and question is not None and not asks_for_a_design(question):
        return []
    if round_ in (Round.CODING, Round.SQL) and question is not None and not asks_to_solve(question):
        return []  # a question about how one works in the round is judged on its key points, as above
    return ROUND_ASPECTS.get(round_, [])


def find_aspects(
    aspects: list[Aspect], spans: Iterable[Span], wrong: Iterable[str] = (), on_point: dict[str, float] | None = None
) -> dict[str, str | None]:
    """For each aspect, the sentence of the answer that shows it best (or None): of those naming it specifically, the
    one closest to the key points (`on_point`: each sentence's best similarity to them) or else the first; else the
    first naming it at all. A sentence holding a claim shown wrong (`wrong`: quotes of found mistakes and of
    contradicted key points) shows no aspect: a wrong complexity is not a complexity analysis."""
    quotes = [q for q in wrong if q]
    sentences = [s for s in spans if not any(q in s.text or s.text in q for q in quotes)]
    found: dict[str, str | None] = {}
    for aspect in aspects:
        showing = [s.text for s in sentences if aspect.shown_in(s.text)]
        specific = [t for t in showing if aspect.specific_in(t)]
        if on_point:
            specific.sort(key=lambda t: -on_point.get(t, 0.0))  # stable: the first of equals stays first
        found[aspect.name] = specific[0] if specific else showing[0] if showing else None
    return found
