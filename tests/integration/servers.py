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
def serve(data_dir: Path, port: int) -> Iterator[str]:
    """`interviewer ui` on `data_dir` and `port` (two questions per round) until the block ends; yields its URL once
    the page is served (the engine may still be being prepared: the page and /status say when it is ready)."""
    env = {**os.environ, "INTERVIEWER_QUESTIONS_PER_ROUND": "2", "GRADIO_ANALYTICS_ENABLED": "False"}
    log = (data_dir / f"server-{port}-{time.time_ns()}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer.cli", "--data-dir", str(data_dir), "ui", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2):
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
