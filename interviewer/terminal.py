"""The terminal: the interview in a shell (the same engine as the web app), and everything the CLI prints with rich."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from interviewer.domain.chunks import SearchHit
from interviewer.domain.feedback import Feedback
from interviewer.domain.questions import Difficulty, Round
from interviewer.domain.runs import CodeReport
from interviewer.interview.render import code_report_markdown, feedback_markdown
from interviewer.interview.session import LOOP_ORDER, SessionConfig, start, turn_labels
from interviewer.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.interview.engine import Interviewer

HELP = (
    "Answer, then press Enter on an empty line (blank lines inside a ``` code block do not end it). Coding and SQL "
    "problems: put your code in a ``` block; /run tries the last code you wrote on the examples. "
    "Commands: /hint /skip /repeat /run /end (end round) /quit"
)


def _read_answer() -> str | None:
    """Read lines until an empty line; None at end of input."""
    lines: list[str] = []
    while True:
        try:
            # A prompt is for someone typing: piped answers would run into it on one line.
            line = input(("> " if not lines else "  ") if sys.stdin.isatty() else "")
        except EOFError:
            return "\n".join(lines) if lines else None
        if not line.strip():
            in_code = sum(1 for kept in lines if kept.strip().startswith("```")) % 2 == 1
            if lines and not in_code:
                return "\n".join(lines)
            if lines:
                lines.append(line)
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
    job_ad: str | None = None,
) -> int:
    """Run an interview on stdin/stdout until the session ends or the candidate quits."""
    from rich.console import Console

    from interviewer.adapters.history_db import LOCAL_USER, History, HistoryError
    from interviewer.services import build_interviewer, build_model, ready_knowledge_base

    console = Console(highlight=False)
    rounds = list(LOOP_ORDER) if round_name == "loop" else [Round(round_name)]
    config = SessionConfig(
        rounds=rounds,
        questions_per_round=questions or settings.questions_per_round,
        difficulty=Difficulty(difficulty) if difficulty else None,
        seed=uuid.uuid4().int % 1_000_000,
        candidate_context=candidate_context,
        job_ad=job_ad,
    )
    kb = ready_knowledge_base(settings, console.print)
    model = build_model(settings)
    interviewer = build_interviewer(settings, start(uuid.uuid4().hex, config), model, kb)
    history = History(settings.history_location).for_user(LOCAL_USER)
    engine = model.name if model else "offline"
    console.print(f"[bold]Mock interview[/bold] · graded by {engine} · session {interviewer.session.id}\n{HELP}\n")

    def save() -> None:
        try:
            history.save(interviewer.session, engine, datetime.now())
        except HistoryError as exc:
            console.print(f"[yellow]⚠ {exc}[/yellow]")

    while not interviewer.session.done:
        asked = len(interviewer.session.turns)
        console.print("\n[bold cyan]Interviewer:[/bold cyan]")
        _say(console, interviewer, interviewer.ask_next())
        save()
        if interviewer.session.done:
            return 0  # the closing summary was just said
        if len(interviewer.session.turns) > asked:
            console.print(f"[dim]({turn_labels(interviewer.session)[-1]})[/dim]")
        keep_going = _answer_turn(console, interviewer)
        save()
        if not keep_going:
            console.print(f"Bye! Saved as session {interviewer.session.id} (`interviewer report ID` prints it).")
            return 0
    # Ended with /end on the last round: the closing summary has not been said yet.
    console.print(f"\n[bold cyan]Interviewer:[/bold cyan]\n{interviewer.session.closing or ''}")
    console.print(
        f"Saved as session {interviewer.session.id}: `interviewer report {interviewer.session.id}` prints it."
    )
    return 0


def _say(console: Console, interviewer: Interviewer, stream: Iterator[str]) -> None:
    """Print an interviewer turn as it streams, then any notices."""
    for piece in stream:
        sys.stdout.write(piece)
        sys.stdout.flush()
    sys.stdout.write("\n")
    _notices(console, interviewer)


def _notices(console: Console, interviewer: Interviewer) -> None:
    for notice in interviewer.notices:
        console.print(f"[yellow]⚠ {notice}[/yellow]")
    interviewer.notices.clear()


def _answer_turn(console: Console, interviewer: Interviewer) -> bool:
    """Commands until an answer, a skip or the end of the round; False when the candidate quits."""
    started, written = time.monotonic(), None
    while True:
        answer = _read_answer()
        if answer is None or answer == "/quit":
            return False
        if answer == "/hint":
            _say(console, interviewer, interviewer.hint())
        elif answer == "/repeat":
            console.print(interviewer.repeat())
        elif answer == "/run":
            _run_last_code(console, interviewer, written)
        elif answer.startswith("```") and interviewer.open_problem() is not None:
            written = answer  # code alone: kept for /run and sent with the talk-through
            console.print("[dim]Code kept: /run tries it on the examples; your next answer is sent with it.[/dim]")
        elif answer == "/skip":
            interviewer.skip()
            return True
        elif answer == "/end":
            ending = interviewer.session.round
            interviewer.end_round()
            if ending is not None:
                console.print(interviewer.round_summary(interviewer.session, ending).strip())
            return True
        elif answer.startswith("/"):
            console.print(HELP)
        else:
            if not sys.stdin.isatty():  # piped answers are not echoed: show them on their own line
                console.print(f"[bold]You:[/bold] {answer}")
            if written and "```" not in answer:
                answer = f"{answer}\n\n{written}"  # the talk-through goes with the code written before it
            console.print(
                "[dim]Grading...[/dim]" if "```" not in answer else "[dim]Running the tests, grading...[/dim]"
            )
            print_feedback(interviewer.submit(answer, seconds=round(time.monotonic() - started, 1)))
            tests = interviewer.session.turns[-1].tests if interviewer.session.turns else None
            if tests is not None:
                print_code_report(tests)
            _notices(console, interviewer)
            return True


def _run_last_code(console: Console, interviewer: Interviewer, written: str | None) -> None:
    """/run: the code kept from the last ``` block, on the open problem's examples."""
    from interviewer.interview.solutions import fenced_code

    code = fenced_code(written or "")[1]
    if interviewer.open_problem() is None or interviewer.runner is None:
        console.print("There is no coding or SQL problem open: /run is for those.")
    elif not code:
        console.print("Write your code in a ``` block first (an answer that is only the block), then /run.")
    else:
        print_code_report(interviewer.run_code(code))


def print_feedback(feedback: Feedback) -> None:
    """Print feedback to the terminal."""
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(feedback_markdown(feedback)))


def print_code_report(report: CodeReport) -> None:
    """Print what a Run or Submit showed."""
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(code_report_markdown(report)))


def progress_bar(quiet: bool, label: str = "embedding") -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A rich progress bar (embedding, unless labelled otherwise), shown on stderr; returns (update, close)."""
    if quiet:
        return None, lambda: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True)
    task: list[TaskID] = []

    def update(done: int, total: int) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task("embed", total=total))
        bar.update(task[0], completed=done)

    return update, bar.stop


def print_hits(hits: Sequence[SearchHit]) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    if not hits:
        console.print("No results.")
    for rank, hit in enumerate(hits, 1):
        console.print(
            f"[bold]{rank}. {hit.section}[/bold]  [dim]{hit.source} · {hit.round}/{hit.topic} · "
            f"{hit.kind} · {hit.score:.2f}[/dim]",
            markup=True,
        )
        text = " ".join(hit.text.split())
        console.print(f"   {text[:400]}{'…' if len(text) > 400 else ''}\n", markup=False)
