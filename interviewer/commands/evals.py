"""The `interviewer eval` subcommands: retrieval, grader, tune-reference, ladder and own."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from interviewer.settings import Settings, settings_with


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings for a subcommand: the global options (--data-dir, --chroma-url) and --mode win."""
    return settings_with(args.data_dir, args.chroma_url, getattr(args, "mode", None))


def cmd_eval_retrieval(args: argparse.Namespace) -> int:
    """Recall@k and MRR of retrieval on a labeled query set."""
    from interviewer.evaluation.retrieval import default_dataset, evaluate, load_cases, report_text
    from interviewer.services import ready_knowledge_base

    settings = settings_for(args)
    cases = load_cases(Path(args.dataset) if args.dataset else default_dataset())
    kb = ready_knowledge_base(settings)
    report = evaluate(kb, cases)
    print(f"mode         {settings.search_mode}", file=sys.stderr)
    if args.json:
        print(report.model_dump_json(indent=2, exclude={"cases"} if not args.cases else set()))
    else:
        print(report_text(report))
    return 0


def cmd_eval_grader(args: argparse.Namespace) -> int:
    """The grader against human grades, with baselines."""
    from interviewer.adapters.embedder import CachedEmbedder
    from interviewer.evaluation.datasets import load
    from interviewer.evaluation.grader_eval import evaluate, report_markdown, score_items
    from interviewer.grading.targets import reference_target
    from interviewer.services import answer_grading, build_embedder
    from interviewer.terminal import progress_bar

    settings = settings_for(args)
    items = load(Path(args.path), args.format)
    splits = sorted({i.split for i in items})
    calibrate_on = args.calibrate_on if args.calibrate_on in splits else None
    report_splits = args.split or [s for s in splits if s != calibrate_on]
    wanted = set(report_splits) | ({calibrate_on} if calibrate_on else set())
    items = [i for i in items if i.split in wanted]
    target, grader = answer_grading(settings)
    if args.target == "reference":
        target = reference_target  # SAF-like sets: every answer against its reference, bank or not
    update, close = progress_bar(args.json)
    spreads: list[float] = []
    try:
        embed = CachedEmbedder(build_embedder(settings)).embed
        scores, latencies = score_items(items, grader, embed, target, update, repeats=args.repeat, spreads=spreads)
    finally:
        close()
    report = evaluate(items, scores, latencies, report_splits, calibrate_on)
    report.engine = grader.engine
    if spreads:
        report.stability_mean_std = round(sum(spreads) / len(spreads), 4)
    if args.report:
        Path(args.report).write_text(report_markdown(report, f"{args.path} ({args.format})"), encoding="utf-8")
    if args.json:
        print(report.model_dump_json(indent=2, exclude={"per_question"}))
    else:
        print(report_markdown(report, f"{args.path} ({args.format})").split("## Per question")[0])
    return 0


def cmd_eval_tune_reference(args: argparse.Namespace) -> int:
    """Score every reference-grading setting by leave-one-question-out cross-validation on one split."""
    from interviewer.evaluation.datasets import EvalItem, load
    from interviewer.evaluation.tuning import report_text, tune
    from interviewer.grading.analysis import Analysis, ReferenceScoring, analyze
    from interviewer.grading.targets import reference_target
    from interviewer.services import answer_grading
    from interviewer.terminal import progress_bar

    items = load(Path(args.path), args.format)
    _, grader = answer_grading(settings_for(args))

    def analysis(item: EvalItem, scoring: ReferenceScoring) -> Analysis:
        target = reference_target(item.round, item.question, item.reference, scoring)
        return analyze(target, item.answer, grader.embed, grader.vocabulary, grader.confusions, grader.similarity_shift)

    update, close = progress_bar(args.json, "settings by overlap share")
    try:
        report = tune(items, analysis, args.split, update)
    finally:
        close()
    print(report.model_dump_json(indent=2) if args.json else report_text(report))
    return 0


def cmd_eval_own(args: argparse.Namespace) -> int:
    """Figures on the project's own labeled sets."""
    from interviewer.evaluation.own import report_text, run_own
    from interviewer.kb.catalog import load_bank
    from interviewer.services import build_grader, ready_knowledge_base

    settings = settings_for(args)
    kb = ready_knowledge_base(settings)
    report = run_own(build_grader(settings, None, kb), load_bank(), Path(args.folder) if args.folder else None)
    print(report.model_dump_json(indent=2) if args.json else report_text(report))
    return 0


