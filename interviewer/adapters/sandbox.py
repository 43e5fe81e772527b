"""Untrusted Python in a box: bubblewrap namespaces, resource limits and a pids cgroup.

Why this is enough for a candidate's answer (see the README's "Running candidates' code"):
- bubblewrap (`--unshare-all`) gives the run its own mount, PID, network, IPC, UTS and user namespaces. Its file
  system holds only /usr (read-only), the Python installation (read-only), numpy when asked for (read-only) and the
  run's own folder: no /etc, no home, no history database, no network (not even 127.0.0.1), and when the run's first
  process ends the kernel kills every process left in its PID namespace.
- rlimits cap CPU time, address space (a 10 GB allocation fails), file size (printing 100 MB stops at the cap) and
  core dumps; for a user other than root, RLIMIT_NPROC caps processes.
- root is exempt from RLIMIT_NPROC, so as root a pids cgroup (v1 or v2, when the hierarchy is writable) caps them.
- The clock: the whole process group is killed at the wall-time limit.
Where bubblewrap is missing, the run gets the rlimits only, and the result says so (a warning the candidate sees).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from interviewer.domain.runs import Confinement, RunEnd, RunLimits, RunResult

SHOWN_BYTES = 64 * 1024
"""How much of each output stream (and collected file) comes back."""
_PIDS_ROOTS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))


def _pids_cgroup_parent() -> Path | None:
    """A pids cgroup hierarchy this process may create groups in (v1's pids tree, or v2's root with pids enabled for
    its children), or None."""
    v1, v2 = _PIDS_ROOTS
    if (v1 / "cgroup.procs").exists():
        return v1 if os.access(v1, os.W_OK) else None
    subtree = v2 / "cgroup.subtree_control"
    with contextlib.suppress(OSError):
        if "pids" in subtree.read_text().split() and os.access(v2, os.W_OK):
            return v2
    return None


def _user_tasks() -> int:
    """Processes and threads this user runs now: RLIMIT_NPROC counts them all, not only the run's."""
    uid, count = os.getuid(), 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(entry / "task"))
    return count


@contextlib.contextmanager
def _pids_cgroup(limit: int) -> Iterator[Path | None]:
    """A fresh pids cgroup capped at `limit` tasks, removed (after killing anything left in it) at the end."""
    parent = _pids_cgroup_parent() if os.geteuid() == 0 else None
    group = parent / f"interviewer-run-{uuid.uuid4().hex[:12]}" if parent else None
    try:
        if group is not None:
            group.mkdir()
            (group / "pids.max").write_text(str(limit))
    except OSError:
        group = None
    try:
        yield group
    finally:
        if group is not None:
            for _ in range(50):
                with contextlib.suppress(OSError):
                    for pid in (group / "cgroup.procs").read_text().split():
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(int(pid), signal.SIGKILL)
                    group.rmdir()
                    break
                time.sleep(0.02)


# Runs first in the child (a fresh interpreter, so nothing of the app's threads or locks is inherited, as it would be
# with subprocess's preexec_fn): join the cgroup, set the rlimits, then exec the command; the limits are inherited by
# everything the command starts.
_LAUNCHER = """
import os, resource, sys
cgroup, cpu, memory, output, nproc = sys.argv[1:6]
if cgroup:
    with open(cgroup, "w") as handle:
        handle.write(str(os.getpid()))
resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + 1))
resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
resource.setrlimit(resource.RLIMIT_FSIZE, (int(output), int(output)))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
if nproc:
    resource.setrlimit(resource.RLIMIT_NPROC, (int(nproc), int(nproc)))
os.execv(sys.argv[6], sys.argv[6:])
"""


def _launcher(limits: RunLimits, cgroup: Path | None) -> list[str]:
    """The command prefix that applies the limits (and the cgroup) before exec'ing the real command."""
    nproc = str(limits.processes + _user_tasks()) if os.geteuid() != 0 else ""
    return [
        sys.executable, "-I", "-S", "-c", _LAUNCHER, str(cgroup / "cgroup.procs") if cgroup else "",
        str(limits.cpu_seconds), str(limits.memory_mb * 1024 * 1024), str(limits.output_bytes), nproc,
    ]  # fmt: skip


def _python_mounts(packages: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """bubblewrap arguments that show the Python installation (and the named packages) read-only, and the command
    that runs the interpreter inside."""
    prefix = Path(sys.base_prefix).resolve()
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    args = ["--ro-bind", str(prefix), "/opt/python"]
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        package = Path(next(iter(spec.submodule_search_locations))).resolve()
        args += ["--ro-bind", str(package), f"/opt/site/{name}"]
        libs = package.parent / f"{name}.libs"  # vendored shared libraries of manylinux wheels
        if libs.exists():
            args += ["--ro-bind", str(libs.resolve()), f"/opt/site/{name}.libs"]
    return args, [f"/opt/python/bin/{version}", "-B", "-s"]


def _system_mounts() -> list[str]:
    """The read-only system the interpreter needs: /usr, and the merged-/usr symlinks that exist on this host."""
    args = ["--ro-bind", "/usr", "/usr"]
    for link in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / link
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), f"/{link}"]
        elif path.is_dir():
            args += ["--ro-bind", str(path), f"/{link}"]
    return args


