"""Running a candidate's SQL query: inside the sandbox, on a fresh in-memory copy of the shared schema and its seed
data, read-only, under a time limit, with anything but a query refused; results compared outside."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from interviewer.domain.problems import Problem
from interviewer.domain.runs import CaseOutcome, CodeReport, RunEnd, RunLimits, RunMode, RunResult, Sandbox

QUERY_SECONDS = 3.0
"""How long one query may run inside SQLite before it is interrupted."""
MAX_ROWS = 10_000
"""The most rows a query's result may have; a larger one is cut here (and so cannot match)."""
SHOWN_ROWS = 50
"""The rows shown to the candidate."""

# Runs inside the sandbox. The database is built from our script, then made read-only (query_only) before the
# candidate's text touches it; the authorizer admits only what a query needs (reading tables, selecting, calling
# built-in functions, recursive CTEs), so ATTACH, PRAGMA, writes, schema changes, transactions and extension loading
# are refused by SQLite itself, EXPLAIN included. The progress handler interrupts a query that runs too long.
SQL_HARNESS = r"""
import json, sqlite3, time

spec = json.load(open("query.json", encoding="utf-8"))
out = open("result.json", "w", encoding="utf-8")
db = sqlite3.connect(":memory:")
db.executescript(open("data.sql", encoding="utf-8").read())
db.execute("PRAGMA query_only = ON")
ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
BLOCKED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "sqlite_dbpage"}
WHAT = {"SQLITE_ATTACH": "attach a database", "SQLITE_DETACH": "detach a database", "SQLITE_PRAGMA": "run a PRAGMA",
        "SQLITE_INSERT": "insert rows", "SQLITE_UPDATE": "update rows", "SQLITE_DELETE": "delete rows",
        "SQLITE_TRANSACTION": "open or close a transaction", "SQLITE_SAVEPOINT": "set a savepoint",
        "SQLITE_ANALYZE": "run ANALYZE", "SQLITE_REINDEX": "reindex", "SQLITE_ALTER_TABLE": "alter a table",
        "SQLITE_CREATE_TABLE": "create a table", "SQLITE_CREATE_VIEW": "create a view",
        "SQLITE_DROP_TABLE": "drop a table", "SQLITE_CREATE_INDEX": "create an index",
        "SQLITE_CREATE_TEMP_TABLE": "create a table"}
NAMES = {getattr(sqlite3, name): text for name, text in WHAT.items() if hasattr(sqlite3, name)}
refused = []

def authorize(action, first, second, database, trigger):
    if action == sqlite3.SQLITE_FUNCTION and (second or "").lower() in BLOCKED_FUNCTIONS:
        refused.append(f"call {second}()")
        return sqlite3.SQLITE_DENY
    if action in ALLOWED:
        return sqlite3.SQLITE_OK
    schema = first in ("sqlite_master", "sqlite_schema", "sqlite_temp_master")
    refused.append("change the schema" if schema else NAMES.get(action, "change the database or its schema"))
    return sqlite3.SQLITE_DENY

deadline = time.monotonic() + spec["seconds"]
db.set_authorizer(authorize)
db.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 2000)
began = time.perf_counter()
record = {}
try:
    cursor = db.execute(spec["query"])
    rows = cursor.fetchmany(spec["max_rows"] + 1)
    record["columns"] = [d[0] for d in cursor.description or []]
    record["truncated"] = len(rows) > spec["max_rows"]
    record["rows"] = [[v.hex() if isinstance(v, bytes) else v for v in row] for row in rows[: spec["max_rows"]]]
except sqlite3.Warning as exc:
    record["error"] = str(exc)
except sqlite3.Error as exc:
    if refused:
        record["refused"] = " and ".join(dict.fromkeys(refused))
    elif "interrupted" in str(exc):
        record["timeout"] = True
    else:
        record["error"] = f"{type(exc).__name__}: {exc}"
record["seconds"] = time.perf_counter() - began
out.write(json.dumps(record))
out.close()
"""


def _statement(query: str) -> str:
    """The query without trailing semicolons and blank space (SQLite runs one statement per call)."""
    return query.strip().rstrip(";").strip()