def cmd_eval_ladder(args: argparse.Namespace) -> int:
    """Whether grades order strong > partial > fluent-but-wrong > substance-free, per half of the ladder set."""
    from interviewer.evaluation.ladder import default_halves, load_ladder, missed_targets, report_text, run_ladder
    from interviewer.services import answer_grading

    halves = {Path(f).stem: Path(f) for f in args.file} if args.file else default_halves()
    if not halves:
        raise ValueError("no ladder set found: give one with --file")
    target, grader = answer_grading(settings_for(args))
    reports = {
        name: run_ladder(load_ladder(path), lambda i: grader.grade(target(i.round, i.question, None), i.answer))
        for name, path in halves.items()
    }
    if args.json:
        print(json.dumps({name: r.model_dump() for name, r in reports.items()}, indent=2))
    else:
        print("\n".join(report_text(name, report) for name, report in reports.items()))
    checked = [name for name in reports if name in (args.check or [])]
    missed = [f"{name}: {m}" for name in checked for m in missed_targets(reports[name])]
    for line in missed:
        print(f"target missed on {line}", file=sys.stderr)
    return 1 if missed else 0


def add_eval_parsers(parser: argparse.ArgumentParser) -> None:
    """The `eval` subcommands: retrieval, grader, ladder and own."""
    evals = parser.add_subparsers(dest="eval_command", required=True)
    retrieval = evals.add_parser("retrieval", help="recall@k and MRR on the retrieval set")
    retrieval.add_argument("--dataset", help="a retrieval YAML file (default: the shipped set)")
    retrieval.add_argument("--mode", choices=["hybrid", "dense"], help="retrieval mode (INTERVIEWER_SEARCH_MODE)")
    retrieval.add_argument("--json", action="store_true", help="print JSON")
    retrieval.add_argument("--cases", action="store_true", help="include per-query results in the JSON")
    retrieval.set_defaults(func=cmd_eval_retrieval)

    grader_eval = evals.add_parser("grader", help="agreement with human grades, beside two baselines")
    grader_eval.add_argument("path", help="a file or folder of human-graded answers")
    grader_eval.add_argument("--format", choices=["jsonl", "saf", "semeval"], default="jsonl")
    grader_eval.add_argument(
        "--split", action="append", help="split(s) to report (default: all but the calibration one)"
    )
    grader_eval.add_argument("--calibrate-on", default="training", help="split the class thresholds are fitted on")
    grader_eval.add_argument(
        "--target",
        choices=["auto", "reference"],
        default="auto",
        help="auto: as `interviewer grade` (bank key points, else the reference, else guidance); reference: always it",
    )
    grader_eval.add_argument("--repeat", type=int, default=1, help="grade each answer N times (LLM test-retest)")
    grader_eval.add_argument("--json", action="store_true", help="print JSON")
    grader_eval.add_argument("--report", help="also write a Markdown report with per-split and per-question tables")
    grader_eval.set_defaults(func=cmd_eval_grader)

    tuning = evals.add_parser(
        "tune-reference", help="choose the reference-grading settings by cross-validation on one split"
    )
    tuning.add_argument("path", help="a file or folder of human-graded answers with reference answers")
    tuning.add_argument("--format", choices=["jsonl", "saf", "semeval"], default="jsonl")
    tuning.add_argument("--split", default="training", help="the only split read (default: training)")
    tuning.add_argument("--json", action="store_true", help="print JSON")
    tuning.set_defaults(func=cmd_eval_tune_reference)

    ladder = evals.add_parser("ladder", help="does the grade order strong > partial > fluent-wrong > substance-free")
    ladder.add_argument("--file", action="append", help="a ladder JSON-lines file (default: the shipped halves)")
    ladder.add_argument("--json", action="store_true", help="print JSON")
    ladder.add_argument(
        "--check",
        action="append",
        metavar="HALF",
        help="exit 1 if this half (dev, blind, or a --file name) misses a target",
    )
    ladder.set_defaults(func=cmd_eval_ladder)

    own = evals.add_parser("own", help="STAR/metric detection, score agreement and adversarial floors on our sets")
    own.add_argument("--folder", help="a folder with behavioral/ml_theory/system_design/adversarial .jsonl")
    own.add_argument("--json", action="store_true", help="print JSON")
    own.set_defaults(func=cmd_eval_own)
