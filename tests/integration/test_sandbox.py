"""Hostile code against the real sandbox (bubblewrap, rlimits, pids cgroup): every limit holds, nothing leaks out,
nothing is left running, and the caller carries on with a clear message."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

from interviewer.adapters.sandbox import BubblewrapSandbox
from interviewer.domain.runs import Confinement, RunEnd, RunLimits

FAST = RunLimits(cpu_seconds=1, wall_seconds=2.5, memory_mb=256, output_bytes=1024 * 1024, processes=16)


@pytest.fixture(autouse=True)
def _bubblewrap_is_installed() -> None:
    assert shutil.which("bwrap"), "Debian's bubblewrap is required: .ci/test installs it (apt-get install bubblewrap)"


def _run(code: str, limits: RunLimits = FAST, sandbox: BubblewrapSandbox | None = None):  # type: ignore[no-untyped-def]
    return (sandbox or BubblewrapSandbox()).run_python({"main.py": code}, "main.py", limits)


def _running_with(marker: str) -> list[str]:
    """Processes on the host whose command line holds the marker."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(entry.name)
            except OSError:
                continue
    return found


def test_ordinary_code_runs_and_prints() -> None:
    result = _run("import math, json\nprint(json.dumps({'root': math.isqrt(144)}))")
    assert result.ok and result.stdout.strip() == '{"root": 12}', result
    assert result.confinement == Confinement.BUBBLEWRAP and result.problem() is None


def test_numpy_is_importable_read_only() -> None:
    result = _run("import numpy as np\nprint(float(np.arange(4).sum()))\nopen(np.__file__, 'a')")
    assert result.stdout.strip() == "6.0"
    assert not result.ok and "Read-only file system" in result.stderr


def test_an_infinite_loop_is_stopped() -> None:
    result = _run("while True:\n    pass")
    assert result.end in {RunEnd.CPU_TIME, RunEnd.WALL_TIME} and result.seconds < FAST.wall_seconds + 2
    assert "ran out of time" in (result.problem() or "") or "CPU time" in (result.problem() or "")


def test_a_sleeping_loop_is_stopped_by_the_clock() -> None:
    result = _run("import time\nwhile True:\n    time.sleep(0.1)")
    assert result.end == RunEnd.WALL_TIME and result.seconds < FAST.wall_seconds + 2


def test_a_fork_bomb_is_capped_and_leaves_nothing_behind() -> None:
    marker = f"forkbomb-{uuid.uuid4().hex}"
    # Bounded on purpose: at most 200 children, each sleeping, so a broken cap cannot take the machine down.
    code = f"""
import os, sys, time
sys.argv[0] = "{marker}"
made = 0
for _ in range(200):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    made += 1
print(made, flush=True)
time.sleep(30)
"""
    result = _run(code)
    made = int(result.stdout.split()[0])
    assert made < FAST.processes, made
    assert result.end == RunEnd.WALL_TIME
    assert not _running_with(marker)


def test_a_10_gb_allocation_fails() -> None:
    result = _run("block = bytearray(10 * 1024 ** 3)\nprint('allocated')")
    assert "allocated" not in result.stdout
    assert result.end == RunEnd.MEMORY and "memory" in (result.problem() or "")


def test_etc_home_and_the_app_data_folder_cannot_be_read(tmp_path: Path) -> None:
    secret = tmp_path / "history.sqlite3"
    secret.write_text("TOP-SECRET-ANSWERS", encoding="utf-8")
    targets = ["/etc/passwd", "/etc/shadow", str(secret), str(Path.home()), "/root", "/work/../etc/hostname"]
    code = f"""
import os
for target in {targets!r}:
    try:
        if os.path.isdir(target):
            print(target, "LISTED", os.listdir(target))
        else:
            print(target, "READ", open(target).read()[:80])
    except OSError as exc:
        print(target, "DENIED", type(exc).__name__)
"""
    result = _run(code)
    assert result.ok, result
    assert "TOP-SECRET" not in result.stdout and "root:x:0:0" not in result.stdout
    assert "READ" not in result.stdout and "LISTED" not in result.stdout, result.stdout


def test_no_network_not_even_127_0_0_1() -> None:
    accepted: list[bool] = []
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(4)
        port = server.getsockname()[1]

        def accept() -> None:
            try:
                server.accept()
                accepted.append(True)
            except OSError:
                pass

        thread = threading.Thread(target=accept)
        thread.start()
        code = f"""
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2)
    print("CONNECTED")
except OSError as exc:
    print("BLOCKED", type(exc).__name__)
"""
        result = _run(code)
        thread.join()
    assert "BLOCKED" in result.stdout and not accepted


def test_nothing_is_written_outside_its_own_folder(tmp_path: Path) -> None:
    outside = tmp_path / f"escape-{uuid.uuid4().hex}"
    code = f"""
for target in ["{outside}", "/tmp/escape-marker", "/usr/escape", "../escape", "/etc/escape"]:
    try:
        open(target, "w").write("x")
        print(target, "WROTE")
    except OSError as exc:
        print(target, "DENIED", type(exc).__name__)
open("mine.txt", "w").write("inside is fine")
"""
    result = _run(code)
    assert not outside.exists() and not Path("/tmp/escape-marker").exists() and not Path("/usr/escape").exists()
    assert f"{outside} DENIED" in result.stdout and "/usr/escape DENIED" in result.stdout


def test_crashing_through_ctypes_is_reported() -> None:
    result = _run("import ctypes\nctypes.string_at(0)")
    assert result.end == RunEnd.CRASHED and "crashed" in (result.problem() or "")


def test_printing_100_mb_stops_at_the_output_limit() -> None:
    result = _run("import sys\nfor _ in range(100):\n    sys.stdout.write('x' * 1024 * 1024)\n")
    assert result.end == RunEnd.OUTPUT and len(result.stdout) <= 64 * 1024
    assert "more output" in (result.problem() or "")


def test_the_folder_is_removed_and_collected_files_come_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # this run's folder only, not other processes' runs
    result = BubblewrapSandbox().run_python(
        {"main.py": "import os\nopen('out.json', 'w').write(os.getcwd())"}, "main.py", FAST, collect=("out.json",)
    )
    assert result.files == {"out.json": "/work"}
    assert list(tmp_path.iterdir()) == []


def test_without_bubblewrap_the_run_is_limited_and_says_so() -> None:
    result = _run("while True:\n    pass", sandbox=BubblewrapSandbox(bwrap=""))
    assert result.confinement == Confinement.RLIMITS_ONLY
    assert result.end in {RunEnd.CPU_TIME, RunEnd.WALL_TIME}
    assert any("bubblewrap is not installed" in w for w in result.warnings)
