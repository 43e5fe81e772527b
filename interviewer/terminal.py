"""The terminal interview: the same engine as the web app, in a shell."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator

from interviewer.domain.questions import Difficulty, Round
from interviewer.interview.session import LOOP_ORDER, SessionConfig, start
from interviewer.settings import Settings

HELP = "Answer, then press Enter on an empty line. Commands: /hint /skip /repeat /end (end round) /quit"


def _read_answer() -> str | None:
    """Read lines until an empty line; None at end of input."""
    lines: list[str] = []
    while True:
        try:
            line = input("> " if not lines else "  ")
        except EOFError:
            return "\n".join(lines) if lines else None
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        if not lines and line.strip().startswith("/"):
            return line.strip()
        lines.append(line)


def run_chat(
    settings: Settings,
    round_name: str,
    questions: int | None,
    difficulty: str | None,
    candidate_context: str | None,
) -> int:
    """Run an interview on stdin/stdout until the session ends or the candidate quits."""
    from rich.console import Console

    from interviewer.interview.render import print_feedback
    from interviewer.services import build_interviewer, build_knowledge_base, build_model, run_ingest

    console = Console(highlight=False)
    rounds = list(LOOP_ORDER) if round_name == "loop" else [Round(round_name)]
    config = SessionConfig(
        rounds=rounds,
        questions_per_round=questions or settings.questions_per_round,
        difficulty=Difficulty(difficulty) if difficulty else None,
        seed=uuid.uuid4().int % 1_000_000,
        candidate_context=candidate_context,
    )
    kb = build_knowledge_base(settings)
    if kb.store.count() == 0:
        console.print("Preparing the knowledge base (first run only)...")
        run_ingest(settings, store=kb.store)  # type: ignore[arg-type]
    model = build_model(settings)
    interviewer = build_interviewer(settings, start(uuid.uuid4().hex, config), model, kb)
    console.print(f"[bold]Mock interview[/bold] · graded by {model.name if model else 'offline'}\n{HELP}\n")

    def say(stream: Iterator[str]) -> None:
        for piece in stream:
            sys.stdout.write(piece)
            sys.stdout.flush()
        sys.stdout.write("\n")
        for notice in interviewer.notices:
            console.print(f"[yellow]⚠ {notice}[/yellow]")
        interviewer.notices.clear()

    while not interviewer.session.done:
        console.print("\n[bold cyan]Interviewer:[/bold cyan] ", end="")
        say(interviewer.ask_next())
        if interviewer.session.done:
            break
        started = time.monotonic()
        while True:
            answer = _read_answer()
            if answer is None or answer == "/quit":
                console.print("Bye!")
                return 0
            if answer == "/hint":
                say(interviewer.hint())
            elif answer == "/repeat":
                console.print(interviewer.repeat())
            elif answer == "/skip":
                interviewer.skip()
                break
            elif answer == "/end":
                interviewer.end_round()
                break
            elif answer.startswith("/"):
                console.print(HELP)
            else:
                console.print("[dim]Grading...[/dim]")
                feedback = interviewer.submit(answer, seconds=round(time.monotonic() - started, 1))
                print_feedback(feedback)
                for notice in interviewer.notices:
                    console.print(f"[yellow]⚠ {notice}[/yellow]")
                interviewer.notices.clear()
                break
    return 0
