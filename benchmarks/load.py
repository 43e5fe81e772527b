"""Load benchmark: simulated candidates practise at once through gradio_client against real app servers.

Run: .venv/bin/python benchmarks/load.py [--users 20] [--answers 5] [--think 5.0] [--data-dir DIR]
     .venv/bin/python benchmarks/load.py --hosted [--users 50] [--think 3.0]

Local mode: one `interviewer ui` on SQLite, no sign-in. Hosted mode: a Postgres server, a Chroma server and two app
processes with sign-in, all on 127.0.0.1; each simulated candidate signs in as their own user and sticks to one of
the two processes, half on each. Prints turn latency p50/p95, errors, lost answers (every answer stored in the
database compared with the one sent) and each app process's peak RSS. Hosted mode needs Debian's postgresql
package. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo's own server helpers (tests/integration)

from tests.integration.postgres import postgres_server
from tests.integration.servers import chroma_server, free_port, serve

ANSWERS = [
    "At my last company our nightly training pipeline took 14 hours and failed twice a week. I was responsible for "
    "fixing it. I profiled each stage and made feature computation incremental. As a result training dropped from "
    "14 hours to 2 hours and failures fell by 90%.",
    "I disagreed with a colleague about the launch metric. I set up a meeting, listened to her reasons, and we agreed "
    "to run both metrics in an A/B test for two weeks; the test showed a 3% lift and we shipped.",
    "We had a slow build and we made it faster. It was a team effort and everyone was happy in the end.",
    "I don't know the details of that one, to be honest, but I would start by asking the team what they measured.",
    "In my first year I owned the fraud model. I retrained it weekly, added drift alerts and cut false positives by "
    "30%, which saved the review team about 12 hours a week.",
]
PASSWORD = "load-test-password"


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Run:
    """What the simulated candidates did: latencies, errors and every answer sent, per user."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.by_turn: dict[int, list[float]] = {}
        self.errors: list[str] = []
        self.sent: dict[str, list[str]] = {}
        self.lock = threading.Lock()


def candidate(run: Run, index: int, url: str, user: str, args: argparse.Namespace, cookie: str | None) -> None:
    """One candidate: start a behavioral round and answer it, pausing to think before each answer."""
    from gradio_client import Client

    rng = random.Random(index)
    sent: list[str] = []
    try:
        # Plain http on 127.0.0.1: no certificate to check. With checking on, httpx loads the CA bundle for every
        # request gradio_client sends, which took 2/3 of this process's CPU and a core away from the servers.
        client = Client(url, verbose=False, headers={"Cookie": cookie} if cookie else None, ssl_verify=False)
        client.predict("behavioral", "adaptive", args.answers, "", None, "", None, api_name="/start")
        for turn in range(args.answers):
            time.sleep(rng.uniform(0.5, 1.5) * args.think)
            answer = f"{rng.choice(ANSWERS)} (user {index}, turn {turn})"
            started = time.perf_counter()
            client.predict(answer, None, api_name="/answer")
            sent.append(answer)
            with run.lock:
                run.latencies.append((time.perf_counter() - started) * 1000)
                run.by_turn.setdefault(turn, []).append((time.perf_counter() - started) * 1000)
    except Exception as exc:  # every failure counts as an error in the figures
        with run.lock:
            run.errors.append(f"{user}: {exc!r}")
    with run.lock:
        run.sent[user] = sent


def lost_answers(run: Run, history_location: str | Path) -> int:
    """Answers sent but not stored word for word in the sender's own sessions (or stored more than once)."""
    from interviewer.adapters.history_db import History

    store, lost = History(history_location), 0
    for user, sent in run.sent.items():
        history, stored = store.for_user(user), []
        for row in history.sessions():
            session = history.load(row.id)
            stored += [t.answer for t in session.turns if t.answer is not None] if session else []
        lost += sum(stored.count(answer) != 1 for answer in sent)
    return lost


def sign_in_cookie(url: str, user: str) -> str:
    import httpx

    response = httpx.post(f"{url}signin", data={"name": user, "password": PASSWORD}, timeout=60)
    if response.status_code != 303:
        raise RuntimeError(f"signing in as {user} failed: HTTP {response.status_code}")
    return f"interviewer_user={response.cookies['interviewer_user']}"


