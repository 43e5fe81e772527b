"""Hosted mode through the real HTTP API: sign-in, two users who cannot reach each other's sessions (on SQLite and on
a real Postgres server), and two app processes sharing one Postgres database and one Chroma server."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from interviewer.adapters.history_db import History
from tests.integration.postgres import postgres_server
from tests.integration.servers import chroma_server, free_port, serve
from tests.integration.test_browser import STRONG

PASSWORDS = {"alice": "alice-secret-pw", "bob": "bob-secret-pw"}


def add_users(data: Path, env: dict[str, str]) -> None:
    """The operator adds the accounts with `interviewer users add`, the password on stdin."""
    for name, password in PASSWORDS.items():
        subprocess.run(
            [sys.executable, "-m", "interviewer.cli", "--data-dir", str(data), "users", "add", name],
            input=password + "\n",
            text=True,
            check=True,
            env={**os.environ, **env},
            capture_output=True,
        )


def cookie_of(url: str, name: str) -> dict[str, str]:
    """The sign-in cookie the sign-in page sets for `name`, as a request header."""
    response = httpx.post(f"{url}signin", data={"name": name, "password": PASSWORDS[name]})
    assert response.status_code == 303, response.text
    return {"Cookie": f"interviewer_user={response.cookies['interviewer_user']}"}


def sign_in(url: str, name: str) -> Client:
    """A client signed in through the sign-in page (its cookie sent with every API request)."""
    return Client(url, verbose=False, headers=cookie_of(url, name))


def ready(client: Client) -> None:
    deadline = time.monotonic() + 120
    while "⏳" in str(client.predict(api_name="/status")[0]) and time.monotonic() < deadline:
        time.sleep(0.5)


@pytest.fixture(params=["sqlite", "postgres"])
def hosted(request: pytest.FixtureRequest, store_copy: Path) -> Iterator[tuple[str, History]]:
    """The app in hosted mode with users alice and bob, its history on SQLite or on a real Postgres server."""
    env = {"INTERVIEWER_SIGN_IN": "true"}
    with ExitStack() as stack:
        if request.param == "postgres":
            env["INTERVIEWER_DATABASE_URL"] = stack.enter_context(postgres_server())
        add_users(store_copy, env)
        url = stack.enter_context(serve(store_copy, free_port(), env))
        yield url, History(env.get("INTERVIEWER_DATABASE_URL") or store_copy / "history.sqlite3")


def test_two_users_cannot_reach_each_others_sessions(hosted: tuple[str, History]) -> None:
    url, store = hosted
    # Nobody gets in without signing in: the page sends them to the sign-in page, the API answers 401.
    assert httpx.get(url).headers["location"] == "/signin"
    assert httpx.get(f"{url}gradio_api/info").status_code == 401
    assert httpx.post(f"{url}signin", data={"name": "alice", "password": "wrong-password"}).status_code == 401
    forged = {"Cookie": "interviewer_user=ImFsaWNlIg.forged.signature"}
    assert httpx.get(f"{url}gradio_api/info", headers=forged).status_code == 401

    alice, bob = sign_in(url, "alice"), sign_in(url, "bob")
    ready(alice)
    alice.predict("behavioral", "adaptive", 1, "", None, "", None, api_name="/start")
    injected = "See [my site](http://evil.example) ![x](http://evil.example/x.png) <img src=x onerror=alert(1)>"
    chat = json.loads(json.dumps(alice.predict(f"{STRONG} Alice-only-marker. {injected}", None, api_name="/answer")[1]))
    (shown,) = [m["content"][0]["text"] for m in chat if m["role"] == "user"]
    # Shown as typed and inert: every bracket escaped (no link or image), the tag as text.
    assert "Alice-only-marker" in shown and not re.search(r"(?<!\\)[\[\]]", shown) and "<img" not in shown
    (row,) = store.for_user("alice").sessions()
    secret_id = row.id

    # Bob knows Alice's session id, and still cannot list, open, resume, answer in, delete or download it.
    assert secret_id not in json.dumps(bob.predict(False, api_name="/history"))
    assert bob.predict(secret_id, api_name="/report") == "_Pick a session._"
    with pytest.raises(Exception, match="Pick an unfinished session to resume"):
        bob.predict(secret_id, api_name="/resume")
    with pytest.raises(Exception, match="Start an interview first"):
        bob.predict("Bob answers in Alice's session.", None, api_name="/answer")
    bob.predict(secret_id, True, False, api_name="/delete")
    assert store.for_user("alice").load(secret_id) is not None
    alice.predict(api_name="/end_round")  # the session ends: its report files are written for Alice
    reports = [p for p in Path("/tmp").glob(f"interviewer-reports-*/{secret_id}/*") if p.is_file()]
    assert reports, "the finished session's report files"
    as_bob = cookie_of(url, "bob")
    for path in reports:  # even knowing where the server keeps them
        assert httpx.get(f"{url}gradio_api/file={path}", headers=as_bob).status_code in (403, 404)

    # Alice still has it all, finished, with her answer.
    session = store.for_user("alice").load(secret_id)
    assert session is not None and session.done and "Alice-only-marker" in (session.turns[0].answer or "")
    assert secret_id in json.dumps(alice.predict(False, api_name="/history"))
    assert store.for_user("bob").sessions() == []


def test_serving_a_network_address_without_sign_in_is_refused(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "interviewer.cli", "--data-dir", str(tmp_path), "ui", "--host", "0.0.0.0"]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "refusing to serve 0.0.0.0 without sign-in" in refused.stderr
    assert "--unsafe-open-to-all" in refused.stderr


def test_a_session_started_on_one_process_continues_on_another(builtin_store_dir: Path, tmp_path: Path) -> None:
    """Two app processes, one Postgres database, one Chroma server: nothing a request needs stays in a process."""
    chroma_copy = tmp_path / "chroma"
    shutil.copytree(builtin_store_dir / "chroma", chroma_copy)
    with ExitStack() as stack:
        database = stack.enter_context(postgres_server())
        chroma = stack.enter_context(chroma_server(chroma_copy, tmp_path / "chroma.log"))
        env = {"INTERVIEWER_SIGN_IN": "true", "INTERVIEWER_DATABASE_URL": database, "INTERVIEWER_CHROMA_URL": chroma}
        (tmp_path / "one").mkdir()
        (tmp_path / "two").mkdir()
        add_users(tmp_path / "one", env)
        one = stack.enter_context(serve(tmp_path / "one", free_port(), env))
        two = stack.enter_context(serve(tmp_path / "two", free_port(), env))
        first, second = sign_in(one, "alice"), sign_in(two, "alice")
        ready(first)
        ready(second)
        first.predict("ml_theory", "easy", 3, "", None, "", None, api_name="/start")
        first.predict(
            "Bias is error from wrong assumptions; variance is sensitivity to the sample.", None, api_name="/answer"
        )
        store = History(database).for_user("alice")
        (row,) = store.sessions()
        # The second process has never seen this session: it resumes it from the database and takes the next answer.
        second.predict(row.id, api_name="/resume")
        time.sleep(3)  # a pause the first process's clock would count into the next answer if it timed it itself
        before_second_answer = time.monotonic()
        second.predict(
            "Regularization trades a little bias for less variance. Second-process-marker.", None, api_name="/answer"
        )
        session = store.load(row.id)
        assert session is not None and [t.answer is not None for t in session.turns].count(True) == 2
        assert not session.done and session.current is not None
        assert "Second-process-marker" in (session.turns[-2].answer or "") + (session.turns[-1].answer or "")
        # The first process's copy is now behind: it notices, reloads, and carries on from the stored state.
        third = first.predict(
            "We estimate the trade-off with cross-validation on held-out folds. First-process-again-marker.",
            None,
            api_name="/answer",
        )
        assert "Overall:" in str(third[2])
        answers = [t.answer or "" for t in (store.load(row.id) or session).turns]
        assert sum("marker" in a for a in answers) == 2 and any("First-process-again" in a for a in answers)
        # Timed from when the second process showed the question (stored with the session), not from the last time
        # the first process asked one.
        (again,) = [t for t in (store.load(row.id) or session).turns if "First-process-again" in (t.answer or "")]
        assert again.seconds is not None and again.seconds <= time.monotonic() - before_second_answer + 0.5


def test_the_operator_manages_users_from_the_command_line(tmp_path: Path) -> None:
    def users(*args: str, password: str = "") -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "interviewer.cli", "--data-dir", str(tmp_path), "users", *args]
        return subprocess.run(command, input=password, capture_output=True, text=True, timeout=60)

    assert users("add", "carol", password="carol-password\n").stdout.strip() == "added carol"
    taken = users("add", "carol", password="carol-password\n")
    assert taken.returncode == 2 and "already a user 'carol'" in taken.stderr
    assert "at least 8" in users("add", "dave", password="short\n").stderr
    assert "lower-case" in users("add", "Dave Smith", password="dave-password\n").stderr
    listed = json.loads(users("list", "--json").stdout)["users"]
    assert [(u["name"], u["sessions"]) for u in listed] == [("carol", 0)]
    assert users("password", "carol", password="new-carol-password\n").returncode == 0
    store = History(tmp_path / "history.sqlite3")
    from interviewer.adapters.passwords import verify_password

    assert verify_password(store.password_hash("carol"), "new-carol-password")
    assert users("remove", "carol").stdout.strip() == "removed carol and their sessions"
    assert users("remove", "carol").returncode == 2 and store.list_users() == []
