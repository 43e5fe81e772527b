"""Hosted mode in a real browser (Debian's Chromium): sign-up and sign-in pages, and two users in two browsers who
each see only their own sessions; what a candidate typed is shown as text, never as a link, image or HTML."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.integration.servers import free_port, serve
from tests.integration.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, STRONG, _answer
from tests.integration.test_hosted import PASSWORDS, add_users


def signed_in_page(browser: Browser, url: str, name: str, password: str, sign_up: bool = False) -> Page:
    """A new browser context (its own cookies) signed in through the pages, on the app once its engine is ready."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    assert page.url.endswith("/signin")  # not signed in: sent to the sign-in page
    if sign_up:
        page.click("text=Create an account")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("#signup-button" if sign_up else "#signin-button")
    page.wait_for_selector("#engine-status", timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector('#engine-status').innerText.includes('Grading: offline')", timeout=120_000
    )
    page.wait_for_function(f"() => document.querySelector('#account').innerText.includes('{name}')")
    return page


def history_text(page: Page) -> str:
    page.get_by_role("tab", name="History").click()
    page.click("#refresh-history")
    page.wait_for_timeout(1500)
    return page.inner_text("#history-table")


def test_two_users_in_two_browsers_see_only_their_own_sessions(store_copy: Path) -> None:
    env = {"INTERVIEWER_SIGN_IN": "true", "INTERVIEWER_SIGN_UP": "true"}
    add_users(store_copy, env)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(store_copy, free_port(), env) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        alice = signed_in_page(browser, url, "alice", PASSWORDS["alice"])
        alice.get_by_label("Behavioral").check()
        alice.click("#start")
        alice.wait_for_selector("#answer textarea", timeout=60_000)
        _answer(alice, f"{STRONG} My notes: [click me](http://evil.example) ![pic](http://evil.example/p.png) <b>x</b>")
        chat = alice.locator("#chat")
        assert "[click me](http://evil.example)" in chat.inner_text().replace("\u200b", "")  # shown as typed
        assert chat.locator("a[href*='evil'], img[src*='evil'], b").count() == 0
        assert "Behavioral" in history_text(alice)
        alice.screenshot(path=str(ARTIFACTS / "hosted-alice.png"), full_page=True)

        # Carol signs herself up (INTERVIEWER_SIGN_UP) and Bob signs in: neither sees Alice's session anywhere.
        for page in (
            signed_in_page(browser, url, "carol", "carol-password", sign_up=True),
            signed_in_page(browser, url, "bob", PASSWORDS["bob"]),
        ):
            assert "Behavioral" not in history_text(page)
            page.screenshot(path=str(ARTIFACTS / "hosted-other-user.png"), full_page=True)
        # Signing out ends the sign-in: the app sends the browser back to the sign-in page.
        alice.click("#sign-out")
        alice.wait_for_url("**/signin")
        alice.goto(url)
        assert alice.url.endswith("/signin")
        browser.close()
