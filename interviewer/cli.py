"""The `interviewer` command line: each subcommand builds its dependencies and calls the core."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from interviewer.commands.evals import add_eval_parsers, settings_for
from interviewer.commands.tuning import add_tuning_parser
from interviewer.commands.users import add_user_parsers
from interviewer.domain.chunks import SearchHit
from interviewer.domain.history import LOCAL_USER, HistoryError
from interviewer.domain.questions import Round
from interviewer.kb.ports import StoreError

if TYPE_CHECKING:
    from interviewer.coding.judge import Judge

EXIT_USAGE = 2


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest the built-in knowledge plus any documents given."""
    from interviewer.services import run_ingest
    from interviewer.terminal import progress_bar

    update, close = progress_bar(args.quiet)
    try:
        report = run_ingest(settings_for(args), args.paths, progress=update)
    finally:
        close()
    for error in report.errors:
        print(f"skipped {error}", file=sys.stderr)
    if args.json:
        print(report.model_dump_json(indent=2))
    elif not args.quiet:
        print(
            f"{report.documents} documents ({report.unchanged} unchanged), {report.chunks} chunks: "
            f"{report.embedded} embedded, {report.deleted} removed, {len(report.errors)} problems; "
            f"{report.grading_texts} question-bank texts embedded for grading"
        )
    return 0


def _hits_json(query: str, round_: str | None, hits: Sequence[SearchHit]) -> str:
    return json.dumps(
        {"query": query, "round": round_, "results": [h.model_dump() for h in hits]},
        ensure_ascii=False,
        indent=2,
    )


def cmd_search(args: argparse.Namespace) -> int:
    """Search the knowledge base once, or interactively when no query is given."""
    from interviewer.services import ready_knowledge_base
    from interviewer.terminal import print_hits

    settings = settings_for(args)
    kb = ready_knowledge_base(settings, lambda notice: print(notice, file=sys.stderr))
    if args.query is not None:
        hits = kb.search(args.query, round=args.round, k=args.k, kind=args.kind)
        print(_hits_json(args.query, args.round, hits) if args.json else "", end="" if not args.json else "\n")
        if not args.json:
            print_hits(hits)
        return 0
    print("Search the interview knowledge base. Type a question; an empty line or Ctrl-D quits.")
    while True:
        try:
            query = input("search> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not query:
            return 0
        print_hits(kb.search(query, round=args.round, k=args.k, kind=args.kind))


def cmd_bench(args: argparse.Namespace) -> int:
    """Print the ingest and search figures."""
    from interviewer.bench import run_benchmarks

    figures = run_benchmarks(settings_for(args), searches=args.searches, grades=args.grades)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:<36} {value}")
    return 0


def _read_text_arg(text: str | None, path: str | None, what: str) -> str | None:
    """Text from a flag or a file; a file must be readable text."""
    if path is None:
        return text
    from interviewer.kb.repair import decode_bytes

    data = Path(path).read_bytes()
    if len(data) > 1_000_000:
        raise ValueError(f"{what} file is too large ({len(data):,} bytes; the limit is 1 MB)")
    try:
        return decode_bytes(data)
    except ValueError as exc:
        raise ValueError(f"{what} file {path} is not text ({exc})") from exc


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade one answer and print the feedback, or every answer of a batch file."""
    if args.batch:
        return _grade_batch(args)
    answer = _read_text_arg(args.answer, args.answer_file, "answer")
    reference = _read_text_arg(args.reference, args.reference_file, "reference")
    if answer is None:
        raise ValueError("give the answer with --answer or --answer-file")
    if not (args.question or "").strip():
        raise ValueError("the question is empty (give it with --question)")
    if not args.round:
        raise ValueError("give the round with --round")
    from interviewer.services import answer_grading

    target, grader = answer_grading(settings_for(args))
    feedback = grader.grade(target(Round(args.round), args.question, reference), answer)
    if args.json:
        print(json.dumps(feedback.to_report(), ensure_ascii=False, indent=2))
    else:
        from interviewer.terminal import print_feedback

        print_feedback(feedback)
    return 0


def _grade_batch(args: argparse.Namespace) -> int:
    """Grade a JSON-lines file (or stdin for "-"): one result line per input line, in order."""
    from interviewer.grading.batch import grade_lines
    from interviewer.grading.grader import ModelBreaker
    from interviewer.services import answer_grading

    if args.question or args.reference or args.reference_file:
        raise ValueError("--batch takes the question, round and reference from each line, not from flags")
    stream = sys.stdin.buffer if args.batch == "-" else Path(args.batch).open("rb")  # noqa: SIM115
    target, grader = answer_grading(settings_for(args))
    breaker = ModelBreaker()  # one run, one caller: an outage is not waited out on every line
    with stream:
        grade = functools.partial(grader.grade, breaker=breaker)
        for result in grade_lines(stream, lambda i: target(i.round, i.question, i.reference), grade):
            if args.json:
                print(result.to_json(), flush=True)
            elif result.feedback:
                print(f"{result.id}\t{result.feedback.overall:.1f}\t{','.join(result.feedback.flags)}", flush=True)
            else:
                print(f"{result.id}\terror\t{result.error}", flush=True)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """A terminal interview."""
    from interviewer.adapters.documents import read_document
    from interviewer.terminal import run_chat

    resume = read_document(Path(args.resume)) if args.resume else None
    job_ad = read_document(Path(args.job_ad)) if args.job_ad else None
    return run_chat(settings_for(args), args.round, args.questions, args.difficulty, resume, job_ad)


def cmd_history(args: argparse.Namespace) -> int:
    """The saved sessions, newest first: what the History tab lists."""
    from interviewer.adapters.history_db import History

    rows = History(settings_for(args).history_location).for_user(args.user).sessions()
    if args.json:
        print(json.dumps({"sessions": [row.model_dump() for row in rows]}, indent=2))
        return 0
    if not rows:
        print("No saved sessions yet: `interviewer chat` or `interviewer ui` saves each one as it goes.")
    for row in rows:
        average = f"{row.average:.1f}" if row.average is not None else "-"
        state = "done" if row.done else "in progress"
        print(
            f"{row.id}  {row.updated_at[:16].replace('T', ' ')}  {row.rounds:<28} {row.answered:>3} answers  "
            f"avg {average:<4} {state}"
        )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """One saved session's report, with its transcript: what the History tab opens."""
    from interviewer.adapters.history_db import History
    from interviewer.interview.report import build_report, report_json, report_markdown
    from interviewer.kb.catalog import load_bank

    session = History(settings_for(args).history_location).for_user(args.user).load(args.id)
    if session is None:
        _err(f"no saved session {args.id!r}: `interviewer history` lists them")
        return 1
    bank = load_bank()
    report = build_report(session, bank)
    print(report_json(report, session) if args.format == "json" else report_markdown(report, bank, session))
    return 0


