"""Loading the coding and SQL problems from knowledge/problems/: each file validated on its own, a malformed one
reported by name while the rest load."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from interviewer.domain.problems import Problem
from interviewer.domain.questions import LoadError
from interviewer.kb.catalog import parse_yaml, read_text
from interviewer.paths import knowledge_dir


def parse_problem(name: str, text: str) -> tuple[Problem | None, LoadError | None]:
    """One problem file; a LoadError naming the file (and the first bad field) when it does not validate."""
    data, error = parse_yaml(name, text)
    if error:
        return None, error
    if not isinstance(data, dict):
        return None, LoadError(path=name, problem="expected a mapping describing one problem")
    try:
        return Problem.model_validate(data), None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "value"
        return None, LoadError(path=name, problem=f"problem {data.get('id', '?')}: {where}: {first['msg']}")


def problems_dir(root: Path | None = None) -> Path:
    return (root or knowledge_dir()) / "problems"


def load_problems(root: Path | None = None) -> tuple[dict[str, Problem], list[LoadError]]:
    """Every problem under knowledge/problems/ by id; bad files and duplicate ids are reported and skipped."""
    found: dict[str, Problem] = {}
    errors: list[LoadError] = []
    for path in sorted(problems_dir(root).rglob("*.yaml")):
        text, error = read_text(path)
        problem, error = parse_problem(str(path), text) if text is not None else (None, error)
        if problem is None:
            errors.append(error or LoadError(path=str(path), problem="unreadable"))
        elif problem.id in found:
            errors.append(LoadError(path=str(path), problem=f"problem {problem.id}: duplicate id"))
        else:
            found[problem.id] = problem
    return found, errors


def sql_database_script(root: Path | None = None) -> str:
    """The shared SQL schema and its seed data, as one script (knowledge/problems/sql/schema.sql + seed.sql)."""
    folder = problems_dir(root) / "sql"
    return "\n".join((folder / name).read_text(encoding="utf-8") for name in ("schema.sql", "seed.sql"))


SAMPLE_ROWS = 3
"""Rows of each table shown with the schema."""


def sql_overview(root: Path | None = None) -> str:
    """The SQL round's schema and the first rows of each table, as Markdown for the candidate."""
    folder = problems_dir(root) / "sql"
    schema = (folder / "schema.sql").read_text(encoding="utf-8").strip()
    samples: list[str] = []
    for block in (folder / "seed.sql").read_text(encoding="utf-8").split(";"):
        lines = [line for line in block.strip().splitlines() if line.strip() and not line.startswith("--")]
        if lines and lines[0].upper().startswith("INSERT INTO"):
            rows = lines[1:]
            more = f"\n  -- … {len(rows) - SAMPLE_ROWS} more rows" if len(rows) > SAMPLE_ROWS else ""
            samples.append("\n".join([lines[0], *rows[:SAMPLE_ROWS]]).rstrip(",") + more)
    return "\n".join(["**Schema** (SQLite)", "```sql", schema, "```", "", "**Sample rows**", "```sql",
                      "\n\n".join(samples), "```"])  # fmt: skip
