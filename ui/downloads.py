"""The report as files to download, named after the day and the round (`interview-2026-12-02-ml-theory.md`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from interviewer.domain.questions import Bank
from interviewer.interview.report import build_report, report_filename, report_json, report_markdown
from interviewer.interview.session import Session


def report_files(session: Session, bank: Bank, day: date, root: Path) -> tuple[str, str]:
    """Write the session's report as Markdown and JSON under `root`; one folder per session, rewritten rather than
    piling up (the app deletes it with the session, or when the session goes idle)."""
    report = build_report(session, bank)
    folder = root / session.id
    folder.mkdir(parents=True, exist_ok=True)
    md, js = folder / report_filename(session, day, "md"), folder / report_filename(session, day, "json")
    md.write_text(report_markdown(report, bank, session), encoding="utf-8")
    js.write_text(report_json(report, session), encoding="utf-8")
    return str(md), str(js)
