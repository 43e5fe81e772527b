"""Hosted mode's sign-in: the pages at /signin, /signup and /signout, and the signed cookie that names the user.

The cookie is signed with a key every app process shares (the settings' secret key, or one kept in the database), so
any process behind a load balancer knows who is asking; nothing about a sign-in is kept in a process."""

from __future__ import annotations

import html
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from datetime import datetime

from fastapi import FastAPI, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer

from interviewer.adapters.history_db import History
from interviewer.adapters.passwords import AccountError, check_name, hash_password, verify_password

COOKIE = "interviewer_user"
MAX_AGE_S = 14 * 24 * 3600
"""A sign-in lasts two weeks."""

EXISTS_TTL_S = 30.0
"""A removed account's cookie stops working within this many seconds."""

FAILURES_ALLOWED = 5
"""Wrong passwords for one name within FAILURE_WINDOW_S before that name must wait."""
FAILURE_WINDOW_S = 300.0
MAX_NAMES_TRACKED = 10_000

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>interviewer · {title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem}}
label{{display:block;margin:.8rem 0 .2rem}}input{{width:100%;padding:.5rem;font-size:1rem}}
button{{margin-top:1rem;padding:.5rem 1.2rem;font-size:1rem}}.error{{color:#b00020}}</style></head><body>
<h1>{title}</h1><p class="error" role="alert">{error}</p>
<form method="post" action="{action}"><label for="name">User name</label>
<input id="name" name="name" autocomplete="username" required value="{name}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="{complete}" required>
<button type="submit" id="{action_id}">{title}</button></form><p>{other}</p></body></html>"""


class Accounts:
    """Who is signed in, from the request's cookie; the sign-in pages; a limit on wrong passwords per name."""

    def __init__(self, history: History, secret: str, sign_up: bool) -> None:
        self.history = history
        self.sign_up = sign_up
        self._signer = URLSafeTimedSerializer(secret, salt="interviewer-sign-in")
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._guard = threading.Lock()
        self._checked: dict[str, float] = {}

    def user(self, request: Request) -> str | None:
        """The signed-in user's name, or None (no cookie, a forged or expired one, or a removed account)."""
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        try:
            name = self._signer.loads(token, max_age=MAX_AGE_S)
        except BadSignature:
            return None
        return name if isinstance(name, str) and self._exists(name) else None

    def _exists(self, name: str) -> bool:
        """Whether the account is still there (asked of the database at most every EXISTS_TTL_S per name)."""
        checked = self._checked.get(name)
        if checked is None or checked < time.monotonic() - EXISTS_TTL_S:
            if self.history.password_hash(name) is None:
                self._checked.pop(name, None)
                return False
            self._checked[name] = time.monotonic()
        return True

    def _too_many(self, name: str) -> bool:
        with self._guard:
            recent = self._failures[name]
            while recent and recent[0] < time.monotonic() - FAILURE_WINDOW_S:
                recent.popleft()
            return len(recent) >= FAILURES_ALLOWED

    def _failed(self, name: str) -> None:
        with self._guard:
            if len(self._failures) > MAX_NAMES_TRACKED:  # made-up names must not grow this without end
                cutoff = time.monotonic() - FAILURE_WINDOW_S
                for stale in [n for n, times in self._failures.items() if not times or times[-1] < cutoff]:
                    del self._failures[stale]
            self._failures[name].append(time.monotonic())

    def _page(self, up: bool, error: str = "", name: str = "", status: int = 200) -> HTMLResponse:
        other = '<a href="/signin">Sign in instead</a>' if up else ""
        if not up and self.sign_up:
            other = 'New here? <a href="/signup">Create an account</a>'
        page = _PAGE.format(
            title="Create an account" if up else "Sign in",
            error=html.escape(error),
            action="/signup" if up else "/signin",
            action_id="signup-button" if up else "signin-button",
            name=html.escape(name),
            complete="new-password" if up else "current-password",
            other=other,
        )
        return HTMLResponse(page, status_code=status)

    def _signed_in(self, name: str) -> Response:
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, self._signer.dumps(name), max_age=MAX_AGE_S, httponly=True, samesite="lax")
        return response

    def sign_in(self, name: str, password: str) -> Response:
        """Check the password (a wrong one, or too many, gets the page again with why) and set the cookie."""
        name = name.strip().lower()
        if self._too_many(name):
            return self._page(False, "Too many wrong passwords for this name: wait five minutes.", name, 429)
        if not verify_password(self.history.password_hash(name), password):
            self._failed(name)
            return self._page(False, "That user name and password do not match.", name, 401)
        return self._signed_in(name)

    def create(self, name: str, password: str) -> Response:
        """Self sign-up (only when allowed): a new account, signed in at once."""
        name = name.strip().lower()
        try:
            added = self.history.add_user(check_name(name), hash_password(password), datetime.now())
        except AccountError as exc:
            return self._page(True, f"Choose again: {exc}.", name, 400)
        if not added:
            return self._page(True, "That user name is taken.", name, 409)
        return self._signed_in(name)

    def install(self, app: FastAPI) -> None:
        """Add the sign-in pages to `app`, and send a visitor who is not signed in from the app's page to them."""

        @app.middleware("http")
        async def signed_in_only(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
            if request.method == "GET" and request.url.path == "/" and self.user(request) is None:
                return RedirectResponse("/signin", status_code=303)
            return await call_next(request)

        @app.get("/signin")
        def signin_page() -> HTMLResponse:
            return self._page(False)

        @app.post("/signin")
        def signin(name: str = Form(""), password: str = Form("")) -> Response:
            return self.sign_in(name, password)

        @app.get("/signup")
        def signup_page() -> Response:
            return self._page(True) if self.sign_up else RedirectResponse("/signin", status_code=303)

        @app.post("/signup")
        def signup(name: str = Form(""), password: str = Form("")) -> Response:
            if not self.sign_up:
                return self._page(False, "Accounts are made by the operator here.", name, 403)
            return self.create(name, password)

        @app.get("/signout")
        def signout() -> Response:
            response = RedirectResponse("/signin", status_code=303)
            response.delete_cookie(COOKIE)
            return response


def new_secret() -> str:
    """A random signing key (made once per database and shared by its app processes)."""
    return secrets.token_urlsafe(48)
