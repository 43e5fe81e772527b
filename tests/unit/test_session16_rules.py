"""Session 16's general rules: coding questions about how one works get no problem-solving checklist, and a story
question answered with a habit is flagged."""

from __future__ import annotations

from interviewer.domain.questions import Round
from interviewer.domain.text import split_sentences
from interviewer.grading.aspects import aspects_for
from interviewer.grading.star import asks_for_an_event, tells_an_event


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
