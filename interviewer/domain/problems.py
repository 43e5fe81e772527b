"""Coding and SQL problems: what the candidate is shown, the hidden tests their code must pass, and how outputs
compare. Problems are knowledge: they live in knowledge/problems/ as YAML, validated by these models."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from interviewer.domain.questions import Difficulty, Identifier, Mistake, NonEmpty, Question, Round, Topic, reveals


class ProblemKind(StrEnum):
    """DSA in Python, ML coding in Python (numpy allowed), or SQL on the shared schema."""

    DSA = "dsa"
    ML = "ml"
    SQL = "sql"


class Compare(StrEnum):
    """How a function's output is compared with the expected one."""

    EXACT = "exact"
    UNORDERED = "unordered"
    """Same elements as multisets, in any order."""
    FLOAT = "float"
    """Numbers (or nested lists of numbers) equal within the problem's tolerance, absolute or relative."""
    NESTED_UNORDERED = "nested_unordered"
    """A list of lists in which neither the outer nor the inner order matters."""
    PAIR_SUM = "pair_sum"
    """Two different indices whose values sum to the target (two-sum: any valid pair, in any order)."""


class Example(BaseModel):
    """One call: keyword arguments and the expected return value."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    """What the case checks (an edge case's name); empty for the statement's examples."""
    args: dict[str, Any]
    expected: Any
    explanation: str = ""


class LargeTest(BaseModel):
    """A performance test: `setup` (our deterministic Python) builds `args`; the reference's output is expected, and
    the candidate's call must finish within `seconds` (a solution of the wrong complexity cannot)."""

    model_config = ConfigDict(extra="forbid")

    name: NonEmpty
    setup: NonEmpty
    seconds: float = Field(gt=0, le=30)


class GrowthSpec(BaseModel):
    """Rising input sizes for measuring how a solution's time grows: `setup` (our deterministic Python, with `n`
    defined) builds `args` for each size."""

    model_config = ConfigDict(extra="forbid")

    sizes: list[int] = Field(min_length=3, max_length=8)
    setup: NonEmpty

    @model_validator(mode="after")
    def _rising(self) -> GrowthSpec:
        if any(b <= a for a, b in zip(self.sizes, self.sizes[1:], strict=False)) or self.sizes[0] < 1:
            raise ValueError("growth sizes must be positive and strictly rising")
        return self


class Complexity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    time: NonEmpty
    space: NonEmpty


TALK_POINTS = 6
"""The most key points a talk-through is graded on (the first ones listed, then the complexity if there is room)."""


class Problem(BaseModel):
    """A coding or SQL problem."""

    model_config = ConfigDict(extra="forbid")

    id: Identifier
    kind: ProblemKind
    title: NonEmpty
    pattern: NonEmpty
    """The technique it practises: "sliding window", "top-N per group", ..."""
    difficulty: Difficulty
    statement: NonEmpty
    key_points: list[NonEmpty] = Field(min_length=1)
    """What a strong talk-through says (approach, invariant, complexity, edge cases)."""
    mistakes: list[Mistake] = Field(default_factory=list)
    """Wrong claims candidates commonly make about it, each with its correction (and the key point it contradicts):
    found in a talk-through as in any bank question's answer."""
    # Python problems
    signature: str = ""
    function: str = ""
    examples: list[Example] = Field(default_factory=list)
    tests: list[Example] = Field(default_factory=list)
    """Hidden tests, never shown before the candidate runs their code."""
    large: list[LargeTest] = Field(default_factory=list)
    growth: GrowthSpec | None = None
    """Sizes on which Submit times the candidate's function, to set its measured growth beside the stated one."""
    compare: Compare = Compare.EXACT
    tolerance: float = Field(1e-6, gt=0, le=1)
    reference: NonEmpty
    """The reference solution (Python function or SQL query): used by our checks only, never shown."""
    naive: str = ""
    """A correct solution of the wrong complexity (Python): our tests prove the large inputs reject it."""
    complexity: Complexity | None = None
    # SQL problems
    ordered: bool = False
    """SQL: the statement asks for an order, so rows compare in order."""
    wrong: str = ""
    """SQL: a plausible wrong query; our tests prove the seed data tells it from the reference."""

    @model_validator(mode="after")
    def _mistakes_name_graded_points(self) -> Problem:
        beyond = [m.against for m in self.mistakes if m.against and m.against > min(len(self.key_points), TALK_POINTS)]
        if beyond:
            raise ValueError(f"a mistake is against key point {beyond[0]}, which the talk-through is not graded on")
        return self

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Problem:
        if self.kind == ProblemKind.SQL:
            return self
        if not (self.signature.startswith(f"def {self.function}(") and self.function.isidentifier()):
            raise ValueError("a Python problem needs `function` and a `signature` that defines it")
        if not self.examples or not self.tests:
            raise ValueError("a Python problem needs examples and hidden tests")
        if f"def {self.function}(" not in self.reference:
            raise ValueError(f"the reference does not define {self.function}")
        return self


TARGET_MINUTES = {Difficulty.EASY: 15, Difficulty.MEDIUM: 30, Difficulty.HARD: 45}
"""The guides' time targets for solving a problem (easy under 15 minutes, medium under 30)."""


def problem_round(problem: Problem) -> Round:
    """DSA and ML-coding problems are asked in the coding round; SQL problems in the SQL round."""
    return Round.SQL if problem.kind == ProblemKind.SQL else Round.CODING


def pattern_topic_id(pattern: str) -> str:
    """The topic id of a pattern: "top-N per group" becomes "pattern-top-n-per-group"."""
    return "pattern-" + re.sub(r"[^a-z0-9]+", "-", pattern.lower()).strip("-")


def pattern_topics(problems: dict[str, Problem]) -> dict[str, Topic]:
    """One topic per pattern, so reports average and recommend by pattern."""
    topics = {}
    for problem in problems.values():
        topic_id = pattern_topic_id(problem.pattern)
        area = "sql" if problem.kind == ProblemKind.SQL else "coding"
        title = problem.pattern[0].upper() + problem.pattern[1:]
        topics[topic_id] = Topic(id=topic_id, title=title, round=problem_round(problem), area=area)
    return topics


def _call(problem: Problem, args: dict[str, Any]) -> str:
    return f"{problem.function}({', '.join(f'{k}={json.dumps(v)}' for k, v in args.items())})"


def problem_text(problem: Problem) -> str:
    """What the candidate is shown: title, difficulty and time target, statement, signature and examples."""
    minutes = TARGET_MINUTES[problem.difficulty]
    lines = [f"{problem.title} ({problem.difficulty.value}, {problem.pattern}; aim for under {minutes} minutes)",
             "", problem.statement.strip()]  # fmt: skip
    if problem.kind == ProblemKind.SQL:
        lines += ["", "Write one SQL query (SQLite). Run shows its rows (EXPLAIN QUERY PLAN works too); Submit checks "
                  "the result against the expected one."]  # fmt: skip
        return "\n".join(lines)
    lines += ["", "```python", problem.signature.strip(), "```", "", "Examples:"]
    for example in problem.examples:
        lines.append(f"- `{_call(problem, example.args)}` returns `{json.dumps(example.expected)}`")
    lines += ["", "Write the function in the editor; Run tries the examples, and Submit runs the hidden tests. "
              "Talk through your approach and its time and space complexity in the answer box."]  # fmt: skip
    return "\n".join(lines)


def problem_question(problem: Problem) -> Question:
    """The problem as a bank question: asked as its statement, its talk-through graded against its key points."""
    points = list(problem.key_points)
    if problem.complexity is not None and len(points) < TALK_POINTS:
        points.append(f"Time complexity {problem.complexity.time}, space {problem.complexity.space}.")
    points, text = points[:TALK_POINTS], problem_text(problem)
    probes, hints = _talk_prompts(problem.kind == ProblemKind.SQL)
    kinds = [_point_kind(point) for point in points]
    # A probe or hint that happens to share most of a short point's words would hand it over: that point gets none.
    fair = [not (reveals(p, text, probes[k]) or reveals(p, text, hints[k])) for p, k in zip(points, kinds, strict=True)]
    return Question(
        id=problem.id,
        round=problem_round(problem),
        topic=pattern_topic_id(problem.pattern),
        difficulty=problem.difficulty,
        question=text,
        key_points=points,
        mistakes=problem.mistakes,
        probes={i + 1: probes[kind] for i, kind in enumerate(kinds) if fair[i]},
        hints={i + 1: hints[kind] for i, kind in enumerate(kinds) if fair[i]},
    )


def _point_kind(point: str) -> str:
    """Which part of a talk-through a key point belongs to: its complexity, its edge cases, or its approach."""
    lowered = point.lower()
    if "complexity" in lowered or re.search(r"\bO\(", point):
        return "complexity"
    if re.search(r"\b(edge|empty|null|nulls|tie|ties|duplicate|duplicates|zero|negative|overflow)\b", lowered):
        return "edge"
    return "approach"


def _talk_prompts(sql: bool) -> tuple[dict[str, str], dict[str, str]]:
    """What an interviewer asks (probes) and nudges (hints) about each part of a talk-through: a coding problem's
    follow-ups are about the idea, the inputs that break it, and its cost, never the answer itself."""
    if sql:
        return (
            {"approach": "Walk me through how your query gets from the raw rows to the result: what does each step "
                         "compute?",
             "edge": "Which rows could trip this query up, and how does it treat them?",
             "complexity": "How would this query behave on tables a thousand times larger, and what would you look "
                           "for in its plan?"},
            {"approach": "Build it in steps, one CTE per step, and check each step's rows before the next.",
             "edge": "Look at the sample rows for the awkward ones: missing values, equal values, repeated rows.",
             "complexity": "Think about which steps read a whole table and which could use an index."},
        )  # fmt: skip
    return (
        {"approach": "What is the key idea that makes your solution correct, and what does it keep true as it goes?",
         "edge": "Which inputs would break a first attempt at this, and how does your code handle them?",
         "complexity": "How do the running time and the memory of your solution grow with the input, and why?"},
        {"approach": "Think about what you would need to remember as you pass over the input once.",
         "edge": "Try the smallest and the most repetitive inputs you can think of by hand.",
         "complexity": "Count how many times each element is touched, and what you keep in memory meanwhile."},
    )  # fmt: skip