_SIGNALLED = {int(s) for s in (signal.SIGXCPU, signal.SIGXFSZ, signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT,
                                signal.SIGILL, signal.SIGFPE, signal.SIGKILL)}  # fmt: skip


def _signal_of(code: int, boxed: bool) -> int | None:
    """The signal that ended the run, if one did: bubblewrap reports its child's as exit code 128 + the signal."""
    if code < 0:
        return -code
    if boxed and code > 128 and code - 128 in _SIGNALLED:
        return code - 128
    return None


def _ended(code: int | None, timed_out: bool, stderr: str, boxed: bool) -> RunEnd:
    """How the run ended, from its exit code (or the signal in it) and what it printed to stderr."""
    if timed_out:
        return RunEnd.WALL_TIME
    number = _signal_of(code, boxed) if code is not None else None
    if number is None:
        if code and "MemoryError" in stderr:
            return RunEnd.MEMORY
        # Python ignores SIGXFSZ: a write over the file-size limit raises "File too large" instead.
        return RunEnd.OUTPUT if code and "File too large" in stderr else RunEnd.FINISHED
    if number == signal.SIGXCPU or (number == signal.SIGKILL and "cpu" in stderr.lower()):
        return RunEnd.CPU_TIME
    if number == signal.SIGXFSZ:
        return RunEnd.OUTPUT
    return RunEnd.CPU_TIME if number == signal.SIGKILL else RunEnd.CRASHED


def _read(path: Path, limit: int = SHOWN_BYTES) -> str:
    """The start of a file the run wrote, as text."""
    with contextlib.suppress(OSError), path.open("rb") as handle:
        return handle.read(limit).decode("utf-8", "replace")
    return ""


class BubblewrapSandbox:
    """The `Sandbox` port over bubblewrap (or, where it is missing, rlimits alone, said in every result)."""

    def __init__(self, packages: tuple[str, ...] = ("numpy",), bwrap: str | None = None) -> None:
        """`packages` are made importable inside (read-only); `bwrap` overrides where bubblewrap is found."""
        self.packages = packages
        self.bwrap = bwrap if bwrap is not None else shutil.which("bwrap")

    @property
    def confinement(self) -> Confinement:
        return Confinement.BUBBLEWRAP if self.bwrap else Confinement.RLIMITS_ONLY

    def _command(self, work: Path, entry: str) -> list[str]:
        if not self.bwrap:
            return [sys.executable, "-I", "-B", entry]
        mounts, python = _python_mounts(self.packages)
        env = ["--setenv", "PYTHONPATH", "/opt/site", "--setenv", "HOME", "/work", "--setenv", "LANG", "C.UTF-8"]
        env += ["--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1"]
        return [
            self.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            *_system_mounts(), *mounts, "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
            "--bind", str(work), "/work", "--chdir", "/work", "--clearenv", *env, *python, entry,
        ]  # fmt: skip

    def run_python(
        self, files: dict[str, str], entry: str, limits: RunLimits, collect: tuple[str, ...] = ()
    ) -> RunResult:
        """Run `python entry` over `files` in a fresh folder under `limits`; the folder is removed afterwards."""
        base = Path(tempfile.mkdtemp(prefix="interviewer-run-"))
        work, logs = base / "work", base / "logs"
        work.mkdir()
        logs.mkdir(mode=0o700)
        try:
            for name, text in files.items():
                (work / name).write_text(text, encoding="utf-8")
            return self._run(work, logs, entry, limits, collect)
        finally:
            shutil.rmtree(base, ignore_errors=True)

    def _run(self, work: Path, logs: Path, entry: str, limits: RunLimits, collect: tuple[str, ...]) -> RunResult:
        warnings = [] if self.bwrap else ["bubblewrap is not installed: your code ran with resource limits only."]
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(work), "OPENBLAS_NUM_THREADS": "1"}
        started = time.monotonic()
        with (
            _pids_cgroup(limits.processes) as cgroup,
            (logs / "out").open("wb") as out,
            (logs / "err").open("wb") as err,
        ):
            if cgroup is None and os.geteuid() == 0:
                warnings.append("No pids cgroup here: the number of processes is not capped (running as root).")
            process = subprocess.Popen(
                [*_launcher(limits, cgroup), *self._command(work, entry)],
                cwd=work,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=env,
                start_new_session=True,
            )
            timed_out = False
            try:
                process.wait(timeout=limits.wall_seconds)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        stderr, code = _read(logs / "err"), process.returncode
        return RunResult(
            end=_ended(None if timed_out else code, timed_out, stderr, bool(self.bwrap)),
            exit_code=None if timed_out or _signal_of(code, bool(self.bwrap)) is not None else code,
            stdout=_read(logs / "out"),
            stderr=stderr,
            seconds=round(time.monotonic() - started, 3),
            files={name: _read(work / name, limits.output_bytes) for name in collect if (work / name).is_file()},
            confinement=self.confinement,
            warnings=warnings,
        )
