"""A problem's answer: code in a fenced block, the tests' share of the grade, the report shown, and the engine's
coding and SQL turns with a scripted code runner."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from interviewer.adapters.history_db import History
from interviewer.domain.feedback import CriterionScore, Feedback, MetricsCheck
from interviewer.domain.questions import Round
from interviewer.domain.runs import CaseOutcome, CodeReport, RunEnd
from interviewer.interview.render import code_report_markdown
from interviewer.interview.report import build_report, report_markdown, session_results
from interviewer.interview.solutions import TESTS_WEIGHT, fenced_code, with_tests
from interviewer.testing.fakes import FunctionRunner
from tests.unit.test_engine import _interviewer
from ui import views


def _report(passed: int, total: int, **extra: object) -> CodeReport:
    cases = [CaseOutcome(name=f"case {i}", hidden=i > 1, passed=i < passed) for i in range(total)]
    if passed < total:
        cases[passed] = cases[passed].model_copy(
            update={"error": "wrong answer", "shown_input": '{"nums": [1]}', "expected": "[0, 1]", "got": "[]"}
        )
    return CodeReport(problem_id="two-sum", mode="submit", cases=cases, **extra)  # type: ignore[arg-type]


def _feedback(overall: float) -> Feedback:
    criterion = CriterionScore(name="approach", score=3, reason="r")
    return Feedback(question_id="two-sum", round="coding", overall=overall, criteria=[criterion],
                    metrics=MetricsCheck(present=False))  # fmt: skip


def test_the_first_fenced_block_is_the_code() -> None:
    talk, code = fenced_code("I use a map, O(n) time.\n\n```python\ndef f():\n    return 1\n```\nDone.")
    assert code == "def f():\n    return 1" and talk == "I use a map, O(n) time.\n\nDone."
    assert fenced_code("no code here") == ("no code here", None)


def test_status_says_how_the_run_went() -> None:
    assert _report(3, 3).status == "passed"
    assert _report(1, 3).status == "failed"
    assert _report(0, 3, load_error="SyntaxError").status == "error"
    assert _report(1, 3, run_end=RunEnd.WALL_TIME).status == "timeout"
    assert _report(0, 0, refused="ATTACH").status == "refused"
    assert CodeReport(problem_id="q", mode="run").status == "passed"  # a SQL run that showed its rows
    assert CodeReport(problem_id="q", mode="submit").status == "error"  # a submit that checked nothing


def test_tests_decide_their_share_of_the_overall() -> None:
    talk = _feedback(4.0)
    full = with_tests(talk, _report(4, 4))
    assert full.overall == round((1 - TESTS_WEIGHT) * 4.0 + TESTS_WEIGHT * 5.0, 2)
    assert full.criteria[0].name == "tests_passed" and full.criteria[0].score == 5
    half = with_tests(talk, _report(2, 4))
    assert half.overall < full.overall and "first failing: case 2 (wrong answer)" in half.criteria[0].reason
    assert half.improvements[0].startswith("Fix the failing test 'case 2'")
    none = with_tests(talk, None)
    assert none.overall == round((1 - TESTS_WEIGHT) * 4.0 + TESTS_WEIGHT, 2) and none.criteria[0].score == 1


def test_the_report_shows_each_test_and_the_first_failure() -> None:
    shown = code_report_markdown(_report(2, 4))
    assert "2 of 4 tests passed" in shown and "| case 3 (hidden) | ✗ not run" not in shown
    assert "First failing case: case 2" in shown and 'input:    {"nums": [1]}' in shown and "got:      []" in shown
    sql = CodeReport(problem_id="q", mode="run", columns=["id", "name"], rows=[[1, "Ava"], [2, None]], row_count=2)
    assert "| id | name |" in code_report_markdown(sql) and "| 2 | NULL |" in code_report_markdown(sql)


def test_a_coding_round_asks_problems_and_runs_the_submitted_code() -> None:
    def run(problem_id: str, code: str, mode: str, talk: str) -> CodeReport:
        return _report(3, 3) if "return" in code else _report(0, 3)

    runner = FunctionRunner(run)
    interviewer = _interviewer(rounds=[Round.CODING], per_round=1)
    interviewer.runner = runner
    "".join(interviewer.ask_next())
    problem = interviewer.open_problem()
    assert problem is not None and interviewer.bank.is_problem(problem.id) and "Examples:" in problem.question
    assert interviewer.run_code("def f(): return 1").status == "passed"
    assert runner.calls[-1][2] == "run" and interviewer.session.current and interviewer.session.current.runs == 1
    feedback = interviewer.submit("I scan once with a hash map: O(n) time.\n```python\ndef f(): return 1\n```")
    assert runner.calls[-1] == (problem.id, "def f(): return 1", "submit", "I scan once with a hash map: O(n) time.")
    assert feedback.criteria[0].name == "tests_passed" and feedback.criteria[0].score == 5
    turn = interviewer.session.turns[-1]
    assert turn.code == "def f(): return 1" and turn.tests is not None and turn.tests.passed == 3
    assert turn.answer and turn.answer.endswith("```python\ndef f(): return 1\n```")


def test_a_sql_round_asks_sql_problems() -> None:
    interviewer = _interviewer(rounds=[Round.SQL], per_round=1)
    interviewer.runner = FunctionRunner(lambda *call: _report(2, 2))
    first = "".join(interviewer.ask_next())
    assert first.startswith("SQL round") and "Write one SQL query (SQLite)" in first
    feedback = interviewer.submit("I rank within each group.", code="SELECT 1")
    assert feedback.criteria[0].score == 5 and interviewer.session.turns[-1].answer.endswith("```sql\nSELECT 1\n```")  # type: ignore[union-attr]


def test_reports_and_history_show_pass_rates_per_pattern(tmp_path: Path) -> None:
    outcomes = {"two-sum": _report(2, 4), "max-sum-window": _report(5, 5)}
    interviewer = _interviewer(rounds=[Round.CODING], per_round=2)
    interviewer.runner = FunctionRunner(lambda problem_id, *rest: outcomes.get(problem_id, _report(1, 2)))
    asked = []
    for _ in range(2):
        "".join(interviewer.ask_next())
        while interviewer.session.current is not None and interviewer.session.current.kind == "follow_up":
            interviewer.skip()
            "".join(interviewer.ask_next())
        asked.append(interviewer.open_problem())
        interviewer.submit("A hash map, O(n) time.", code="def f(): pass")
        interviewer.skip()
    report = build_report(interviewer.session, interviewer.bank)
    assert len(report.patterns) == 2 and report.patterns[0].rate <= report.patterns[1].rate
    weakest = report.patterns[0]
    assert weakest.rate < 1.0 and report.practise_next[0] == weakest.topic
    shown = report_markdown(report, interviewer.bank, interviewer.session)
    assert "## Tests passed by pattern" in shown and f"| {weakest.title} |" in shown
    history = History(tmp_path / "history.sqlite3").for_user("local")
    history.save(interviewer.session, "offline", datetime(2026, 12, 2))
    stored = sorted(history.problem_results())
    assert stored == sorted(session_results(interviewer.session)) and len(stored) == 2
    assert "Tests passed by pattern" in views.pattern_pass_rates(stored, interviewer.bank)
