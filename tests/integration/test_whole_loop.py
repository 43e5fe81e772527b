"""A whole loop in the terminal with scripted answers: natural follow-ups and hints that never give a key point
away, no follow-up asked twice, resume questions that invent nothing, a report with the transcript, and the session
in the history."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from interviewer.kb.catalog import load_bank
from tests.integration.test_grade_and_chat_cli import _run

RESUME = """Priya Raman
Senior Machine Learning Engineer, Zalando (2021 - present)
- Built a churn model that cut monthly churn by 12% across 3 markets
Skills: Python, PyTorch, SQL
"""
JOB_AD = "Requirements:\n- 3+ years of experience with Python and deep learning frameworks\n"
# Half an answer: on topic enough to draw follow-ups, short of a strong one; every third turn asks for a hint first.
ANSWER = "I would start from a simple baseline, check the data for leakage, and compare on a holdout set."
# The broken turns the issue quoted came from templates built around a rubric point: "Let me push on one point you
# haven't covered yet: what about <point>?", "Let me push on that. <bank follow-up>", "Hint: think about <point>."
BROKEN = [r"Let me push on", r"haven't covered yet: what about", r"^Hint: think about"]


def test_a_whole_loop_in_the_terminal(builtin_store_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "resume.md").write_text(RESUME, encoding="utf-8")
    (tmp_path / "job.txt").write_text(JOB_AD, encoding="utf-8")
    turns = [f"/hint\n{ANSWER}\n" if i % 3 == 0 else f"{ANSWER}\n" for i in range(45)]
    env = {"INTERVIEWER_HISTORY_PATH": str(tmp_path / "history.sqlite3")}
    data = ("--data-dir", str(builtin_store_dir))
    result = _run(
        *data, "chat", "--round", "loop", "--questions", "2", "--resume", str(tmp_path / "resume.md"),
        "--job-ad", str(tmp_path / "job.txt"), stdin="\n".join(turns) + "\n/quit\n", env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "That's the end of the interview." in result.stdout

    sessions = json.loads(_run(*data, "history", "--json", env=env).stdout)["sessions"]
    assert len(sessions) == 1 and sessions[0]["done"] and sessions[0]["rounds"].count(",") == 4
    report = json.loads(_run(*data, "report", sessions[0]["id"], "--format", "json", env=env).stdout)
    session = report["session"]
    hints = [line for line in result.stdout.splitlines() if line.startswith("Hint:")]
    assert_a_natural_loop(session, hints, RESUME)

    markdown = _run(*data, "report", sessions[0]["id"], env=env).stdout
    assert "## Transcript" in markdown and all(t["prompt"] in markdown for t in session["turns"])


def assert_a_natural_loop(session: dict[str, Any], hints: list[str], resume: str, min_each: int = 5) -> None:
    """The acceptance checks on a whole loop's session (as the JSON report holds it) and the hints shown: no key point
    verbatim, none of the broken templates, no follow-up twice, resume questions naming only what the resume says."""
    points = [p for q in load_bank().questions for p in q.key_points]
    follow_ups = [t for t in session["turns"] if t["kind"] == "follow_up"]
    assert len(follow_ups) >= min_each and len(hints) >= min_each, (len(follow_ups), len(hints))
    assert len({t["prompt"] for t in follow_ups}) == len(follow_ups)  # no follow-up asked twice
    for text in [t["prompt"] for t in session["turns"]] + hints:
        assert not any(p in text for p in points), text  # never a key point verbatim
        assert not any(re.search(b, text) for b in BROKEN), text

    resume_turns = [
        t for t in session["turns"] if t["question_id"].startswith("scr-context-resume") and t["kind"] == "question"
    ]
    assert resume_turns and "Zalando" in resume_turns[0]["prompt"]
    for turn in resume_turns:
        for token in re.findall(r"[A-Z][A-Za-z]+|\d[\d.,%]*", turn["prompt"]):
            assert token.strip(".,") in resume or token in {"Walk", "As", "You", "What"}, (token, turn["prompt"])
    assert any(t["question_id"].startswith("scr-context-job") for t in session["turns"])
