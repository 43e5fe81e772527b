"""Solving a coding problem and a SQL problem through the editor in a real browser: Run shows the examples' results
(SQL: the rows, and EXPLAIN's plan), Submit runs the hidden tests, and the feedback shows them beside the grade."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from interviewer.adapters.history_db import History
from interviewer.domain.problems import Problem
from interviewer.kb.problems import load_problems
from tests.integration.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ready_page

PROBLEMS, _ = load_problems()
TALK = {
    "coding": "I keep what I have seen in a hash map and scan once, so it runs in O(n) time and O(n) space. "
    "Edge cases: an empty input and repeated values; I tested it on the examples first.",
    "sql": "I aggregate first in a CTE, then rank or filter with a window function, and check the edge cases "
    "such as NULLs, ties and users with no rows; EXPLAIN shows a scan of each table once.",
}


def _asked(page: Page) -> Problem:
    """The problem the chat shows now, found by its title."""
    chat = page.inner_text("#chat")
    found = [p for p in PROBLEMS.values() if f"{p.title} (" in chat]
    assert len(found) == 1, [p.id for p in found]
    return found[0]


def _write(page: Page, code: str) -> None:
    """Replace the editor's text (inserted as typed text, without the editor's auto-indent on each Enter)."""
    page.click("#code .cm-content")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    page.keyboard.type(" ")  # a typed key makes the editor hand its value to the app
    page.keyboard.press("Backspace")
    page.wait_for_timeout(300)


def _run(page: Page, code: str, expect: str) -> str:
    """Run the code and return what the run output shows once this run's result is in (and says `expect`)."""
    before = page.inner_text("#run-output")
    number = int(before.split("Run ")[1].split()[0]) + 1 if "on this problem" in before else 1
    _write(page, code)
    page.click("#run-code")
    page.wait_for_function(
        "t => document.querySelector('#run-output').innerText.includes(t)",
        arg=f"Run {number} on this problem",
        timeout=60_000,
    )
    shown = page.inner_text("#run-output")
    assert expect in shown, shown
    return shown


def _solve(page: Page, round_label: str, round_: str) -> Problem:
    page.get_by_label(round_label).check()
    page.click("#start")
    page.wait_for_selector("#code .cm-content", timeout=60_000)
    assert page.is_visible("#run-code")
    page.wait_for_function(
        "() => document.querySelector('#timer').innerText.includes('Time on this problem')", timeout=10_000
    )
    problem = _asked(page)
    if round_ == "sql":
        assert page.is_visible(":text('Schema and sample rows')")
        plan = _run(page, "EXPLAIN QUERY PLAN SELECT * FROM users WHERE user_id = 1", "The query returned")
        assert "detail" in plan
        shown = _run(page, "SELECT name FROM users ORDER BY user_id LIMIT 3", "The query returned 3 rows")
        assert "Ava" in shown and "Cleo" in shown
        refused = _run(page, "DROP TABLE users", "Refused")
        assert "Only a query may run here" in refused
    else:
        broken = _run(page, f"def {problem.function}(:\n    pass", "did not run")
        assert "SyntaxError" in broken
    ran = _run(page, problem.reference, "✓")
    assert ("✓ All tests passed" if round_ == "coding" else "✓ The query returned") in ran
    page.screenshot(path=str(ARTIFACTS / f"problem-{round_}-run.png"), full_page=True)
    page.fill("#answer textarea", TALK[round_])
    page.click("#submit")
    page.wait_for_function(
        "() => document.querySelector('#feedback').innerText.includes('Submit (the hidden tests)')", timeout=90_000
    )
    feedback = page.inner_text("#feedback")
    page.screenshot(path=str(ARTIFACTS / f"problem-{round_}-submit.png"), full_page=True)
    assert "✓ All tests passed" in feedback and "Tests passed" in feedback, feedback
    page.click("#end-round")
    page.wait_for_selector("#report :text('Interview report')", timeout=60_000)
    page.click("#new-interview")
    page.wait_for_selector("#start", timeout=30_000)
    return problem


def test_a_coding_and_a_sql_problem_are_solved_through_the_editor(shared_app: tuple[str, Path]) -> None:
    url, data = shared_app
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = ready_page(browser, url, height=1100)
        page.fill("#questions input", "1")
        solved = [_solve(page, "Coding (write and run code)", "coding"), _solve(page, "SQL", "sql")]
        browser.close()
    history = History(data / "history.sqlite3").for_user("local")
    stored = [history.load(r.id) for r in history.sessions()]
    turns = {t.question_id: t for s in stored if s for t in s.turns if t.tests is not None}
    for problem in solved:
        turn = turns[problem.id]
        assert turn.tests is not None and turn.tests.status == "passed" and turn.code
        assert turn.feedback is not None and turn.feedback.criteria[0].name == "tests_passed"
