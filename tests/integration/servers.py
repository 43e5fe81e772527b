"""The app as a real server for tests: started on 127.0.0.1 on a free port, stopped by its PID."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(data_dir: Path, port: int, env: dict[str, str] | None = None, pids: list[int] | None = None) -> Iterator[str]:
    """`interviewer ui` on `data_dir` and `port` (two questions per round; `env` adds settings) until the block ends;
    yields its URL once the page is served (the engine may still be being prepared: /status says when it is ready).
    The process id is appended to `pids` when given."""
    env = {**os.environ, "INTERVIEWER_QUESTIONS_PER_ROUND": "2", "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})}
    log = (data_dir / f"server-{port}-{time.time_ns()}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer.cli", "--data-dir", str(data_dir), "ui", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    if pids is not None:
        pids.append(proc.pid)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "signin" if "INTERVIEWER_SIGN_IN" in env else url, timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not start: {Path(log.name).read_text()[-2000:]}") from None
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


CHROMA_STARTUP_S = 60.0


def _heartbeat(url: str) -> bool:
    """Whether the Chroma server at url answers its heartbeat."""
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def chroma_server(path: Path, log: Path) -> Iterator[str]:
    """Run `chroma run` on the store at `path` on a free port until the block ends; yields the server URL."""
    chroma = Path(sys.executable).parent / "chroma"
    assert chroma.is_file(), f"no chroma executable next to {sys.executable}"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + CHROMA_STARTUP_S
        while not _heartbeat(url):
            if process.poll() is not None:
                raise RuntimeError(f"chroma exited with {process.returncode}:\n{log.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"chroma did not answer in time:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
