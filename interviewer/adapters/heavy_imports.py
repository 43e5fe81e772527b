"""Importing the big libraries (torch through sentence-transformers, chromadb, gradio) without the cycle collector.

Those imports create millions of objects that live as long as the process; collecting cycles among them while they
are created costs 2-3 s per process here (9.6 s instead of 12 s for sentence-transformers and chromadb). The
collector is off only inside the block, and what was imported is frozen so later collections skip it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block (a heavy import) with the cycle collector off, then freeze what it made and turn it back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
