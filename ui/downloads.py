"""The report as files to download, named after the day and the round (`interview-2026-12-02-ml-theory.md`)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from interviewer.domain.questions import Bank
from interviewer.interview.report import build_report, report_filename, report_json, report_markdown
from interviewer.interview.session import Session


def report_files(session: Session, bank: Bank, day: date) -> tuple[str, str]:
    """Write the session's report as Markdown and JSON; one folder per session, rewritten rather than piling up."""
    report = build_report(session, bank)
    folder = Path(tempfile.gettempdir()) / "interviewer-reports" / session.id
    folder.mkdir(parents=True, exist_ok=True)
    md, js = folder / report_filename(session, day, "md"), folder / report_filename(session, day, "json")
    md.write_text(report_markdown(report, bank, session), encoding="utf-8")
    js.write_text(report_json(report, session), encoding="utf-8")
    return str(md), str(js)