def _judge() -> Judge:
    """The app's judge; problem files that did not load are named on stderr."""
    from interviewer.services import build_judge

    judge = build_judge()
    for error in judge.skipped:
        print(f"skipped {error}", file=sys.stderr)
    return judge


def cmd_problems(args: argparse.Namespace) -> int:
    """The coding and SQL problems, optionally of one round."""
    from interviewer.coding.catalogue import problem_rows

    rows = problem_rows(_judge().problems, args.round)
    if args.json:
        print(json.dumps({"problems": rows}, indent=2))
    for row in [] if args.json else rows:
        print(f"{row['id']:<38} {row['round']:<7} {row['difficulty']:<7} {row['pattern']:<28} {row['title']}")
    return 0


def cmd_solve(args: argparse.Namespace) -> int:
    """Run a .py or .sql file against a problem's hidden tests; exit 0 when every test passed, 1 otherwise."""
    from interviewer.coding.catalogue import solve_json
    from interviewer.kb.catalog import read_text

    judge = _judge()
    problem = judge.problem(args.id)
    path = Path(args.file)
    if path.suffix.lower() not in (".py", ".sql"):
        raise ValueError(f"{path} is neither a .py nor a .sql file")
    code, error = read_text(path)
    if code is None:
        raise ValueError(str(error))
    result = judge.check(problem.id, code, "submit", talk=code)
    if args.json:
        print(json.dumps(solve_json(result), indent=2, ensure_ascii=False))
    else:
        from interviewer.terminal import print_code_report

        print_code_report(result)
    return 0 if result.status == "passed" else 1


def cmd_ui(args: argparse.Namespace) -> int:
    """Serve the web app."""
    from interviewer.adapters.heavy_imports import collector_paused

    with collector_paused():  # about a second of the first page (benchmarks/first_page.py)
        from ui.server import launch

    settings = settings_for(args)
    if args.sign_in:
        settings = settings.model_copy(update={"sign_in": True})
    launch(settings, args.host, args.port, unsafe_open=args.unsafe_open_to_all)
    return 0


