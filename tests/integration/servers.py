"""Real servers for tests and benchmarks: the app and a Chroma server, each started on 127.0.0.1 on a free port,
waited for until it answers, and stopped by its PID."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

APP_STARTUP_S = 120.0
CHROMA_STARTUP_S = 60.0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    """Whether something at url answers a GET with a success."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def _running(
    process: subprocess.Popen[bytes], ready: Callable[[], bool], timeout_s: float, log: Path
) -> Iterator[None]:
    """Until the block ends: wait for `ready()` (failing with the log's tail if the process dies or time runs out),
    then stop the process by its PID."""
    try:
        deadline = time.monotonic() + timeout_s
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{process.args[0]} did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextmanager
def serve(data_dir: Path, port: int, env: dict[str, str] | None = None, pids: list[int] | None = None) -> Iterator[str]:
    """`interviewer ui` on `data_dir` and `port` (two questions per round; `env` adds settings) until the block ends;
    yields its URL once the page is served (the engine may still be being prepared: /status says when it is ready).
    The process id is appended to `pids` when given."""
    env = {**os.environ, "INTERVIEWER_QUESTIONS_PER_ROUND": "2", "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})}
    log = data_dir / f"server-{port}-{time.time_ns()}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "interviewer.cli", "--data-dir", str(data_dir), "ui", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    if pids is not None:
        pids.append(process.pid)
    url = f"http://127.0.0.1:{port}/"
    page = url + "signin" if "INTERVIEWER_SIGN_IN" in env else url  # hosted mode sends "/" to the sign-in page
    with _running(process, lambda: _answers(page), APP_STARTUP_S, log):
        yield url


@contextmanager
def chroma_server(path: Path, log: Path) -> Iterator[str]:
    """Run `chroma run` on the store at `path` on a free port until the block ends; yields the server URL."""
    chroma = Path(sys.executable).parent / "chroma"
    assert chroma.is_file(), f"no chroma executable next to {sys.executable}"
    url = f"http://127.0.0.1:{free_port()}"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", url.rsplit(":", 1)[1]],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    with _running(process, lambda: _answers(f"{url}/api/v2/heartbeat"), CHROMA_STARTUP_S, log):
        yield url
