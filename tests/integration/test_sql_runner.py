"""Candidates' SQL in the real sandbox: a query runs on a fresh copy of the seed data and is checked against the
reference's result; anything but a query is refused by SQLite's authorizer, and a runaway query is stopped."""

from __future__ import annotations

import pytest

from interviewer.adapters.sandbox import BubblewrapSandbox
from interviewer.coding.judge import Judge
from interviewer.kb.problems import load_problems, sql_database_script

PROBLEMS, _ = load_problems()
JUDGE = Judge(PROBLEMS, BubblewrapSandbox(), sql_database_script())
PROBLEM = "users-without-orders"


def test_the_reference_passes_and_the_wrong_query_fails_with_the_first_difference() -> None:
    problem = PROBLEMS[PROBLEM]
    right = JUDGE.check(PROBLEM, problem.reference + ";\n")
    assert right.status == "passed" and right.passed == right.total == 2
    wrong = JUDGE.check(PROBLEM, problem.wrong)
    assert wrong.status == "failed"
    rows = next(c for c in wrong.cases if c.name.startswith("rows"))
    assert not rows.passed and rows.error and rows.error.startswith("wrong rows") and rows.expected


def test_run_shows_the_rows_and_explain_is_allowed() -> None:
    shown = JUDGE.check(PROBLEM, "SELECT user_id, name FROM users ORDER BY user_id LIMIT 2", "run")
    assert shown.status == "passed" and shown.columns == ["user_id", "name"] and shown.rows[0][0] == 1
    plan = JUDGE.check(PROBLEM, "EXPLAIN QUERY PLAN SELECT * FROM users WHERE user_id = 3", "run")
    assert plan.status == "passed" and "detail" in plan.columns and plan.rows


@pytest.mark.parametrize(
    ("statement", "why"),
    [
        ("ATTACH DATABASE '/etc/passwd' AS secrets", "attach a database"),
        ("PRAGMA query_only = OFF", "run a PRAGMA"),
        ("DELETE FROM users", "delete rows"),
        ("UPDATE users SET name = 'x'", "update rows"),
        ("INSERT INTO users (user_id, name, email, signup_date) VALUES (99, 'x', 'x', '2024-01-01')", "insert rows"),
        ("DROP TABLE users", "change the schema"),
        ("CREATE TABLE notes (body TEXT)", "change the schema"),
        ("SELECT load_extension('/tmp/evil')", "call load_extension()"),
        ("BEGIN", "open or close a transaction"),
    ],
)
def test_anything_but_a_query_is_refused(statement: str, why: str) -> None:
    result = JUDGE.check(PROBLEM, statement)
    assert result.status == "refused" and result.refused and why in result.refused


def test_a_runaway_query_is_stopped_and_errors_are_reported() -> None:
    forever = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    stopped = JUDGE.check(PROBLEM, forever)
    assert stopped.status == "timeout" and stopped.run_problem == "Your query ran out of time."
    typo = JUDGE.check(PROBLEM, "SELEC name FROM users")
    assert typo.status == "error" and typo.load_error and "syntax error" in typo.load_error
    two = JUDGE.check(PROBLEM, "SELECT 1; SELECT 2")
    assert two.status == "error" and two.load_error and "one statement" in two.load_error
    assert JUDGE.check(PROBLEM, "   ").load_error == "There is no code to run."
