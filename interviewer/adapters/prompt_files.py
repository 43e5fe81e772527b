"""Prompt files: YAML with a version and Jinja templates, rendered from plain data with StrictUndefined."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined, Template, TemplateError

from interviewer.domain.model import JudgeRequest, PhraseRequest
from interviewer.domain.questions import ROUND_LABELS, STORY_ROUNDS, Round
from interviewer.paths import prompts_dir

INTERVIEWER = "interviewer"
GRADER = "grader"


def round_label_in_sentence(round_: Round) -> str:
    """The round's name as it reads mid-sentence: "behavioral", "ML system design"."""
    label = ROUND_LABELS[round_]
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


_ENV = Environment(undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)

# A delimiter tag typed inside candidate text would close the data block early; these are disarmed.
_DELIMITER_TAG = re.compile(r"<\s*(/?)\s*(candidate_answer|candidate_context|their_words)\s*>", re.IGNORECASE)


class PromptError(ValueError):
    """A prompt file is missing, malformed, or could not be rendered."""


@dataclass(frozen=True)
class PromptFile:
    """A loaded prompt file with its templates compiled."""

    path: Path
    version: str
    system: Template
    user: Template | dict[str, Template]
    """One user template, or one per kind."""


@dataclass(frozen=True)
class RenderedPrompt:
    """A rendered system and user message, with the prompt's version."""

    version: str
    system: str
    user: str


@functools.cache
def load_prompt(name: str, directory: Path | None = None) -> PromptFile:
    """Load, validate and compile prompts/<name>.yaml (cached)."""
    path = (directory or prompts_dir()) / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PromptError(f"prompt file {path} cannot be read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise PromptError(f"prompt file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PromptError(f"prompt file {path} must be a mapping with version, system and user")
    missing = [key for key in ("version", "system", "user") if not data.get(key)]
    if missing:
        raise PromptError(f"prompt file {path} is missing {', '.join(missing)}")
    version, system, user = data["version"], data["system"], data["user"]
    if not isinstance(version, str) or not isinstance(system, str):
        raise PromptError(f"prompt file {path}: version and system must be strings")
    if not isinstance(user, str) and not (
        isinstance(user, dict) and all(isinstance(k, str) and isinstance(v, str) and v for k, v in user.items())
    ):
        raise PromptError(f"prompt file {path}: user must be a template or a mapping of kind to template")
    try:
        compiled_user = (
            _ENV.from_string(user) if isinstance(user, str) else {k: _ENV.from_string(v) for k, v in user.items()}
        )
        return PromptFile(path=path, version=version, system=_ENV.from_string(system), user=compiled_user)
    except TemplateError as exc:
        raise PromptError(f"prompt file {path} has a template error: {exc}") from exc


def render_prompt(
    name: str, variables: Mapping[str, object], kind: str | None = None, directory: Path | None = None
) -> RenderedPrompt:
    """Render a prompt file's system and user templates (the user template for `kind`, if it has several)."""
    prompt = load_prompt(name, directory)
    if isinstance(prompt.user, dict):
        if kind not in prompt.user:
            raise PromptError(f"prompt file {prompt.path} has no user template {kind!r} (has {sorted(prompt.user)})")
        user = prompt.user[kind]
    elif kind is not None:
        raise PromptError(f"prompt file {prompt.path} has one user template, not one per kind")
    else:
        user = prompt.user
    try:
        return RenderedPrompt(
            version=prompt.version, system=prompt.system.render(variables), user=user.render(variables)
        )
    except TemplateError as exc:
        raise PromptError(f"prompt file {prompt.path} could not be rendered: {exc}") from exc


def data_text(text: str) -> str:
    """Candidate text as it goes inside a delimited block: verbatim, except delimiter tags are disarmed."""
    return _DELIMITER_TAG.sub(lambda m: f"[{m.group(1)}{m.group(2)}]", text)


def _optional(text: str | None) -> str | None:
    return data_text(text) if text else None


def phrase_variables(request: PhraseRequest) -> dict[str, object]:
    """The plain data the interviewer templates see."""
    return {
        "kind": request.kind,
        "round": request.round.value,
        "round_label": round_label_in_sentence(request.round),
        "question": data_text(request.question),
        "target": _optional(request.target),
        "suggested": _optional(request.suggested),
        "quote": _optional(request.quote),
        "previous_answer": _optional(request.previous_answer),
        "candidate_context": _optional(request.candidate_context),
    }


def judge_variables(request: JudgeRequest) -> dict[str, object]:
    """The plain data the grader templates see."""
    return {
        "round": request.round.value,
        "round_label": round_label_in_sentence(request.round),
        "wants_star": request.round in STORY_ROUNDS,
        "question": data_text(request.question),
        "answer": data_text(request.answer),
        "key_points": [data_text(p) for p in request.key_points],
        "criteria": [{"name": c.name, "description": c.description} for c in request.criteria],
        "reference": _optional(request.reference),
        "guidance": [
            {"n": i, "source": g.source, "section": g.section, "text": " ".join(g.text.split())}
            for i, g in enumerate(request.guidance, start=1)
        ],
        "checks": [
            {
                "index": c.index,
                "verdict": c.verdict,
                "evidence": _optional(c.evidence),
                "why": _optional(c.why),
            }
            for c in request.checks
        ],
        "mistakes": [
            {"claim": data_text(m.claim), "correction": data_text(m.correction), "found": _optional(m.found)}
            for m in request.mistakes
        ],
    }


def phrase_prompt(request: PhraseRequest) -> RenderedPrompt:
    """The interviewer prompt for one turn."""
    return render_prompt(INTERVIEWER, phrase_variables(request), kind=request.kind)


def judge_prompt(request: JudgeRequest) -> RenderedPrompt:
    """The grader prompt for one answer."""
    return render_prompt(GRADER, judge_variables(request))
