"""First-run benchmark: how soon `interviewer ui` serves its page on a fresh data folder; when an interview can start.

Run: .venv/bin/python benchmarks/first_page.py [--data-dir DIR]
Without --data-dir the app starts on an empty temporary folder, so it builds its knowledge store in the background
(a fresh machine's first run); with one, it starts on a copy of that folder (a later run). Prints the seconds to the
first page, the progress lines the page showed, the seconds until Start is enabled, and the first question's latency.
Target (issue 11): first page <= 8 s cold. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_page(url: str, server: subprocess.Popen[bytes], began: float) -> float:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - began
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the app exited before serving its page") from None
            time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", help="an ingested data folder to copy (default: an empty one, a first run)")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="interviewer-first-"))
    if args.data_dir:
        shutil.copytree(args.data_dir, data, dirs_exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    began = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "interviewer.cli", "--data-dir", str(data), "ui", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )
    try:
        first_page = _wait_for_page(url, server, began)
        print(f"first page: {first_page:.1f} s ({'a later run' if args.data_dir else 'fresh data folder'})")
        from gradio_client import Client

        client = Client(url, verbose=False)
        shown = ""
        while True:
            status = str(client.predict(api_name="/status")[0])
            if status != shown:
                print(f"  {time.monotonic() - began:5.1f} s  {status}")
                shown = status
            if "⏳" not in status:
                break
            time.sleep(0.5)
        ready = time.monotonic() - began
        print(f"ready to start: {ready:.1f} s")
        asked = time.monotonic()
        client.predict("ml_theory", "adaptive", 2, "", None, "", None, api_name="/start")
        print(f"first question: {time.monotonic() - asked:.2f} s after Start")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
