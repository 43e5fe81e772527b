"""Running a candidate's code: the limits it runs under, what came back, and the port a sandbox implements."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

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


class Sandbox(Protocol):
    """Runs untrusted Python in a folder of its own, under limits, and reports what happened."""

    def run_python(
        self, files: dict[str, str], entry: str, limits: RunLimits, collect: tuple[str, ...] = ()
    ) -> RunResult:
        """Write `files` into a fresh folder, run `python entry` there, and return its output and the `collect`ed
        files; nothing it started is left running."""
        ...
