"""Coding and SQL problems: what the candidate is shown, the hidden tests their code must pass, and how outputs
compare. Problems are knowledge: they live in knowledge/problems/ as YAML, validated by these models."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from interviewer.domain.questions import Difficulty, Identifier, NonEmpty


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


class Complexity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    time: NonEmpty
    space: NonEmpty


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
    # Python problems
    signature: str = ""
    function: str = ""
    examples: list[Example] = Field(default_factory=list)
    tests: list[Example] = Field(default_factory=list)
    """Hidden tests, never shown before the candidate runs their code."""
    large: list[LargeTest] = Field(default_factory=list)
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
