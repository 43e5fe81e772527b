"""The app's pure view functions, the session report, and the SQLite history."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from interviewer.adapters.history_db import History, HistoryError, StaleSession
from interviewer.domain.feedback import (
    Citation,
    CriterionScore,
    Feedback,
    KeyPointResult,
    MetricsCheck,
    StarCheck,
    StarPart,
)
from interviewer.domain.questions import Round
from interviewer.interview.report import build_report, report_filename, report_json, report_markdown
from interviewer.interview.session import (
    LOOP_ORDER,
    Session,
    SessionConfig,
    ask,
    pick_question,
    record_answer,
    skip,
    start,
)
from interviewer.kb.catalog import load_bank
from ui import views

BANK = load_bank()


def _feedback(question_id: str, overall: float, star: bool = True) -> Feedback:
    return Feedback(
        question_id=question_id,
        round="behavioral",
        overall=overall,
        criteria=[
            CriterionScore(name="star", score=int(overall), reason="r"),
            CriterionScore(name="quantified_impact", score=2, reason="r"),
        ],
        key_points=[KeyPointResult(point="Quantifies the result", covered=False, similarity=0.2)],
        star=StarCheck(
            situation=StarPart(present=True, evidence="At my last job"),
            task=StarPart(present=False),
            action=StarPart(present=star, evidence="I rebuilt it" if star else None),
            result=StarPart(present=False),
        ),
        metrics=MetricsCheck(present=True, evidence=["40%"]),
        citations=[Citation(source="guides/behavioral.md", section="The STAR method", text="Situation <b>first</b>")],
    )


def _session(scores: list[float], skipped: int = 0) -> Session:
    session = start("sess-1", SessionConfig(rounds=[Round.BEHAVIORAL], questions_per_round=len(scores) + skipped))
    for overall in scores:
        question = pick_question(session, BANK)
        assert question is not None
        session = record_answer(
            ask(session, question, question.question), "answer", 30, _feedback(question.id, overall)
        )
    for _ in range(skipped):
        question = pick_question(session, BANK)
        assert question is not None
        session = skip(ask(session, question, question.question))
    return session


def test_chat_messages_and_feedback_views() -> None:
    session = _session([4.0])
    messages = views.chat_messages(session)
    assert [m["role"] for m in messages] == ["assistant", "user", "assistant"]
    assert "4.0 / 5" in messages[-1]["content"]
    feedback = session.turns[0].feedback
    panel = views.feedback_view(feedback)
    assert "Overall: 4.0 / 5" in panel and "✓ Situation: “At my last job”" in panel and "✗ Task" in panel
    assert "Guidance used" not in panel
    cited = views.citations_html(feedback)
    assert "<details>" in cited and "&lt;b&gt;first&lt;/b&gt;" in cited
    assert views.feedback_view(None).startswith("_Answer")
    assert views.timer_text(75) == "Time on this answer: 1:15"


def test_engine_status_says_offline_or_unreachable() -> None:
    assert "offline" in views.engine_status("offline")
    assert "unreachable" in views.engine_status("llama3", "connection refused")
    assert "llama3" in views.engine_status("llama3")


def test_clean_answer_handles_junk_and_huge_pastes() -> None:
    text, notice = views.clean_answer("ok\x00\x07 answer", 100)
    assert text == "ok answer" and notice
    text, notice = views.clean_answer("x" * 100_000, 20_000)
    assert len(text) == 20_000 and notice and "20,000" in notice
    assert views.clean_answer("fine\nanswer", 100) == ("fine\nanswer", None)


def test_report_summarises_best_weakest_and_practice() -> None:
    session = _session([4.5, 1.5, 3.0], skipped=1)
    report = build_report(session, BANK)
    assert report.answered == 3 and report.skipped == 1
    assert report.overall_average == 3.0
    assert report.criteria["quantified_impact"] == 2.0
    assert report.best[0].overall == 4.5 and report.weakest[0].overall == 1.5
    assert {a.question for a in report.best}.isdisjoint({a.question for a in report.weakest})
    assert report.practise_next and report.missed_points == ["Quantifies the result"]
    markdown = report_markdown(report, BANK)
    assert "# Interview report · behavioral" in markdown and "Practise next" in markdown
    assert '"report"' in report_json(report, session) and '"turns"' in report_json(report, session)
    assert "graded by offline" in markdown
    unanswered = report_markdown(build_report(_session([], skipped=1), BANK), BANK)
    assert "nobody" not in unanswered and "graded by" not in unanswered  # nothing graded: no grader named


def test_the_report_holds_the_whole_transcript_with_each_answers_feedback_and_a_dated_name() -> None:
    session = _session([4.5, 1.5], skipped=1)
    intro = "Behavioral round (about 30-45 minutes)."
    first = session.turns[0].model_copy(update={"intro": intro})
    session = session.model_copy(update={"turns": [first, *session.turns[1:]]})
    markdown = report_markdown(build_report(session, BANK), BANK, session)
    transcript = markdown.split("## Transcript", 1)[1]
    for label, turn in zip(["Q1", "Q2", "Q3"], session.turns, strict=True):
        assert f"### {label} · Behavioral" in transcript and f"**Asked:** {turn.prompt}" in transcript
    assert transcript.count("Overall: ") == 2 and "_Skipped._" in transcript and "> answer" in transcript
    assert intro not in markdown  # the round's opening line is not part of any question
    assert report_filename(session, date(2026, 12, 2), "md") == "interview-2026-12-02-behavioral.md"
    loop = session.model_copy(update={"config": session.config.model_copy(update={"rounds": list(LOOP_ORDER)})})
    assert report_filename(loop, date(2026, 12, 2), "json") == "interview-2026-12-02-loop.json"
    ml = session.model_copy(update={"config": session.config.model_copy(update={"rounds": [Round.ML_THEORY]})})
    assert report_filename(ml, date(2026, 12, 2), "md") == "interview-2026-12-02-ml-theory.md"


def test_the_chat_names_the_question_each_score_belongs_to_and_ends_with_the_closing() -> None:
    session = _session([3.0])
    done = session.model_copy(update={"done": True, "closing": "That's the end of the interview."})
    messages = views.chat_messages(done)
    assert messages[0]["content"].startswith("**Q1.** ")
    assert messages[2]["content"].startswith("Q1 scored **3.0 / 5**")
    assert messages[-1]["content"] == "That's the end of the interview."
    panel = views.feedback_view(done.turns[0].feedback, done)
    # a prompt over 120 characters is cut at a word and ends with an ellipsis
    assert panel.startswith(f"**Feedback on Q1:** {done.turns[0].prompt[:60]}") and "Overall: 3.0 / 5" in panel


def test_history_saves_loads_lists_and_charts(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3").for_user("local")
    now = datetime(2026, 11, 22, 12, 0, 0)
    session = _session([4.0])
    history.save(session, "offline", now)
    stale = _session([4.0, 2.0])  # a copy from before the first save: the store refuses it, and writes nothing
    with pytest.raises(StaleSession):
        history.save(stale, "offline", now)
    session = _session([4.0, 2.0]).model_copy(update={"revision": session.revision})
    history.save(session, "offline", now + timedelta(minutes=5))
    assert history.load("sess-1") == session and session.revision == 2
    (row,) = history.sessions()
    assert row.answered == 2 and row.average == 3.0 and not row.done
    points = history.criterion_points()
    assert len(points) == 4 and points[0].answered_at == "2026-11-22T12:00:00"
    records = views.progress_records(points)
    assert records[0]["series"] == "STAR structure"
    assert "Quantified impact: 2.0" in views.criterion_averages(points)
    table = views.history_table(history.sessions())
    assert table[0][-1] == "sess-1" and table[0][1] == "Behavioral" and table[0][3] == "3.0"
    (point,) = history.round_averages()
    assert point.round == "behavioral" and point.average == 3.0 and point.started_at == "2026-11-22T12:00:00"
    assert views.round_progress([point]) == [{"when": "2026-11-22 12:00", "series": "Behavioral", "score": 3.0}]
    assert views.round_names("screen,coding,ml_theory,system_design,behavioral") == "Full loop"
    assert views.round_names("ml_theory,system_design") == "ML theory, ML system design"
    assert history.load("missing") is None
    topics = views.weakest_topics(history.question_scores(), BANK)
    assert topics.startswith("**Weakest topics") and "over 1 answers" in topics
    assert history.delete("sess-1") and history.sessions() == [] and history.round_averages() == []
    assert not history.delete("sess-1")


def test_history_errors_are_clear(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(HistoryError, match="cannot open the history database"):
        History(blocker / "h.sqlite3").for_user("local")
    path = tmp_path / "h.sqlite3"
    history = History(path).for_user("local")
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE turns")
    with pytest.raises(HistoryError, match="could not save"):
        history.save(_session([3.0]), "offline", datetime(2026, 1, 1))


def test_flags_are_shown_in_words_not_internal_names() -> None:
    from interviewer.domain.feedback import FLAG_NAMES, FLAG_REASONS

    assert set(FLAG_NAMES) == set(FLAG_REASONS)
    flagged = _feedback("beh-failure-1", 1.0).model_copy(update={"flags": ["off_topic", "dont_know"]})
    panel = views.feedback_view(flagged)
    assert "**Off topic**: the answer does not address the question." in panel and "off_topic" not in panel
    assert "**No answer**" in panel and "dont_know" not in panel
