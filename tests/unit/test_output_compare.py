"""How a solution's output is compared with the expected one, rule by rule."""

from __future__ import annotations

from interviewer.coding.cases import same_output
from interviewer.domain.problems import Compare, Problem

BASE = {
    "id": "p", "kind": "dsa", "title": "P", "pattern": "hash map", "difficulty": "easy", "statement": "S",
    "key_points": ["k"], "signature": "def f(nums: list[int], target: int) -> list[int]", "function": "f",
    "examples": [{"args": {}, "expected": 1}], "tests": [{"args": {}, "expected": 1}],
    "reference": "def f(nums, target):\n    return []",
}  # fmt: skip


def _problem(compare: Compare, tolerance: float = 1e-6) -> Problem:
    return Problem.model_validate({**BASE, "compare": compare, "tolerance": tolerance})


def test_exact_and_float() -> None:
    assert same_output(_problem(Compare.EXACT), None, [1, 2], [1, 2])
    assert not same_output(_problem(Compare.EXACT), None, [1, 2], [2, 1])
    floats = _problem(Compare.FLOAT)
    assert same_output(floats, None, [0.1 + 0.2, [1.0]], [0.3, [1.0000000001]])
    assert not same_output(floats, None, [0.3], [0.31]) and not same_output(floats, None, [0.3], [0.3, 0.0])
    assert not same_output(floats, None, 1.0, None) and not same_output(floats, None, True, 1.0)


def test_unordered_and_nested_unordered() -> None:
    assert same_output(_problem(Compare.UNORDERED), None, [1, 2, 2], [2, 1, 2])
    assert not same_output(_problem(Compare.UNORDERED), None, [1, 2, 2], [1, 2])
    nested = _problem(Compare.NESTED_UNORDERED)
    assert same_output(nested, None, [["a", "b"], ["c"]], [["c"], ["b", "a"]])
    assert not same_output(nested, None, [["a", "b"], ["c"]], [["a"], ["b", "c"]])


def test_pair_sum_accepts_any_valid_pair_and_nothing_else() -> None:
    pair = _problem(Compare.PAIR_SUM)
    args = {"nums": [3, 2, 4, 3], "target": 6}
    assert same_output(pair, args, [1, 2], [2, 1]) and same_output(pair, args, [1, 2], [0, 3])
    assert not same_output(pair, args, [1, 2], [0, 0])  # the same element twice
    assert not same_output(pair, args, [1, 2], [0, 1]) and not same_output(pair, args, [1, 2], [1, 9])
    assert not same_output(pair, args, [1, 2], "1,2") and not same_output(pair, args, [1, 2], [True, 2])


def test_pair_sum_on_a_large_case_matches_the_reference_pair() -> None:
    pair = _problem(Compare.PAIR_SUM)  # a large case's arguments are built inside the sandbox: none outside
    assert same_output(pair, None, [4, 9], [9, 4]) and not same_output(pair, None, [4, 9], [4, 8])
