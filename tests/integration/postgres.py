"""A real PostgreSQL server for tests (Debian's postgresql package): initdb in a temporary folder, listening on
127.0.0.1 on a free port, stopped by pg_ctl when the block ends. Run as root, the server runs as `postgres`."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.integration.servers import free_port


def _bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is missing: `apt-get install postgresql` (.ci/test does)")
    return str(found[-1])


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def postgres_server() -> Iterator[str]:
    """A fresh database server; yields a SQLAlchemy URL to its `postgres` database."""
    folder = Path(tempfile.mkdtemp(prefix="interviewer-pg-"))
    data, port = folder / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    subprocess.run(
        _as_postgres([_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
        cwd="/",
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} -c fsync=off"
    subprocess.run(
        _as_postgres([_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
        cwd="/",
    )
    try:
        deadline = time.monotonic() + 30
        while subprocess.run(
            _as_postgres([_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]), cwd="/"
        ).returncode:
            if time.monotonic() > deadline:
                raise RuntimeError((folder / "log").read_text()[-2000:])
            time.sleep(0.2)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True, cwd="/"
        )
        shutil.rmtree(folder, ignore_errors=True)