def run_query(query: str, sandbox: Sandbox, database: str) -> RunResult:
    """Run one SQL statement in the sandbox on a fresh copy of `database` (the schema and seed script)."""
    spec = {"query": _statement(query), "seconds": QUERY_SECONDS, "max_rows": MAX_ROWS}
    files = {"harness.py": SQL_HARNESS, "data.sql": database, "query.json": json.dumps(spec)}
    limits = RunLimits(cpu_seconds=int(QUERY_SECONDS) + 3, wall_seconds=QUERY_SECONDS + 7, memory_mb=512)
    return sandbox.run_python(files, "harness.py", limits, collect=("result.json",))


def outcome(run: RunResult) -> dict[str, Any]:
    """What the harness wrote about one query (empty when the run died before writing)."""
    try:
        found = json.loads(run.files.get("result.json", "") or "{}")
    except json.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}


def _normal(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in rows]


def _first_difference(expected: list[tuple[Any, ...]], got: list[tuple[Any, ...]], ordered: bool) -> tuple[str, str]:
    """One row to show from each side where they differ."""

    def shown(rows: list[tuple[Any, ...]] | Counter[tuple[Any, ...]], index: int, none: str) -> str:
        listed = list(rows)
        return json.dumps(list(listed[index])) if index < len(listed) else none

    if ordered:
        pairs = enumerate(zip(expected, got, strict=False))
        index = next((i for i, (a, b) in pairs if a != b), min(len(expected), len(got)))
        return shown(expected, index, "(no more rows)"), shown(got, index, "(no more rows)")
    missing, extra = Counter(expected) - Counter(got), Counter(got) - Counter(expected)
    return shown(missing, 0, "(nothing missing)"), shown(extra, 0, "(no extra rows)")


def compare_results(problem: Problem, expected: dict[str, Any], got: dict[str, Any]) -> list[CaseOutcome]:
    """The two checks of a SQL answer: the columns the statement asks for, and the rows (in order when it asks)."""
    want_columns = [c.lower() for c in expected.get("columns", [])]
    got_columns = [c.lower() for c in got.get("columns", [])]
    columns = CaseOutcome(name="column names", hidden=False, passed=want_columns == got_columns)
    if not columns.passed:
        wrong = {"error": "wrong columns", "expected": ", ".join(want_columns), "got": ", ".join(got_columns)}
        columns = columns.model_copy(update=wrong)
    want_rows, got_rows = _normal(expected.get("rows", [])), _normal(got.get("rows", []))
    same = want_rows == got_rows if problem.ordered else Counter(want_rows) == Counter(got_rows)
    name = "rows" + (" in the order asked" if problem.ordered else " (any order)")
    seconds = round(float(got.get("seconds", 0.0)), 6)
    rows = CaseOutcome(name=name, hidden=True, passed=same and not got.get("truncated"), seconds=seconds)
    if not rows.passed:
        want_row, got_row = _first_difference(want_rows, got_rows, problem.ordered)
        if Counter(want_rows) == Counter(got_rows):
            want_row, got_row = "the same rows in the order the statement asks", "the right rows in another order"
        error = f"wrong rows: expected {len(want_rows)}, got {len(got_rows)}"
        rows = rows.model_copy(update={"error": error, "shown_input": "first difference", "expected": want_row,
                                       "got": got_row})  # fmt: skip
    return [columns, rows]


REFUSED = "Only a query may run here (SELECT, WITH ... SELECT, or EXPLAIN); this statement would {}."


def sql_report(problem: Problem, run: RunResult, expected: dict[str, Any] | None, mode: RunMode) -> CodeReport:
    """A SQL run's report: the rows it returned, and on submit the two checks against the reference's result."""
    found = outcome(run)
    cases: list[CaseOutcome] = []
    if mode == "submit" and expected is not None and "rows" in found:
        cases = compare_results(problem, expected, found)
    timed_out = bool(found.get("timeout"))
    return CodeReport(
        problem_id=problem.id,
        mode=mode,
        cases=cases,
        load_error=found.get("error") or (None if found or not run.ok else "the query returned nothing"),
        refused=REFUSED.format(found["refused"]) if found.get("refused") else None,
        run_problem="Your query ran out of time." if timed_out else (None if run.ok else run.problem()),
        run_end=RunEnd.WALL_TIME if timed_out else (run.end if not run.ok else None),
        warnings=run.warnings,
        columns=[str(c) for c in found.get("columns", [])],
        rows=found.get("rows", [])[:SHOWN_ROWS],
        row_count=len(found.get("rows", [])),
        seconds=run.seconds,
    )
