"""The topic catalogue and the question bank: parsed, validated, with per-file errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from interviewer.domain.confusions import Confusion, OperationCost
from interviewer.domain.problems import pattern_topics, problem_question
from interviewer.domain.questions import Bank, LoadError, Question, Round, Topic
from interviewer.paths import knowledge_dir

Entry = TypeVar("Entry", Topic, Confusion, OperationCost)
Loaded = TypeVar("Loaded", Confusion, OperationCost)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "value"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def parse_yaml(name: str, text: str) -> tuple[Any, LoadError | None]:
    """Parse YAML text, turning syntax errors into a LoadError."""
    try:
        # libyaml's C loader when PyYAML was built with it: the pure-Python one takes seconds over the whole bank.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, LoadError(path=name, problem=f"invalid YAML{where}: {problem}")


def _parse_entries(name: str, text: str, key: str, model: type[Entry]) -> tuple[dict[str, Entry], list[LoadError]]:
    """A YAML mapping whose `key` holds a list of entries with ids; a bad entry is reported and skipped."""
    data, error = parse_yaml(name, text)
    if error:
        return {}, [error]
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        return {}, [LoadError(path=name, problem=f"expected a mapping with a '{key}' list")]
    what = key.rstrip("s")
    found: dict[str, Entry] = {}
    errors: list[LoadError] = []
    for index, raw in enumerate(data[key]):
        given = raw.get("id") if isinstance(raw, dict) else None
        label = f"{what} #{index + 1}" + (f" ({given})" if isinstance(given, str) and given else "")
        try:
            entry = model.model_validate(raw)
        except ValidationError as exc:
            errors.append(LoadError(path=name, problem=f"{label}: {_describe(exc)}"))
            continue
        if entry.id in found:
            errors.append(LoadError(path=name, problem=f"{label}: duplicate id"))
            continue
        found[entry.id] = entry
    return found, errors


def parse_topics(name: str, text: str) -> tuple[dict[str, Topic], list[LoadError]]:
    """Parse the topic catalogue; bad entries are reported and skipped."""
    return _parse_entries(name, text, "topics", Topic)


def parse_question_file(
    name: str, text: str, topics: dict[str, Topic], seen_ids: set[str]
) -> tuple[list[Question], list[LoadError]]:
    """Parse one question file; each bad question is reported and skipped, the others load."""
    data, error = parse_yaml(name, text)
    if error:
        return [], [error]
    if not isinstance(data, dict):
        return [], [LoadError(path=name, problem="expected a mapping with 'round' and 'questions'")]
    try:
        round_ = Round(str(data.get("round")))
    except ValueError:
        valid = ", ".join(r.value for r in Round)
        return [], [LoadError(path=name, problem=f"'round' must be one of {valid}, got {data.get('round')!r}")]
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list):
        return [], [LoadError(path=name, problem="'questions' must be a list")]
    questions: list[Question] = []
    errors: list[LoadError] = []
    for index, raw in enumerate(raw_questions):
        label = f"question #{index + 1}"
        if not isinstance(raw, dict):
            errors.append(LoadError(path=name, problem=f"{label}: expected a mapping"))
            continue
        label = f"question {raw.get('id', f'#{index + 1}')}"
        try:
            question = Question.model_validate({**raw, "round": raw.get("round", round_)})
        except ValidationError as exc:
            errors.append(LoadError(path=name, problem=f"{label}: {_describe(exc)}"))
            continue
        if question.topic not in topics:
            errors.append(LoadError(path=name, problem=f"{label}: unknown topic '{question.topic}'"))
            continue
        if question.id in seen_ids:
            errors.append(LoadError(path=name, problem=f"{label}: duplicate id"))
            continue
        seen_ids.add(question.id)
        questions.append(question)
    return questions, errors


def read_text(path: Path) -> tuple[str | None, LoadError | None]:
    """Read a UTF-8 text file, turning I/O and decoding failures into a LoadError."""
    try:
        return path.read_bytes().decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, LoadError(path=str(path), problem=f"not UTF-8 text (byte {exc.start})")
    except OSError as exc:
        return None, LoadError(path=str(path), problem=f"cannot read: {exc.strerror or exc}")


def parse_confusions(name: str, text: str) -> tuple[list[Confusion], list[LoadError]]:
    """Parse confusions.yaml; a malformed entry is reported by its id (or position) and the rest load."""
    found, errors = _parse_entries(name, text, "confusions", Confusion)
    return list(found.values()), errors


def load_confusions(root: Path | None = None) -> tuple[list[Confusion], list[LoadError]]:
    """The classic confusions of the built-in knowledge (none, without an error, if the file is absent)."""
    return _load_optional((root or knowledge_dir()) / "confusions.yaml", parse_confusions)


def load_bank(root: Path | None = None, extra_files: Iterable[Path] = ()) -> Bank:
    """Load topics.yaml and every questions/*.yaml under root (the built-in knowledge by default)."""
    root = root or knowledge_dir()
    errors: list[LoadError] = []
    topics: dict[str, Topic] = {}
    text, error = read_text(root / "topics.yaml")
    if error:
        errors.append(error)
    elif text is not None:
        topics, topic_errors = parse_topics(str(root / "topics.yaml"), text)
        errors.extend(topic_errors)
    questions: list[Question] = []
    seen: set[str] = set()
    for path in [*sorted((root / "questions").glob("*.yaml")), *extra_files]:
        text, error = read_text(path)
        if error or text is None:
            errors.extend([error] if error else [])
            continue
        found, file_errors = parse_question_file(str(path), text, topics, seen)
        questions.extend(found)
        errors.extend(file_errors)
    from interviewer.kb.problems import load_problems  # it reads files with this module's helpers

    problems, problem_errors = load_problems(root)
    errors.extend(problem_errors)
    errors.extend(LoadError(path=f"problems/{i}", problem=f"problem {i}: a question has this id") for i in problems
                  if i in seen)  # fmt: skip
    return Bank(
        topics=topics,
        patterns=pattern_topics(problems),
        questions=questions,
        errors=errors,
        problems=[problem_question(p) for p in problems.values() if p.id not in seen],
    )


def parse_operation_costs(name: str, text: str) -> tuple[list[OperationCost], list[LoadError]]:
    """Parse operation_costs.yaml; a malformed entry is reported by its id (or position) and the rest load."""
    found, errors = _parse_entries(name, text, "operation_costs", OperationCost)
    return list(found.values()), errors


def load_operation_costs(root: Path | None = None) -> tuple[list[OperationCost], list[LoadError]]:
    """The standard operations' costs of the built-in knowledge (none, without an error, if the file is absent)."""
    return _load_optional((root or knowledge_dir()) / "operation_costs.yaml", parse_operation_costs)


def _load_optional(
    path: Path, parse: Callable[[str, str], tuple[list[Loaded], list[LoadError]]]
) -> tuple[list[Loaded], list[LoadError]]:
    """Parse a knowledge file that may be absent (none, without an error); unreadable text is one error."""
    if not path.exists():
        return [], []
    text, error = read_text(path)
    if error or text is None:
        return [], [error] if error else []
    return parse(str(path), text)
