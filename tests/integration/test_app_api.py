"""The app through its API (gradio_client): tab isolation, bad input, and an unreachable LLM."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file

from interviewer.adapters.history_db import History
from tests.integration.servers import free_port, serve
from tests.integration.test_browser import STRONG


def _chat_text(outputs: tuple[object, ...]) -> str:
    return json.dumps(outputs[1])


def _status_when_ready(client: Client, timeout_s: float = 120) -> str:
    """The start screen's status line once the engine is prepared (it is prepared in the background)."""
    deadline = time.monotonic() + timeout_s
    while "⏳" in (status := str(client.predict(api_name="/status")[0])) and time.monotonic() < deadline:
        time.sleep(0.5)
    return status


def test_first_run_serves_the_page_at_once_and_shows_progress(tmp_path: Path) -> None:
    """A fresh data folder: the page comes up while the knowledge store is still empty, and says how far it is."""
    with serve(tmp_path, free_port()) as url:
        client = Client(url, verbose=False)
        first = str(client.predict(api_name="/status")[0])
        assert "⏳" in first and "Start is enabled as soon as the interviewer is ready" in first
        deadline, seen = time.monotonic() + 120, first
        while "passages embedded" not in seen and time.monotonic() < deadline:
            time.sleep(0.5)
            seen = str(client.predict(api_name="/status")[0])
        assert re.search(r"Building the knowledge base \(first run only\): \d+ of \d+ passages embedded", seen), seen


def test_isolation_and_bad_input(shared_app: tuple[str, Path], tmp_path: Path) -> None:
    url, data = shared_app
    alice, bob = Client(url, verbose=False), Client(url, verbose=False)
    alice.predict("behavioral", "adaptive", 3, "", None, "", None, api_name="/start")
    bob.predict("ml_theory", "easy", 3, "", None, "", None, api_name="/start")
    from_alice = alice.predict(f"{STRONG} Alice-only-marker.", None, api_name="/answer")
    from_bob = bob.predict("Bias underfits and variance overfits. Bob-only-marker.", None, api_name="/answer")
    assert "Alice-only-marker" in _chat_text(from_alice) and "Bob-only-marker" not in _chat_text(from_alice)
    assert "Bob-only-marker" in _chat_text(from_bob) and "Alice-only-marker" not in _chat_text(from_bob)

    before = {r.id: r.answered for r in History(data / "history.sqlite3").for_user("local").sessions()}
    empty = alice.predict("   ", None, api_name="/answer")
    assert empty is not None
    after = {r.id: r.answered for r in History(data / "history.sqlite3").for_user("local").sessions()}
    assert after == before  # an empty submit is refused, nothing is recorded

    huge = alice.predict("I led the project. " * 6000, None, api_name="/answer")
    assert "Overall:" in str(huge[2])
    # A very short answer (junk here) is graded only once it is submitted a second time, unchanged.
    junk = "\x00\x01\x02\x7f\x1b[31m\x00 ÿþ \x03"
    before = sum(r.answered for r in History(data / "history.sqlite3").for_user("local").sessions())
    bob.predict(junk, None, api_name="/answer")
    assert sum(r.answered for r in History(data / "history.sqlite3").for_user("local").sessions()) == before
    assert "Overall:" in str(bob.predict(junk, None, api_name="/answer")[2])
    assert sum(r.answered for r in History(data / "history.sqlite3").for_user("local").sessions()) == before + 1

    binary = tmp_path / "resume.txt"
    binary.write_bytes(b"\x00\x01PNG\x00\x00binary")
    carol = Client(url, verbose=False)
    with pytest.raises(Exception, match="not text"):
        carol.predict("screen", "adaptive", 3, "", handle_file(str(binary)), "", None, api_name="/start")
    # An upload over the 5 MB limit is refused by the server while it streams in, before anything reads it.
    oversized = httpx.post(f"{url}gradio_api/upload", files={"files": ("resume.txt", b"a" * 6_000_000)})
    assert oversized.status_code == 413 and "File size exceeded" in oversized.text
    # The server is still up and serving the others.
    assert "Overall:" in str(bob.predict("Variance is sensitivity to the sample.", None, api_name="/answer")[2])