def _add_ui_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`ui`: the web app, local or hosted."""
    web = sub.add_parser("ui", help="serve the web app (Gradio)")
    web.add_argument("--host", help="interface to listen on (INTERVIEWER_UI_HOST, default 127.0.0.1)")
    web.add_argument("--port", type=int, help="port (INTERVIEWER_UI_PORT, default 7860)")
    web.add_argument("--sign-in", action="store_true", help="hosted mode: candidates sign in (INTERVIEWER_SIGN_IN)")
    web.add_argument(
        "--unsafe-open-to-all",
        action="store_true",
        help="serve a non-loopback address without sign-in: anyone who reaches it sees every session",
    )
    web.set_defaults(func=cmd_ui)


def _add_problem_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`problems` and `solve`: the coding and SQL problems from the terminal."""
    problems = sub.add_parser("problems", help="list the coding and SQL problems")
    problems.add_argument("--round", choices=["coding", "sql"], help="only this round's problems")
    problems.add_argument("--json", action="store_true", help="print JSON: an object with a `problems` list")
    problems.set_defaults(func=cmd_problems)

    solve = sub.add_parser("solve", help="run a .py or .sql solution against a problem's hidden tests")
    solve.add_argument("id", help="a problem id from `interviewer problems`")
    solve.add_argument("file", help="the solution: a .py file defining the function, or a .sql file with one query")
    solve.add_argument("--json", action="store_true", help="print JSON")
    solve.set_defaults(func=cmd_solve)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="interviewer", description="A mock interviewer for ML/AI engineering jobs.")
    parser.add_argument("--data-dir", help="where the vector store lives (INTERVIEWER_DATA_DIR)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 (INTERVIEWER_CHROMA_URL)")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser(
        "ingest", help="ingest the built-in knowledge plus your own .md/.txt/.html guides and the bank's grading texts"
    )
    ingest.add_argument("paths", nargs="*", help="extra documents or folders")
    ingest.add_argument("--quiet", action="store_true", help="print only problems")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.set_defaults(func=cmd_ingest)

    search = sub.add_parser("search", help="search the knowledge base (interactive without a query)")
    search.add_argument("query", nargs="?", help="what to look for")
    search.add_argument("--round", choices=[r.value for r in Round], help="only this round (plus general chunks)")
    search.add_argument("--k", type=int, default=5, help="how many results (1-50)")
    search.add_argument("--kind", choices=["guidance", "question"], help="only guidance or only questions")
    search.add_argument("--mode", choices=["hybrid", "dense"], help="retrieval mode (INTERVIEWER_SEARCH_MODE)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(func=cmd_search)

    add_eval_parsers(sub.add_parser("eval", help="measure quality"))

    grade = sub.add_parser("grade", help="grade one answer to any question")
    grade.add_argument("--round", choices=[r.value for r in Round], help="the round's rubric")
    grade.add_argument("--question", help="the question that was asked")
    answer = grade.add_mutually_exclusive_group(required=True)
    answer.add_argument("--answer", help="the answer text")
    answer.add_argument("--answer-file", help="a file holding the answer")
    answer.add_argument(
        "--batch",
        metavar="FILE.jsonl",
        help="grade every line {id, round, question, answer[, reference]} (- for stdin)",
    )
    reference = grade.add_mutually_exclusive_group()
    reference.add_argument("--reference", help="a reference answer to grade against")
    reference.add_argument("--reference-file", help="a file holding a reference answer")
    grade.add_argument("--json", action="store_true", help="print one JSON object (one per line with --batch)")
    grade.set_defaults(func=cmd_grade)

    chat = sub.add_parser("chat", help="a mock interview in the terminal")
    chat.add_argument(
        "--round",
        choices=[*[r.value for r in Round], "loop"],
        default="behavioral",
        help="one round, or loop for the full loop",
    )
    chat.add_argument("--questions", type=int, help="questions per round (INTERVIEWER_QUESTIONS_PER_ROUND)")
    chat.add_argument("--difficulty", choices=["easy", "medium", "hard"], help="starting difficulty")
    chat.add_argument("--resume", help="your resume: PDF, DOCX, Markdown or text (the screen round asks about it)")
    chat.add_argument("--job-ad", help="the job ad: PDF, DOCX, Markdown or text (the screen round closes on it)")
    chat.set_defaults(func=cmd_chat)

    history = sub.add_parser("history", help="list saved sessions (the web app's and the terminal's)")
    history.add_argument("--json", action="store_true", help="print JSON: an object with a `sessions` list")
    history.add_argument("--user", default=LOCAL_USER, help="whose sessions (hosted mode); default: the local user")
    history.set_defaults(func=cmd_history)

    report = sub.add_parser("report", help="print one saved session's report and transcript")
    report.add_argument("id", help="a session id from `interviewer history`")
    report.add_argument("--format", choices=["md", "json"], default="md")
    report.add_argument("--user", default=LOCAL_USER, help="whose session (hosted mode); default: the local user")
    report.set_defaults(func=cmd_report)

    _add_ui_parser(sub)
    add_user_parsers(sub)
    add_tuning_parser(sub)

    _add_problem_parsers(sub)

    bench = sub.add_parser("bench", help="print ingest, search and grading figures (uses a temporary store)")
    bench.add_argument("--searches", type=int, default=200, help="warm searches to time")
    bench.add_argument("--grades", type=int, default=200, help="warm offline grades to time")
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `interviewer` command."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ValidationError as exc:
        _err("; ".join(f"invalid {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))
        return EXIT_USAGE
    except (StoreError, HistoryError, ValueError, OSError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
