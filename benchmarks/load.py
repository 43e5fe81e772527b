"""Load benchmark: simulated candidates practise at once through gradio_client against a local server.

Run: .venv/bin/python benchmarks/load.py [--users 20] [--answers 5] [--think 1.0]
Prints turn latency p50/p95, errors and the server's peak RSS. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ANSWERS = [
    "At my last company our nightly training pipeline took 14 hours and failed twice a week. I was responsible for "
    "fixing it. I profiled each stage and made feature computation incremental. As a result training dropped from "
    "14 hours to 2 hours and failures fell by 90%.",
    "I disagreed with a colleague about the launch metric. I set up a meeting, listened to her reasons, and we agreed "
    "to run both metrics in an A/B test for two weeks; the test showed a 3% lift and we shipped.",
    "We had a slow build and we made it faster. It was a team effort and everyone was happy in the end.",
    "I don't know.",
    "In my first year I owned the fraud model. I retrained it weekly, added drift alerts and cut false positives by "
    "30%, which saved the review team about 12 hours a week.",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds a user pauses before answering")
    parser.add_argument("--data-dir", help="an ingested data dir to copy (default: ingest into a temporary one)")
    args = parser.parse_args()
    from gradio_client import Client

    from interviewer.evaluation.metrics import percentile

    data = Path(tempfile.mkdtemp(prefix="interviewer-load-"))
    if args.data_dir:
        shutil.copytree(args.data_dir, data, dirs_exist_ok=True)
        (data / "history.sqlite3").unlink(missing_ok=True)
    else:
        subprocess.run(
            [sys.executable, "-m", "interviewer.cli", "--data-dir", str(data), "ingest", "--quiet"], check=True
        )
    port = _free_port()
    env = {**os.environ, "INTERVIEWER_QUESTIONS_PER_ROUND": str(args.answers)}
    server = subprocess.Popen(
        [sys.executable, "-m", "interviewer.cli", "--data-dir", str(data), "ui", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.5)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def user(index: int) -> None:
            rng = random.Random(index)
            try:
                client = Client(url, verbose=False)
                client.predict("behavioral", "adaptive", args.answers, "", None, "", None, api_name="/start")
                for turn in range(args.answers):
                    time.sleep(rng.uniform(0.5, 1.5) * args.think)
                    started = time.perf_counter()
                    client.predict(f"{rng.choice(ANSWERS)} (user {index}, turn {turn})", None, api_name="/answer")
                    with lock:
                        latencies.append((time.perf_counter() - started) * 1000)
            except Exception as exc:  # every failure counts as an error in the figures
                with lock:
                    errors.append(f"user {index}: {exc!r}")

        threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        ordered = sorted(latencies)
        p95 = percentile(ordered, 95) if ordered else float("nan")
        print(f"users                {args.users}")
        print(f"answers per user     {args.answers} (think time ~{args.think:.1f} s)")
        print(f"turns completed      {len(latencies)}")
        print(f"errors               {len(errors)}")
        print(f"turn latency p50     {statistics.median(ordered) if ordered else float('nan'):.0f} ms")
        print(f"turn latency p95     {p95:.0f} ms")
        print(f"wall time            {wall:.1f} s")
        print(f"server peak RSS      {_peak_rss_mb(server.pid):.0f} MB")
        for error in errors[:5]:
            print(f"  {error}")
        return 1 if errors else 0
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
