"""`interviewer train-embedder`: tune the embedding model on the question bank (a LoRA adapter), and measure how
well plain and tuned embeddings tell which key point a sentence makes, on the questions trained on or held out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _figures(embedder: Any, questions: list[Any]) -> tuple[dict[str, Any], list[float]]:
    """The match figures and the similarities of key points to other points' paraphrases."""
    from interviewer.kb.training import figure_texts, match_figures, other_point_similarities

    texts = figure_texts(questions)
    vectors = dict(zip(texts, embedder.embed(texts), strict=True))
    return match_figures(questions, vectors).model_dump(), other_point_similarities(questions, vectors)


def _calibration(plain: list[float], tuned: list[float]) -> dict[str, float]:
    """For plain-model similarities from where coverage starts (SIM_LOW) up, the tuned similarity that other points'
    paraphrases reach as often (higher up, too few of them reach it to say)."""
    from interviewer.grading.points import SIM_LOW
    from interviewer.kb.training import matched_threshold

    return {f"{t:g}": matched_threshold(plain, tuned, t) for t in (SIM_LOW - 0.05, SIM_LOW, SIM_LOW + 0.05)}


def cmd_train_embedder(args: argparse.Namespace) -> int:
    """Train the adapter on the bank (all of it, or all but the held-out fifth) and report before/after figures."""
    from interviewer.adapters.embedder import SentenceTransformerEmbedder
    from interviewer.adapters.embedding_tuning import (
        SHIPPED_ADAPTER,
        TrainingConfig,
        record_similarity_shift,
        train_adapter,
    )
    from interviewer.grading.points import SIM_LOW
    from interviewer.kb.catalog import load_bank
    from interviewer.kb.training import held_out, matcher_examples

    bank = load_bank()
    # The bank's questions, not the coding and SQL problems: trained on the problems' mistakes too (186 more
    # examples, formulas and code terms), the adapter graded worse (ladder dev strong mean 3.99 -> 3.75, eval own
    # ML theory Spearman 0.843 -> 0.807), so their key points are matched by the adapter the questions teach.
    questions = list(bank.questions)
    measured = [q for q in questions if held_out(q.id)] if args.hold_out else questions
    trained_on = [q for q in questions if not (args.hold_out and held_out(q.id))]
    out = Path(args.out) if args.out else SHIPPED_ADAPTER
    config = TrainingConfig(epochs=args.epochs, seed=args.seed)
    plain = SentenceTransformerEmbedder(threads=args.threads)
    before, plain_sims = _figures(plain, measured)

    def progress(epoch: int, loss: float) -> None:
        print(f"epoch {epoch}/{config.epochs}: loss {loss:.4f}", file=sys.stderr)

    run = train_adapter(plain.loaded_model(), matcher_examples(trained_on), config, out, progress)
    after, tuned_sims = _figures(SentenceTransformerEmbedder(threads=args.threads, adapter_path=out), measured)
    calibration = _calibration(plain_sims, tuned_sims)
    run = record_similarity_shift(out, round(calibration[f"{SIM_LOW:g}"] - SIM_LOW, 2))
    result = {"adapter": str(out), "run": run.model_dump(), "measured_on": "held-out fifth" if args.hold_out else
              "every question (trained on them)", "plain": before, "tuned": after,
              "calibration": calibration}  # fmt: skip
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"adapter written to {out}: {run.examples} examples, {run.seconds:.0f} s, "
              f"similarity shift {run.similarity_shift:+.2f}")  # fmt: skip
        print(f"measured on {result['measured_on']}:")
        for name in ("own_point_closest", "median_margin", "correction_closer"):
            print(f"  {name:20} plain {before[name]:.3f}  tuned {after[name]:.3f}")
        print("plain similarity -> tuned similarity reached as often by another point's paraphrase:")
        print("  " + ", ".join(f"{a} -> {b:.3f}" for a, b in calibration.items()))
    return 0


def add_tuning_parser(sub: Any) -> None:
    """The train-embedder subcommand."""
    from interviewer.adapters.embedding_tuning import TrainingConfig  # pydantic only: torch and peft load later

    train = sub.add_parser(
        "train-embedder", help="tune the embedding model on the question bank (writes the LoRA adapter; ~6 min)"
    )
    train.add_argument("--out", help="where to write the adapter (default: the shipped one, in the package)")
    train.add_argument(
        "--hold-out", action="store_true", help="train on four fifths of the questions and measure on the rest"
    )
    defaults = TrainingConfig()
    train.add_argument("--epochs", type=int, default=defaults.epochs, help="passes over the examples")
    train.add_argument("--seed", type=int, default=defaults.seed, help="torch seed: same bank and seed, same adapter")
    train.add_argument("--threads", type=int, help="torch threads (default: every core)")
    train.add_argument("--json", action="store_true", help="print JSON")
    train.set_defaults(func=cmd_train_embedder)
