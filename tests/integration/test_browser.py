"""A real browser drives the app: a behavioral round, feedback with quoted STAR evidence, report, history."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.integration.servers import free_port, serve

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STRONG = (
    "At my last company our nightly training pipeline for the churn model took 14 hours and failed twice a week, "
    "which delayed every experiment. I was responsible for the model, so I took on fixing the pipeline. I profiled "
    "each stage, rewrote feature computation to use incremental daily aggregates, and added validation checks with "
    "alerts. As a result training time dropped from 14 hours to 2 hours and failures fell by 90%, so the team ran "
    "three times as many experiments that quarter."
)
WEAK = "We just talked about it and it was fine in the end."


def ready_page(browser: Browser, url: str, height: int = 1000, **options: Any) -> Page:
    """A page on the app once its engine is ready (it is prepared in the background: the status line says when)."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: .ci/test installs it (apt-get install chromium)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": height}, **options)
    page.goto(url)
    page.wait_for_selector("#engine-status", timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector('#engine-status').innerText.includes('Grading: offline')", timeout=120_000
    )
    return page


def _overall(page: Page) -> float:
    text = page.inner_text("#feedback")
    match = re.search(r"Overall: ([0-9.]+) / 5", text)
    assert match, text
    return float(match.group(1))


_SCORED = "() => (document.querySelector('#chat').innerText.match(/scored ([0-9.]+) \\/ 5/gi) || []).length"


def _answer(page: Page, text: str) -> float:
    """Submit an answer and wait until the chat and the feedback panel both show its grade."""
    graded = page.evaluate(_SCORED)
    page.fill("#answer textarea", text)
    page.click("#submit")
    page.wait_for_function(f"() => ({_SCORED})() > {graded}", timeout=60_000)
    scores = re.findall(r"[Ss]cored ([0-9.]+) / 5", page.inner_text("#chat"))
    page.wait_for_function(
        "s => document.querySelector('#feedback').innerText.includes('Overall: ' + s + ' / 5')",
        arg=scores[-1],
        timeout=60_000,
    )
    return _overall(page)


def test_behavioral_round_in_a_real_browser(shared_app: tuple[str, Path]) -> None:
    url = shared_app[0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = ready_page(browser, url, accept_downloads=True)
        assert page.is_enabled("#start")
        page.get_by_label("Behavioral").check()
        page.click("#start")
        page.wait_for_selector("#answer textarea", timeout=60_000)
        page.wait_for_function("() => document.querySelector('#chat').innerText.includes('Behavioral round')")
        page.screenshot(path=str(ARTIFACTS / "1-question.png"), full_page=True)

        strong = _answer(page, STRONG)
        feedback = page.inner_text("#feedback")
        assert "STAR" in feedback
        assert "Situation: “At my last company" in feedback
        assert "Result: “As a result training time dropped from 14 hours to 2 hours" in feedback
        assert "from 14 hours to 2 hours" in feedback
        assert "Guidance cited" in page.inner_text("#citations")
        page.screenshot(path=str(ARTIFACTS / "2-strong-feedback.png"), full_page=True)

        page.wait_for_function("() => document.querySelector('#timer').innerText.includes(':')")
        if "follow-up" in page.inner_text("#chat").split("scored")[-1]:
            # The strong answer drew a follow-up: skip it, so the weak answer meets a new question.
            page.click("#skip")
            page.wait_for_function(
                "() => document.querySelector('#chat').innerText.split('(skipped)').length > 1", timeout=60_000
            )
        weak = _answer(page, WEAK)
        assert weak < strong
        assert "✗ Action" in page.inner_text("#feedback") and "✗ Task" in page.inner_text("#feedback")
        page.screenshot(path=str(ARTIFACTS / "3-weak-feedback.png"), full_page=True)

        page.click("#end-round")
        page.wait_for_selector("#report :text('Interview report')", timeout=60_000)
        with page.expect_download() as download_info:
            page.click("#download-md")
        report_path = ARTIFACTS / "interview-report.md"
        download_info.value.save_as(report_path)
        report = report_path.read_text(encoding="utf-8")
        assert "# Interview report" in report and "Weakest answers" in report
        assert re.fullmatch(r"interview-\d{4}-\d{2}-\d{2}-behavioral\.md", download_info.value.suggested_filename)
        assert "## Transcript" in report and "### Q1 · Behavioral" in report and "Overall: " in report
        assert "That's the end of the interview" in page.inner_text("#chat")
        page.screenshot(path=str(ARTIFACTS / "4-report.png"), full_page=True)
        page.fill("#answer textarea", "One more answer after the end.")
        page.click("#submit")
        page.wait_for_selector(":text('This interview has ended')", timeout=30_000)
        page.click("#new-interview")
        page.wait_for_selector("#start", state="visible", timeout=30_000)

        page.reload()  # a fresh page over the same server: the History tab loads what was saved
        page.wait_for_selector("#start", timeout=60_000)
        page.get_by_role("tab", name="History").click()
        page.click("#refresh-history")
        page.wait_for_function(
            "() => document.querySelector('#history-table').innerText.includes('Behavioral')", timeout=30_000
        )
        table = page.inner_text("#history-table")
        assert "done" in table
        # The chart is drawn at full width even though its tab was hidden when the data came (a canvas sized to
        # its hidden container came out 12 pixels wide).
        page.wait_for_selector("#progress-chart canvas", timeout=30_000)
        assert page.eval_on_selector("#progress-chart canvas", "c => c.width") > 600
        page.screenshot(path=str(ARTIFACTS / "5-history.png"), full_page=True)
        browser.close()


@pytest.mark.parametrize("answers", [2])
def test_kill_9_mid_session_loses_no_answered_turn(store_copy: Path, answers: int) -> None:
    """Answer through the API, kill -9 the server, restart: the answered turns are stored and the session resumes."""
    from gradio_client import Client

    port = free_port()
    with serve(store_copy, port) as url:
        client = Client(url, verbose=False)
        client.predict("behavioral", "adaptive", 3, "", None, "", None, api_name="/start")
        for i in range(answers):
            client.predict(f"{STRONG} Attempt {i}.", None, api_name="/answer")
        pid = subprocess.run(["pgrep", "-f", f"--port {port}"], capture_output=True, text=True).stdout.split()
        for p in pid:
            os.kill(int(p), 9)
    from interviewer.adapters.history_db import History

    history = History(store_copy / "history.sqlite3").for_user("local")
    stored = [r for r in history.sessions() if r.answered >= answers]
    assert stored and not stored[0].done
    with serve(store_copy, free_port()) as url:
        client = Client(url, verbose=False)
        result = client.predict(stored[0].id, api_name="/resume")
        assert result
