"""Session 16's general rules: coding questions about how one works get no problem-solving checklist, and a story
question answered with a habit is flagged."""

from __future__ import annotations

import json

from interviewer.domain.questions import STORY_ROUNDS, Round
from interviewer.domain.text import split_sentences
from interviewer.evaluation.ladder import load_ladder
from interviewer.grading.aspects import aspects_for
from interviewer.grading.star import asks_for_an_event, tells_an_event
from interviewer.kb.catalog import load_bank
from interviewer.paths import eval_datasets_dir


def test_coding_aspects_only_for_a_problem_to_solve() -> None:
    problem = "Given a string s, return the length of the longest substring without repeated characters."
    process = "You've finished coding with eight minutes left, but you suspect there's a bug. What do you do?"
    assert [a.name for a in aspects_for(Round.CODING, question=problem)] == [
        "approach",
        "complexity",
        "edge_cases",
        "testing",
    ]
    assert aspects_for(Round.CODING, question=process) == []
    assert aspects_for(Round.SQL, question="Write a query for daily revenue with a running total.") != []


def test_a_habit_or_a_plan_does_not_tell_an_event() -> None:
    assert asks_for_an_event("Tell me about a time you disagreed with a colleague.")
    assert asks_for_an_event("Describe a conflict you had with a product manager.")
    assert not asks_for_an_event("Why are you looking to leave your current job?")
    habit = "When I disagree with someone, I always try to listen. I think it's important to find common ground."
    plan = "I would start by reading the documentation. Then I'd build a small prototype."
    story = "Last year a teammate wanted a deep model. I suggested we compare both on one validation set."
    assert not tells_an_event(split_sentences(habit))
    assert not tells_an_event(split_sentences(plan))
    assert tells_an_event(split_sentences(story))


def test_no_story_answer_of_a_labeled_set_above_substance_free_reads_as_a_habit() -> None:
    """The README's claim for the no_event flag: on every ladder set and the labeled behavioral set, no strong,
    partial or fluent-but-wrong answer, and no answer labeled 3 or more, to a question asking for an event falls
    short of telling one."""
    bank = load_bank()
    folder = eval_datasets_dir()
    checked = 0
    for path in sorted(folder.glob("ladder_*.jsonl")) + sorted(folder.glob("outside_*.jsonl")):
        for item in load_ladder(path):
            if item.level != "substance_free" and item.round in STORY_ROUNDS and asks_for_an_event(item.question):
                checked += 1
                assert tells_an_event(split_sentences(item.answer)), item.id
    for line in (folder / "behavioral.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        question = bank.get(row["question_id"])
        if question is not None and row["labels"]["overall"] >= 3 and asks_for_an_event(question.question):
            checked += 1
            assert tells_an_event(split_sentences(row["answer"])), row["id"]
    assert checked >= 50, checked
