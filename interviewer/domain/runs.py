"""Running a candidate's code: the limits it runs under, what came back, and the port a sandbox implements."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field


class RunLimits(BaseModel):
    """What one run of untrusted code may use; anything over a limit ends the run."""

    model_config = ConfigDict(frozen=True)

    cpu_seconds: int = Field(5, ge=1, le=120)
    """CPU time per process (the wall-time limit bounds the run as a whole)."""
    wall_seconds: float = Field(10.0, gt=0, le=300)
    """Time on the clock for the whole run, start-up included."""
    memory_mb: int = Field(512, ge=64, le=8192)
    """Address space per process, in MiB: a 10 GB allocation fails with MemoryError."""
    output_bytes: int = Field(16 * 1024 * 1024, ge=1024, le=256 * 1024 * 1024)
    """The largest file the code may write, its printed output included."""
    processes: int = Field(32, ge=1, le=512)
    """Processes and threads at once: a fork bomb stops here."""


class RunEnd(StrEnum):
    """How a run ended."""

    FINISHED = "finished"
    """The code exited by itself (with any exit code)."""
    WALL_TIME = "wall_time"
    CPU_TIME = "cpu_time"
    MEMORY = "memory"
    OUTPUT = "output"
    CRASHED = "crashed"
    """Killed by a signal of its own making (a segfault through ctypes, an abort)."""


class Confinement(StrEnum):
    """How the code was kept apart from the machine."""

    BUBBLEWRAP = "bubblewrap"
    """Own mount, PID, network, IPC and user namespaces: only the interpreter and its own folder are visible."""
    RLIMITS_ONLY = "rlimits_only"
    """bubblewrap is missing: only resource limits and a private working folder (the code can read what this user
    can read, and reach the network)."""


class RunResult(BaseModel):
    """What came back from one run."""

    end: RunEnd
    exit_code: int | None = None
    """The exit code, or None when a signal ended the run."""
    stdout: str = ""
    """What the code printed (the start of it, when it printed a lot)."""
    stderr: str = ""
    seconds: float = Field(0.0, ge=0)
    """Time on the clock for the whole run."""
    files: dict[str, str] = Field(default_factory=dict)
    """Files the run left in its folder that the caller asked for, by name (up to the output limit each)."""
    confinement: Confinement
    warnings: list[str] = Field(default_factory=list)
    """Limits that could not be applied on this machine, said to the candidate."""

    @property
    def ok(self) -> bool:
        """The code ran to its end and exited 0."""
        return self.end == RunEnd.FINISHED and self.exit_code == 0

    def problem(self) -> str | None:
        """What went wrong, in one line for the candidate; None when the run was fine."""
        if self.ok:
            return None
        return {
            RunEnd.WALL_TIME: "Your code ran out of time (it may loop forever, or be too slow for the input).",
            RunEnd.CPU_TIME: "Your code used up its CPU time (it may loop forever, or be too slow for the input).",
            RunEnd.MEMORY: "Your code ran out of memory.",
            RunEnd.OUTPUT: "Your code wrote more output than allowed.",
            RunEnd.CRASHED: "Your code crashed the interpreter (a signal ended it).",
            RunEnd.FINISHED: "Your code stopped with an error.",
        }[self.end]


class CaseOutcome(BaseModel):
    """One check of the candidate's code: a call of their function, or for SQL the result's columns or rows."""

    name: str
    hidden: bool
    """A hidden test: its input is not shown before the candidate submits."""
    passed: bool
    seconds: float | None = None
    error: str | None = None
    """Why it failed: an exception, "too slow", "wrong answer", or "not run"."""
    shown_input: str = ""
    """The input, shortened, for a failed case (JSON arguments; for SQL, empty)."""
    expected: str = ""
    """What a right answer returns, shortened, for a failed case."""
    got: str = ""
    """What the candidate's code returned, shortened, for a failed case."""


class Growth(BaseModel):
    """How the running time of the candidate's function grew over rising input sizes."""

    sizes: list[int]
    seconds: list[float | None]
    """Time of one call at each size; None where the call was too slow (or not run after one that was)."""
    exponent: float | None = None
    """The slope of log(time) over log(size): about 1 for linear (and n log n), 2 for quadratic; None when the
    calls were too quick or too few to tell."""
    stated: str | None = None
    """The time complexity the candidate stated, as they wrote it ("O(n log n)")."""
    stated_exponent: float | None = None
    """What the stated complexity implies for the slope."""
    verdict: str = ""
    """One line comparing the two, for the candidate."""


RunMode = Literal["run", "submit"]
RunStatus = Literal["passed", "failed", "error", "timeout", "refused"]


class CodeReport(BaseModel):
    """What a run of the candidate's code (or SQL query) showed."""

    problem_id: str
    mode: RunMode
    """Run: the statement's examples (SQL: the query's rows). Submit: every hidden test."""
    cases: list[CaseOutcome] = Field(default_factory=list)
    load_error: str | None = None
    """The code did not load (a syntax error, an import that failed, the function missing)."""
    refused: str | None = None
    """SQL: why the statement was refused (anything but a query)."""
    run_problem: str | None = None
    """Why the run itself failed (time, memory, output, crash), in words."""
    run_end: RunEnd | None = None
    warnings: list[str] = Field(default_factory=list)
    stdout: str = ""
    """What the code printed (the start of it)."""
    columns: list[str] = Field(default_factory=list)
    """SQL: the result's column names."""
    rows: list[list[Any]] = Field(default_factory=list)
    """SQL: the first rows of the result, as shown."""
    row_count: int = 0
    """SQL: how many rows the query returned."""
    growth: Growth | None = None
    seconds: float = 0.0
    """Time on the clock for the whole run, sandbox start-up included."""

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cases)

    @property
    def total(self) -> int:
        return len(self.cases)

    @property
    def failure(self) -> str | None:
        """Why the code did not get to its tests: refused, did not load, or the run itself failed; None otherwise."""
        return self.refused or self.load_error or self.run_problem

    @property
    def status(self) -> RunStatus:
        """passed, failed (a test failed), error (the code did not load or the run crashed), timeout, or refused."""
        if self.refused:
            return "refused"
        if self.load_error or self.run_end in (RunEnd.MEMORY, RunEnd.OUTPUT, RunEnd.CRASHED):
            return "error"
        if self.run_end in (RunEnd.WALL_TIME, RunEnd.CPU_TIME) or any(c.error == "too slow" for c in self.cases):
            return "timeout"
        if self.cases and all(c.passed for c in self.cases):
            return "passed"
        if not self.cases:  # a run of SQL shows rows and checks nothing; a submit that checked nothing failed to run
            return "passed" if self.mode == "run" and self.run_end is None else "error"
        return "failed"


class Sandbox(Protocol):
    """Runs untrusted Python in a folder of its own, under limits, and reports what happened."""

    def run_python(
        self, files: dict[str, str], entry: str, limits: RunLimits, collect: tuple[str, ...] = ()
    ) -> RunResult:
        """Write `files` into a fresh folder, run `python entry` there, and return its output and the `collect`ed
        files; nothing it started is left running."""
        ...


class CodeRunner(Protocol):
    """Runs a candidate's code for a problem: Run tries the examples, Submit every hidden test."""

    def check(self, problem_id: str, code: str, mode: RunMode = "submit", talk: str = "") -> CodeReport:
        """What the code did; `talk` is the candidate's talk-through (its stated complexity is compared with the
        measured growth)."""
        ...
