"""The problem bank: validated on load (a bad file named, the rest loaded), the ids other checks rely on, and the
rules that compare a solution's output with the expected one."""

from __future__ import annotations

from pathlib import Path

from interviewer.domain.problems import Compare, ProblemKind
from interviewer.kb.problems import load_problems

REQUIRED = {
    "two-sum": "def two_sum(nums: list[int], target: int) -> list[int]",
    "top-k-frequent": "def top_k_frequent(words: list[str], k: int) -> list[str]",
    "softmax": "def softmax(x: list[float]) -> list[float]",
    "roc-auc": "def roc_auc(labels: list[int], scores: list[float]) -> float",
    "longest-substring-without-repeat": "def length_of_longest_substring(s: str) -> int",
}


def test_the_shipped_problems_load_cleanly_with_the_required_ids() -> None:
    problems, errors = load_problems()
    assert errors == []
    by_kind = {kind: [p for p in problems.values() if p.kind == kind] for kind in ProblemKind}
    assert len(by_kind[ProblemKind.DSA]) >= 40 and len(by_kind[ProblemKind.ML]) >= 15
    assert len(by_kind[ProblemKind.SQL]) >= 20
    for problem_id, signature in REQUIRED.items():
        assert problems[problem_id].signature == signature
    assert problems["two-sum"].compare == Compare.PAIR_SUM and problems["roc-auc"].compare == Compare.FLOAT
    patterns = {p.pattern for p in by_kind[ProblemKind.DSA]}
    needed = {"two pointers", "sliding window", "fast/slow pointers", "hash map", "BFS", "DFS", "binary search"}
    assert needed | {"heap", "intervals", "1D DP", "2D DP"} <= patterns
    assert all(p.large for p in by_kind[ProblemKind.DSA])


def test_a_malformed_problem_is_reported_by_name_and_the_rest_load(tmp_path: Path) -> None:
    folder = tmp_path / "problems" / "ml"
    folder.mkdir(parents=True)
    good = (Path(__file__).parents[2] / "knowledge" / "problems" / "ml" / "softmax.yaml").read_text(encoding="utf-8")
    (folder / "softmax.yaml").write_text(good, encoding="utf-8")
    (folder / "broken.yaml").write_text(good.replace("id: softmax", "id: broken").replace("function:", "fn:"))
    (folder / "not-yaml.yaml").write_text("id: [unclosed", encoding="utf-8")
    # A known mistake against a key point the talk-through is not graded on names its problem too.
    beyond = good.replace("id: softmax", "id: beyond").replace("    against: 1", "    against: 9", 1)
    assert beyond != good.replace("id: softmax", "id: beyond")
    (folder / "beyond.yaml").write_text(beyond, encoding="utf-8")
    problems, errors = load_problems(tmp_path)
    assert list(problems) == ["softmax"]
    assert len(errors) == 3 and any("problem broken" in e.problem for e in errors)
    assert any("problem beyond" in e.problem and "key point 9" in e.problem for e in errors)
    assert any("invalid YAML" in e.problem and e.path.endswith("not-yaml.yaml") for e in errors)
