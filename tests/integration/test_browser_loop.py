"""A whole loop in a real browser with scripted answers: the resume and job ad used, natural follow-ups and hints, the
code editor on coding questions (Tab indents), a very short answer confirmed before grading, a double click graded
once, and a report that holds the transcript."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from interviewer.adapters.history_db import History
from tests.integration.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ready_page
from tests.integration.test_whole_loop import ANSWER, JOB_AD, RESUME, assert_a_natural_loop

_SCORED = "() => (document.querySelector('#chat').innerText.match(/scored ([0-9.]+) \\/ 5/gi) || []).length"
CODE_TALK = "I would sort the items first and then scan once, so it is O(n log n) time and O(n) extra space."


def _scored(page: Page) -> int:
    return int(page.evaluate(_SCORED))


def _write_code(page: Page) -> None:
    """Type a function into the code editor, pressing Tab for the body: the editor indents, the focus stays."""
    page.click("#code .cm-content")
    page.keyboard.type("def solve(items):")
    page.keyboard.press("Enter")
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    page.keyboard.type("return sorted(items)")
    assert page.evaluate("() => document.querySelector('#code').contains(document.activeElement)")
    code = page.inner_text("#code .cm-content")
    assert re.search(r"\n[ \t]+return sorted\(items\)", code), code


def _submit(page: Page, text: str, double: bool = False) -> None:
    """Fill the answer box and submit it (twice in quick succession when `double`); wait for exactly one grade."""
    graded = _scored(page)
    page.fill("#answer textarea", text)
    if double:
        page.dblclick("#submit")
    else:
        page.click("#submit")
    page.wait_for_function(f"() => ({_SCORED})() > {graded}", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('#answer textarea').value", timeout=60_000)
    assert _scored(page) == graded + 1
    assert not page.is_visible("#code") or not page.inner_text("#code .cm-content").strip()  # the editor was emptied


def test_a_whole_loop_in_a_real_browser(shared_app: tuple[str, Path]) -> None:
    (url, data), hints = shared_app, []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = ready_page(browser, url)
        page.get_by_label("Full loop (all rounds in order)").check()
        page.fill("#resume-text textarea", RESUME)
        page.fill("#job-ad-text textarea", JOB_AD)
        page.click("#start")
        page.wait_for_selector("#answer textarea", timeout=60_000)

        # A stray, very short answer is not graded until it is submitted again unchanged.
        page.fill("#answer textarea", "Not sure yet.")
        page.click("#submit")
        page.wait_for_selector(":text('Press Submit again')", timeout=30_000)
        assert _scored(page) == 0
        page.click("#submit")
        page.wait_for_function(f"() => ({_SCORED})() > 0", timeout=60_000)
        answers, coded = 1, False
        while not page.is_visible("#report-panel") and answers < 40:
            if answers % 3 == 0:
                notice = page.inner_text("#notices")
                page.click("#hint")
                page.wait_for_function(
                    "n => document.querySelector('#notices').innerText.trim() && "
                    "document.querySelector('#notices').innerText !== n",
                    arg=notice,
                    timeout=30_000,
                )
                hints.append(page.inner_text("#notices").strip())
            if page.is_visible("#code"):
                _write_code(page)
                coded = True
                if not page.is_visible("#report-panel"):
                    page.screenshot(path=str(ARTIFACTS / "loop-coding.png"), full_page=True)
            _submit(page, CODE_TALK if page.is_visible("#code") else ANSWER, double=answers == 2)
            answers += 1
        page.wait_for_selector("#report :text('Interview report')", timeout=60_000)
        report = page.inner_text("#report")
        page.screenshot(path=str(ARTIFACTS / "loop-report.png"), full_page=True)
        browser.close()

    assert coded, "no coding question showed the code editor"
    history = History(data / "history.sqlite3").for_user("local")
    rows = [r for r in history.sessions() if r.done and r.rounds.count(",") == 4]
    assert len(rows) == 1 and rows[0].answered == answers  # the double click was graded once
    stored = history.load(rows[0].id)
    assert stored is not None
    session = stored.model_dump(mode="json")
    assert_a_natural_loop(session, hints, RESUME, min_each=3)
    assert "Transcript" in report
    assert all(" ".join(t["prompt"].split())[:60] in " ".join(report.split()) for t in session["turns"])
    coding = [t for t in session["turns"] if t["round"] == "coding" and t["answer"]]
    assert coding and all(t["answer"].count("def solve(items):") <= 1 for t in coding)
    fenced = r"```python\ndef solve\(items\):\n[ \t]+return sorted\(items\)\n```$"
    assert any(re.search(fenced, t["answer"]) for t in coding), [t["answer"] for t in coding]
