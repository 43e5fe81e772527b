"""The built-in knowledge base ingested once per test session, into a folder every test process shares.

Ingesting takes one to two minutes here, and most integration tests need the store. Run as a module
(`python -m tests.integration.store FOLDER`), it is started in the background as soon as the tests are collected,
while the tests that need no store run first (conftest orders them so); the fixture then only waits for it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from filelock import FileLock

MASTER = "builtin-kb-master"


def shared_folder(basetemp: Path) -> Path:
    """The temp folder every test process of the session shares: under pytest-xdist a worker's base temp folder
    sits inside the session's."""
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


def ensure_master(shared: Path) -> Path:
    """The shared ingested data dir under `shared`: built here unless another process has built it (or holds the lock
    while building it, when this waits). A failed build leaves no marker, so the next caller builds it again and
    reports the error."""
    master = shared / MASTER
    with FileLock(str(shared / f"{MASTER}.lock")):
        if not (master / "ingested").exists():
            import shutil

            # Imported under the lock: a background build takes it before the slow imports, ahead of the tests.
            from interviewer.services import run_ingest
            from interviewer.settings import Settings

            shutil.rmtree(master, ignore_errors=True)
            report = run_ingest(Settings(data_dir=master))
            assert report.errors == [], report.errors
            assert report.embedded == report.chunks > 400
            assert report.grading_texts > 3000  # every key point, paraphrase and known mistake of the bank
            (master / "ingested").write_text(str(report.chunks))
    return master


if __name__ == "__main__":
    ensure_master(Path(sys.argv[1]))