def test_unreachable_llm_is_shown_and_the_app_runs_offline(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")  # nothing listens there
    monkeypatch.setenv("INTERVIEWER_LLM_MODEL", "some-model")
    with serve(store_copy, free_port()) as url:
        client = Client(url, verbose=False)
        status = _status_when_ready(client)
        assert "unreachable" in status and "offline" in status
        client.predict("behavioral", "adaptive", 2, "", None, "", None, api_name="/start")
        outputs = client.predict(STRONG, None, api_name="/answer")
        assert "graded by offline" in str(outputs[2])


def test_a_screen_round_asks_about_an_uploaded_resume_and_closes_on_the_job_ad(
    shared_app: tuple[str, Path], tmp_path: Path
) -> None:
    from docx import Document

    resume = tmp_path / "resume.docx"
    document = Document()
    document.add_paragraph("Senior ML Engineer, Zalando (2021 - present)")
    document.add_paragraph("Built a churn model that cut monthly churn by 12% across 3 markets")
    document.save(str(resume))
    job_ad = "Requirements:\n- 3+ years of experience with Python and deep learning frameworks\n"
    url = shared_app[0]
    client = Client(url, verbose=False)
    started = client.predict("screen", "adaptive", 2, "", handle_file(str(resume)), job_ad, None, api_name="/start")
    chat = json.dumps(started, ensure_ascii=False)
    assert "Walk me through how you built the churn model at Zalando" in chat and "12%" in chat
    answered = client.predict(f"{STRONG}", None, api_name="/answer")
    while "follow-up" in _chat_text(answered).rsplit("scored", 1)[-1]:
        answered = client.predict("I am not sure about that part.", None, api_name="/answer")
    assert "3+ years of experience with Python and deep learning frameworks" in _chat_text(answered)


def test_a_session_is_deleted_only_after_confirmation(shared_app: tuple[str, Path]) -> None:
    url, data = shared_app
    client = Client(url, verbose=False)
    client.predict("behavioral", "adaptive", 2, "", None, "", None, api_name="/start")
    client.predict(STRONG, None, api_name="/answer")
    history = History(data / "history.sqlite3").for_user("local")
    session_id = history.sessions()[0].id
    client.predict(session_id, False, False, api_name="/delete")  # not confirmed: nothing happens
    assert history.load(session_id) is not None
    outputs = client.predict(session_id, True, False, api_name="/delete")
    assert history.load(session_id) is None and session_id not in json.dumps(outputs[0])


HOSTILE = {
    "while True:\n    pass": "it may loop forever",  # CPU time or the clock, whichever comes first
    "import os\nwhile True:\n    os.fork()": "",
    "x = bytearray(10 * 1024**3)": "MemoryError",
    "print('x' * (100 * 1024 * 1024))": "more output than allowed",
    "print(open('/etc/passwd').read())": "FileNotFoundError",
    "import socket\nsocket.create_connection(('127.0.0.1', 80), timeout=1)": "Error: [Errno",  # no network
    "import ctypes\nctypes.string_at(0)": "crashed",
}


def test_hostile_code_gets_a_clear_message_and_the_session_goes_on(shared_app: tuple[str, Path]) -> None:
    url, data = shared_app
    client = Client(url, verbose=False)
    client.predict("coding", "easy", 1, "", None, "", None, api_name="/start")
    for code, says in HOSTILE.items():
        shown = str(client.predict(code, api_name="/run_code"))
        assert "on this problem" in shown and "✓ All tests passed" not in shown
        assert says in shown, (code, shown)
    # The app and the session are still there: the answer is graded and the run count kept.
    graded = client.predict("I would use a hash map, O(n) time.", "def f():\n    return 1", api_name="/answer")
    assert "Tests passed" in str(graded[2]) and "Submit (the hidden tests)" in str(graded[2])
    stored = [
        History(data / "history.sqlite3").for_user("local").load(r.id)
        for r in History(data / "history.sqlite3").for_user("local").sessions()
    ]
    turns = [t for s in stored if s for t in s.turns if t.runs == len(HOSTILE)]
    assert len(turns) == 1 and turns[0].tests is not None