def simulate(run: Run, urls: list[str], args: argparse.Namespace) -> float:
    """All candidates at once, each on urls[index % len(urls)]; returns the wall time."""
    users = [f"candidate{i:03d}" if args.hosted else "local" for i in range(args.users)]
    cookies = [sign_in_cookie(urls[i % len(urls)], u) if args.hosted else None for i, u in enumerate(users)]
    threads = [
        threading.Thread(target=candidate, args=(run, i, urls[i % len(urls)], users[i], args, cookies[i]))
        for i in range(args.users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def report(run: Run, args: argparse.Namespace, wall: float, lost: int, pids: list[int]) -> int:
    from interviewer.evaluation.metrics import percentile

    ordered = sorted(run.latencies)
    p95 = percentile(ordered, 95) if ordered else float("nan")
    mode = "hosted: 2 app processes, Postgres, Chroma server, sign-in" if args.hosted else "local: 1 app process"
    print(f"mode                 {mode}")
    print(f"users                {args.users}")
    print(f"answers per user     {args.answers} (think time ~{args.think:.1f} s)")
    print(f"turns completed      {len(run.latencies)}")
    print(f"errors               {len(run.errors)}")
    print(f"lost answers         {lost}")
    print(f"turn latency p50     {statistics.median(ordered) if ordered else float('nan'):.0f} ms")
    print(f"turn latency p95     {p95:.0f} ms")
    print(f"wall time            {wall:.1f} s")
    for n, pid in enumerate(pids, 1):
        print(f"app process {n} peak RSS {_peak_rss_mb(pid):.0f} MB")
    for turn, values in sorted(run.by_turn.items()):
        print(f"answer {turn + 1} latency p50 / max {statistics.median(values):.0f} / {max(values):.0f} ms")
    for error in run.errors[:5]:
        print(f"  {error}")
    return 1 if run.errors or lost else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosted", action="store_true", help="two app processes, Postgres, a Chroma server, sign-in")
    parser.add_argument("--users", type=int, help="simulated candidates (default 20; hosted 50)")
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--think", type=float, help="mean seconds a user pauses before answering (5; hosted 3)")
    parser.add_argument("--embed-threads", type=int, default=1, help="hosted: INTERVIEWER_EMBED_THREADS per process")
    parser.add_argument("--data-dir", help="an ingested data dir to copy (default: ingest into a temporary one)")
    args = parser.parse_args()
    args.users = args.users or (50 if args.hosted else 20)
    args.think = args.think if args.think is not None else (3.0 if args.hosted else 5.0)
    data = Path(tempfile.mkdtemp(prefix="interviewer-load-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, data, ignore_errors=True)
        if args.data_dir:
            shutil.copytree(args.data_dir, data, dirs_exist_ok=True)
            (data / "history.sqlite3").unlink(missing_ok=True)
        else:
            ingest = [sys.executable, "-m", "interviewer.cli", "--data-dir", str(data), "ingest", "--quiet"]
            subprocess.run(ingest, check=True)
        env = {"INTERVIEWER_QUESTIONS_PER_ROUND": str(args.answers)}
        location: str | Path = data / "history.sqlite3"
        folders = [data]
        if args.hosted:
            location = stack.enter_context(postgres_server())
            chroma = stack.enter_context(chroma_server(data / "chroma", data / "chroma.log"))
            env |= {"INTERVIEWER_SIGN_IN": "true", "INTERVIEWER_DATABASE_URL": str(location)}
            # Two processes on one machine: a core each for the embedding model rather than both fighting for two.
            env |= {"INTERVIEWER_EMBED_THREADS": str(args.embed_threads)}
            env |= {"INTERVIEWER_CHROMA_URL": chroma}
            _add_users(str(location), args.users)
            folders = [data / "app-1", data / "app-2"]
        pids: list[int] = []
        urls = []
        for folder in folders:
            folder.mkdir(exist_ok=True)
            urls.append(stack.enter_context(serve(folder, free_port(), env, pids=pids)))
        _wait_until_ready(urls, args.hosted)
        run = Run()
        wall = simulate(run, urls, args)
        return report(run, args, wall, lost_answers(run, location), pids)


def _add_users(database: str, count: int) -> None:
    """The operator's accounts, one per simulated candidate (what `interviewer users add` writes)."""
    from interviewer.adapters.history_db import History
    from interviewer.adapters.passwords import hash_password

    store, hashed = History(database), hash_password(PASSWORD)
    for i in range(count):
        store.add_user(f"candidate{i:03d}", hashed, datetime.now())


def _wait_until_ready(urls: list[str], hosted: bool) -> None:
    """Until every app process has prepared its engine (its /status no longer says it is preparing)."""
    from gradio_client import Client

    for url in urls:
        cookie = sign_in_cookie(url, "candidate000") if hosted else None
        client = Client(url, verbose=False, headers={"Cookie": cookie} if cookie else None)
        deadline = time.monotonic() + 300
        while "⏳" in str(client.predict(api_name="/status")[0]) and time.monotonic() < deadline:
            time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
