"""Question bank validation: a malformed file is named with its problem and the rest still loads."""

from pathlib import Path

from interviewer.kb.catalog import load_bank, parse_question_file, parse_topics

TOPICS_YAML = """topics:
  - {id: conflict, title: Conflict, round: behavioral, area: behavioral}
  - {id: two_pointers, title: Two pointers, round: coding, area: dsa}
"""

GOOD = """round: behavioral
questions:
  - id: beh-conflict-1
    topic: conflict
    difficulty: medium
    question: Tell me about a disagreement with a colleague.
    key_points: [Names the disagreement, Describes listening first, States the outcome]
    follow_ups: ["What would you do differently?"]
"""


def _root(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    (tmp_path / "questions").mkdir(parents=True)
    (tmp_path / "topics.yaml").write_text(TOPICS_YAML)
    for name, content in files.items():
        path = tmp_path / "questions" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return tmp_path


def test_good_file_loads(tmp_path: Path) -> None:
    bank = load_bank(_root(tmp_path, {"behavioral.yaml": GOOD}))
    assert bank.errors == []
    assert [q.id for q in bank.questions] == ["beh-conflict-1"]
    assert bank.questions[0].round == "behavioral"


def test_malformed_files_are_named_and_the_rest_loads(tmp_path: Path) -> None:
    root = _root(
        tmp_path,
        {
            "a_good.yaml": GOOD,
            "b_syntax.yaml": "round: coding\nquestions: [unclosed\n",
            "c_binary.yaml": b"\xff\xfe\x00\x01binary",
            "d_round.yaml": "round: chess\nquestions: []\n",
            "e_not_mapping.yaml": "- just\n- a list\n",
        },
    )
    bank = load_bank(root)
    assert [q.id for q in bank.questions] == ["beh-conflict-1"]
    problems = {Path(e.path).name: e.problem for e in bank.errors}
    assert problems["b_syntax.yaml"].startswith("invalid YAML at line")
    assert problems["c_binary.yaml"].startswith("not UTF-8")
    assert "'round' must be one of" in problems["d_round.yaml"]
    assert "expected a mapping" in problems["e_not_mapping.yaml"]
    assert "b_syntax.yaml" in str(bank.errors[0])


def test_bad_questions_are_skipped_one_by_one() -> None:
    topics, _ = parse_topics("topics.yaml", TOPICS_YAML)
    text = (
        GOOD
        + """  - id: beh-conflict-2
    topic: conflict
    difficulty: impossible
    question: "Q?"
    key_points: [a, b, c]
  - id: beh-conflict-3
    topic: astrology
    difficulty: easy
    question: "Q?"
    key_points: [a, b, c]
  - id: beh-conflict-4
    topic: conflict
    difficulty: easy
    question: "Q?"
    key_points: [only one]
  - id: beh-conflict-1
    topic: conflict
    difficulty: easy
    question: duplicate id
    key_points: [a, b, c]
  - id: beh-conflict-5
    topic: conflict
    difficulty: hard
    question: "Still loads after the bad ones?"
    key_points: [a, b, c]
"""
    )
    questions, errors = parse_question_file("beh.yaml", text, topics, set())
    assert [q.id for q in questions] == ["beh-conflict-1", "beh-conflict-5"]
    messages = [e.problem for e in errors]
    assert any("beh-conflict-2" in m and "difficulty" in m for m in messages)
    assert any("beh-conflict-3" in m and "unknown topic 'astrology'" in m for m in messages)
    assert any("beh-conflict-4" in m and "key_points" in m for m in messages)
    assert any("duplicate id" in m for m in messages)
    assert all(e.path == "beh.yaml" for e in errors)


def test_bad_topics_file_is_reported() -> None:
    topics, errors = parse_topics("topics.yaml", "topics:\n  - {id: Bad Id, title: x, round: screen, area: a}\n")
    assert topics == {} and "topic #1" in errors[0].problem


PROBED = """round: ml_theory
questions:
  - id: mlt-bagging-1
    topic: two_pointers
    difficulty: medium
    question: How does bagging differ from boosting?
    key_points:
      - Bagging trains deep trees on bootstrap samples in parallel and averages them, which mainly reduces variance.
      - Boosting fits weak learners in sequence, each correcting the errors of the ensemble so far.
      - Random forests add feature subsampling at each split to decorrelate the trees.
    probes:
      1: "What happens to the spread of the predictions when you average many noisy models?"
      2: {probe2}
    hints:
      1: "Think about what averaging many independent estimates does."
      3: {hint3}
"""


def test_a_probe_must_be_a_question_and_neither_may_give_its_point_away(tmp_path: Path) -> None:
    fine = PROBED.format(
        probe2='"In what order are its models built, and why?"', hint3='"Two trees that always agree add little."'
    )
    bank = load_bank(_root(tmp_path, {"ml_theory.yaml": fine}))
    assert bank.errors == [], bank.errors
    question = bank.questions[0]
    assert question.probe_for(question.key_points[1]) == "In what order are its models built, and why?"
    assert question.hint_for(question.key_points[1]) is None  # none written for it
    cases = {
        '"Tell me about the order of the models."': "not a question",
        '"Does boosting fit weak learners in sequence, each correcting errors?"': "gives the point away",
    }
    for n, (probe2, problem) in enumerate(cases.items()):
        bad = PROBED.format(probe2=probe2, hint3='"Two trees that always agree add little."')
        errors = load_bank(_root(tmp_path / str(n), {"ml_theory.yaml": bad})).errors
        assert len(errors) == 1 and problem in errors[0].problem and "mlt-bagging-1" in errors[0].problem
    copied = '"Random forests add feature subsampling at each split to decorrelate them."'
    errors = load_bank(_root(tmp_path / "3", {"ml_theory.yaml": PROBED.format(probe2='"Why?"', hint3=copied)})).errors
    assert len(errors) == 1 and "hint for key point 3 gives the point away" in errors[0].problem
