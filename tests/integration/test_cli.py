"""The `interviewer` command end to end, in subprocesses, against a real store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.services import build_store
from interviewer.settings import Settings
from tests.integration.fixtures import MOJIBAKE_MARKERS, PAGE, damage

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "interviewer.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


def _chunks_from(data_dir: Path, source: str) -> list[tuple[str, dict[str, str]]]:
    store = build_store(Settings(data_dir=data_dir))
    raw = store._collection.get(where={"source": source}, include=["documents", "metadatas"])
    return list(zip(raw["documents"], raw["metadatas"], strict=True))


def test_search_json(builtin_store_dir: Path) -> None:
    result = _cli(
        "--data-dir", str(builtin_store_dir), "search", "how should I structure a behavioral answer", "--json"
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    first = payload["results"][0]
    assert first["topic"] == "star_method"
    assert set(first) >= {"source", "section", "round", "topic", "score", "text"}


def test_ingest_repairs_damaged_scraped_page(store_copy: Path, tmp_path: Path) -> None:
    page = tmp_path / "cheatsheet.txt"
    page.write_text(damage(PAGE), encoding="utf-8")
    assert "โ€”" in page.read_text(encoding="utf-8")
    result = _cli("--data-dir", str(store_copy), "ingest", str(page))
    assert result.returncode == 0, result.stderr
    assert "0 problems" in result.stdout
    chunks = _chunks_from(store_copy, "cheatsheet.txt")
    assert chunks and not [t for t, _ in chunks if any(m in t for m in MOJIBAKE_MARKERS)]
    rows = [t for t, m in chunks if m["section"].startswith("Loop At A Glance > ")]
    assert len(rows) == 6
    assert "Step: Live Coding; What They Test: Arrays / Graphs; Time: 45–60 min; How To Prepare: " in "\n".join(rows)
    assert any(t.startswith("🎯") or "— in one page" in t for t, _ in chunks)


def test_bad_input_gives_clear_errors(builtin_store_dir: Path, tmp_path: Path) -> None:
    empty = _cli("--data-dir", str(builtin_store_dir), "search", "   ")
    assert empty.returncode == 2 and "error: the search query is empty" in empty.stderr
    missing = _cli("--data-dir", str(builtin_store_dir), "ingest", str(tmp_path / "missing.md"), "--quiet")
    assert missing.returncode == 0 and "no such file or folder" in missing.stderr
    bad_url = _cli("--chroma-url", "ftp://nowhere", "search", "x")
    assert bad_url.returncode == 2 and "http" in bad_url.stderr


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed guides are not beside this checkout")
def test_real_seed_guides(store_copy: Path) -> None:
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    result = _cli("--data-dir", str(store_copy), "ingest", *seeds)
    assert result.returncode == 0, result.stderr
    for seed in seeds:
        chunks = _chunks_from(store_copy, Path(seed).name)
        assert chunks and not [t for t, _ in chunks if any(m in t for m in MOJIBAKE_MARKERS)]
    table = [
        t
        for t, m in _chunks_from(store_copy, "000_72443ada073f3dd1.txt")
        if m["section"].startswith("Interview Format > ")
    ]
    assert len(table) == 6
    assert "Round: System Design; Focus: ML Architecture; Duration: 45–60 min" in "\n".join(table)
