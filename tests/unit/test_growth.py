"""Growth of a solution's time: the big-O a candidate states, the slope fitted over rising sizes, and the verdict."""

from __future__ import annotations

import pytest

from interviewer.coding.growth import exponent_of, fit_exponent, measure_growth, stated_time


@pytest.mark.parametrize(
    ("complexity", "exponent"),
    [("1", 0.0), ("log n", 0.0), ("n", 1.0), ("n log n", 1.0), ("n + m", 1.0), ("V + E", 1.0), ("n^2", 2.0),
     ("n²", 2.0), ("n * m", 2.0), ("n**3", 3.0), ("2^n", 3.0), ("", None)],
)  # fmt: skip
def test_a_stated_complexity_implies_a_slope(complexity: str, exponent: float | None) -> None:
    assert exponent_of(complexity) == exponent


def test_the_time_complexity_is_the_big_o_said_of_time() -> None:
    said = "I keep a hash map, so space is O(n); the time is O(n log n) because of the sort."
    assert stated_time(said) == "O(n log n)"
    assert stated_time("It runs in O(n) overall.") == "O(n)"
    assert stated_time("No complexity here.") is None


def test_the_slope_is_fitted_on_log_scales_from_timeable_calls() -> None:
    sizes = [1000, 2000, 4000, 8000]
    assert fit_exponent(sizes, [0.004, 0.008, 0.016, 0.032]) == pytest.approx(1.0)
    assert fit_exponent(sizes, [0.004, 0.016, 0.064, 0.256]) == pytest.approx(2.0)
    assert fit_exponent(sizes, [0.0001, 0.0001, 0.0002, 0.0002]) is None  # all below the noise floor
    assert fit_exponent(sizes, [0.01, None, None, None]) is None  # one timed size says nothing about growth


def test_the_verdict_sets_the_measured_growth_beside_the_stated_one() -> None:
    sizes = [1000, 2000, 4000, 8000]
    honest = measure_growth(sizes, [0.004, 0.008, 0.016, 0.033], "Time O(n), space O(n).")
    assert honest.exponent == pytest.approx(1.0, abs=0.05) and "Consistent with the O(n)" in honest.verdict
    quadratic = measure_growth(sizes, [0.004, 0.016, 0.064, None], "This is O(n) time.")
    assert "grows faster than that" in quadratic.verdict and "ran out of time" in quadratic.verdict
    silent = measure_growth(sizes, [0.004, 0.008, 0.016, 0.032], "I loop once.")
    assert "did not state a time complexity" in silent.verdict and silent.stated is None


def test_growth_is_fitted_on_cpu_time_so_waiting_for_a_core_does_not_hide_a_quadratic() -> None:
    import json

    from interviewer.coding.cases import report
    from interviewer.domain.runs import Confinement, RunEnd, RunResult
    from interviewer.kb.problems import load_problems

    problem = next(p for p in load_problems()[0].values() if p.growth is not None)
    assert problem.growth is not None
    first = len(problem.examples) + len(problem.tests) + len(problem.large)
    # The wall clock of the first size was stretched by another process; the CPU times grow fourfold per doubling.
    walls, cpus = [0.38, 0.94], [0.06, 0.24]
    lines = [
        json.dumps({"index": first + i, "seconds": w, "cpu": c})
        for i, (w, c) in enumerate(zip(walls, cpus, strict=True))
    ]
    run = RunResult(
        end=RunEnd.FINISHED, exit_code=0, files={"results.jsonl": "\n".join(lines)}, confinement=Confinement.BUBBLEWRAP
    )
    growth = report(problem, run, [], "submit", "It is O(n) time.").growth
    assert growth is not None and growth.exponent == 2.0
    assert "grows faster than that" in growth.verdict
