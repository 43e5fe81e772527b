"""The built wheel ships the data folders and the console script, and finds its data when unpacked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CHECK_SCRIPT = """
import json
from interviewer.kb import catalog
from interviewer import paths
bank = catalog.load_bank()
print(json.dumps({
    "package": str(paths.__file__),
    "knowledge": str(paths.knowledge_dir()),
    "topics": len(bank.topics),
    "questions": len(bank.questions),
    "errors": [str(e) for e in bank.errors],
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the repository, without build isolation."""
    out = tmp_path_factory.mktemp("wheelhouse")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    wheels = list(out.glob("interviewer-*.whl"))
    assert len(wheels) == 1, f"expected one wheel, found {wheels}"
    return wheels[0]


def _expected_data_files() -> list[str]:
    """The knowledge and eval files the wheel must carry, named as inside the wheel."""
    knowledge = REPO / "knowledge"
    files = [
        "interviewer/_data/knowledge/topics.yaml",
        "interviewer/_data/evals/datasets/retrieval.yaml",
        "interviewer/_data/prompts/grader.yaml",
        "interviewer/_data/prompts/interviewer.yaml",
        "ui/app.py",
        "ui/views.py",
    ]
    files += [f"interviewer/_data/knowledge/guides/{p.name}" for p in sorted((knowledge / "guides").glob("*.md"))]
    files += [
        f"interviewer/_data/knowledge/questions/{p.name}" for p in sorted((knowledge / "questions").glob("*.yaml"))
    ]
    return files


def test_wheel_contains_data_and_entry_point(wheel: Path) -> None:
    """The wheel holds the topic catalogue, guides, question files, eval dataset, the embedding adapter and the
    console script."""
    expected = _expected_data_files()
    assert any("/guides/" in f for f in expected) and any("/questions/" in f for f in expected)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        missing = [f for f in expected if f not in names]
        assert not missing, f"missing from the wheel: {missing}"
        assert "interviewer/cli.py" in names
        adapter = "interviewer/adapters/tuned_minilm/"
        assert {adapter + f for f in ("adapter_model.safetensors", "adapter_config.json", "training.json")} <= names
        entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert len(entry_points) == 1
        text = archive.read(entry_points[0]).decode("utf-8")
    lines = [line.strip() for line in text.splitlines()]
    section = lines[lines.index("[console_scripts]") + 1 :]
    assert "interviewer = interviewer.cli:main" in section


def test_unpacked_wheel_finds_its_packaged_data(wheel: Path, tmp_path: Path) -> None:
    """Imported from the unpacked wheel, the package reads knowledge from its own _data folder."""
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    package_dir = (target / "interviewer").resolve()
    assert Path(report["package"]).resolve().parent == package_dir
    assert Path(report["knowledge"]).resolve() == package_dir / "_data" / "knowledge"
    assert report["errors"] == []
    assert report["topics"] > 0
    assert report["questions"] > 0
