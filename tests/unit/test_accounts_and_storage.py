"""The history database's user scoping, revisions and migrations (SQLite here; Postgres in the integration tests),
the argon2 accounts, and candidate text shown inertly in Markdown."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest

from interviewer.adapters.history_db import History, StaleSession
from interviewer.adapters.passwords import AccountError, check_name, hash_password, verify_password
from interviewer.domain.text import markdown_literal
from interviewer.interview.session import Session
from tests.unit.test_views_report_history import _session

NOW = datetime(2026, 12, 1, 9, 30)

# The schema that history.sqlite3 files had before Alembic (kept here verbatim as a fixture).
OLD_SCHEMA = """
CREATE TABLE sessions (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, rounds TEXT NOT NULL,
    engine TEXT NOT NULL, done INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE turns (session_id TEXT NOT NULL REFERENCES sessions(id), idx INTEGER NOT NULL, answered_at TEXT NOT NULL,
    round TEXT NOT NULL, question_id TEXT NOT NULL, kind TEXT NOT NULL, overall REAL, criteria TEXT NOT NULL,
    PRIMARY KEY (session_id, idx));
"""


def _two_users(tmp_path: Path) -> tuple[History, Session]:
    store = History(tmp_path / "h.sqlite3")
    session = _session([4.0])
    store.for_user("alice").save(session, "offline", NOW)
    return store, session


def test_every_read_and_write_is_limited_to_its_user(tmp_path: Path) -> None:
    store, session = _two_users(tmp_path)
    alice, bob = store.for_user("alice"), store.for_user("bob")
    assert [r.id for r in alice.sessions()] == [session.id] and alice.load(session.id) == session
    assert bob.sessions() == [] and bob.load(session.id) is None and bob.revision(session.id) is None
    assert bob.round_averages() == bob.criterion_points() == bob.question_scores() == bob.problem_results() == []
    assert alice.question_scores() and alice.criterion_points()
    assert not bob.delete(session.id) and alice.load(session.id) is not None
    with pytest.raises(StaleSession):  # Bob cannot write over Alice's session, even with its id and revision
        bob.save(session, "offline", NOW)
    assert alice.load(session.id) == session
    assert alice.delete(session.id) and alice.sessions() == []


def test_a_stale_copy_cannot_overwrite_newer_turns(tmp_path: Path) -> None:
    store, session = _two_users(tmp_path)
    alice = store.for_user("alice")
    here, there = alice.load(session.id), alice.load(session.id)
    assert here is not None and there is not None and here.revision == there.revision == 1
    there.turns[0].answer = "moved on elsewhere"
    alice.save(there, "offline", NOW)
    here.turns[0].answer = "an older copy"
    with pytest.raises(StaleSession, match="changed in another tab or window"):
        alice.save(here, "offline", NOW)
    stored = alice.load(session.id)
    assert stored is not None and stored.turns[0].answer == "moved on elsewhere" and stored.revision == 2


def test_an_old_history_file_is_migrated_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    session = _session([3.0])
    data = json.loads(session.model_dump_json(exclude={"revision"}))
    cases = [{"name": "a", "hidden": False, "passed": True}, {"name": "b", "hidden": True, "passed": False}]
    data["turns"][0]["tests"] = {"problem_id": "two-sum", "mode": "submit", "cases": cases}
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
        row = (session.id, "t", "t", "behavioral", "offline", 0, json.dumps(data))
        db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        db.execute("INSERT INTO turns VALUES (?, 0, 't', 'behavioral', 'q', 'question', 3.0, '{}')", (session.id,))
    local = History(path).for_user("local")  # migrated on open: the sessions belong to the local user
    (row,) = local.sessions()
    assert row.id == session.id and row.answered == 1 and local.problem_results() == [("q", 1, 2)]
    loaded = local.load(session.id)
    assert loaded is not None and loaded.revision == 1
    local.save(loaded, "offline", NOW)  # and goes on being saved
    assert History(path).for_user("local").revision(session.id) == 2  # reopening does not migrate again


def test_accounts(tmp_path: Path) -> None:
    store, _ = _two_users(tmp_path)
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert store.add_user("alice", stored, NOW) and not store.add_user("alice", stored, NOW)
    assert verify_password(store.password_hash("alice"), "correct horse")
    assert not verify_password(store.password_hash("alice"), "wrong horse")
    assert not verify_password(store.password_hash("nobody"), "correct horse")
    assert [(u.name, u.sessions) for u in store.list_users()] == [("alice", 1)]
    assert store.set_password("alice", hash_password("another pass"))
    assert verify_password(store.password_hash("alice"), "another pass")
    assert store.remove_user("alice") and store.for_user("alice").sessions() == [] and store.list_users() == []
    for bad in ("Al", "local", "a b", "../x"):
        with pytest.raises(AccountError):
            check_name(bad)
    with pytest.raises(AccountError, match="at least 8"):
        hash_password("short")
    assert store.secret("k", lambda: "first") == store.secret("k", lambda: "second") == "first"


@pytest.mark.parametrize(
    ("typed", "inert"),
    [
        ("[site](http://evil.example)", "\\[site\\](http:\u200b//evil.example)"),
        ("![x](y.png)", "\\!\\[x\\](y.png)"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("see https://a.b/c", "see https:\u200b//a.b/c"),
        ("a_b *c* `d`", "a\\_b \\*c\\* \\`d\\`"),
        ("F1 went 0.71 -> 0.83", "F1 went 0.71 -&gt; 0.83"),
    ],
)
def test_candidate_text_is_shown_as_typed(typed: str, inert: str) -> None:
    assert markdown_literal(typed) == inert


def test_printed_output_and_returned_rows_cannot_carry_markdown() -> None:
    from interviewer.domain.runs import CodeReport
    from interviewer.interview.render import code_report_markdown, prompt_markdown

    escape = "```\n![x](http://evil.example/x.png)\n```"
    report = CodeReport(
        problem_id="p", mode="run", stdout=escape, columns=["a|b"], rows=[["![y](http://evil.example/y.png)"]]
    )
    shown = code_report_markdown(report)
    assert "````text\n" + escape + "\n````" in shown  # the fence outgrows the backticks printed inside it
    assert "| \\!\\[y\\](http:\u200b//evil.example/y.png) |" in shown and "| a\\|b |" in shown
    assert prompt_markdown("scr-context-project-1", "Walk me through [x](http://e)") == (
        "Walk me through \\[x\\](http:\u200b//e)"
    )
    assert prompt_markdown("ml-bias-variance", "What is `bias`?") == "What is `bias`?"  # the bank's own Markdown


def test_idle_interviews_leave_memory_with_their_report_files(tmp_path: Path) -> None:
    import threading

    from interviewer.settings import Settings
    from ui.practice import Practice

    practice = Practice(Settings(data_dir=tmp_path, idle_minutes=1))
    for session_id, idle_for in (("idle", 120.0), ("busy", 120.0), ("fresh", 1.0)):
        practice.live[session_id] = object()  # type: ignore[assignment]
        practice.owners[session_id] = "alice"
        practice.used_at[session_id] = time.monotonic() - idle_for
        practice.locks[session_id] = threading.Lock()
        (practice.reports / session_id).mkdir()
    practice.locks["busy"].acquire()  # being graded right now: kept however long it has been
    practice.drop_idle()
    assert set(practice.live) == {"busy", "fresh"} and not (practice.reports / "idle").exists()
    assert (practice.reports / "fresh").exists() and practice.live_for("fresh", "bob") is None
    with practice.grading("alice"), practice.grading("alice"):  # two slots each (INTERVIEWER_GRADINGS_PER_USER)
        assert not practice._gradings["alice"].acquire(blocking=False)
        assert practice._gradings["bob"].acquire(blocking=False)


def test_an_unexpected_failure_reaches_the_user_as_an_id_and_the_log_has_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import gradio as gr

    from ui.server import guarded

    def broken(answer: str) -> str:
        raise KeyError(f"internal detail of {answer}")

    def streaming(answer: str) -> object:
        yield "first"
        raise RuntimeError("/srv/secret/path")

    for handler in (guarded(broken), lambda a: list(guarded(streaming)(a))):
        with caplog.at_level(logging.ERROR), pytest.raises(gr.Error) as shown:
            handler("x")
        message = str(shown.value.message)
        error_id = message.split("(error ")[1][:8]
        assert "internal detail" not in message and "/srv/secret" not in message and "Error" not in message
        assert f"error {error_id}" in caplog.text and ("internal detail" in caplog.text or "/srv/secret" in caplog.text)
    with pytest.raises(gr.Error, match="Pick a session"):  # the app's own messages pass unchanged
        guarded(lambda: (_ for _ in ()).throw(gr.Error("Pick a session")))()
