"""Questions about the candidate's own resume or the job description they paste (screen round)."""

from __future__ import annotations

import re

from interviewer.domain.questions import Difficulty, Question, Round

_ACHIEVEMENT = re.compile(
    r"\b(built|led|developed|designed|launched|implemented|created|improved|reduced|increased|trained|deployed|"
    r"shipped|migrated|automated|scaled|architected|owned|drove|delivered|optimi[sz]ed|founded|published)\b",
    re.IGNORECASE,
)
_JOB_AD = re.compile(
    r"\b(responsibilities|requirements|qualifications|you will|you'll|we are looking|we're looking|the role|"
    r"must have|nice to have|experience with|experience in)\b",
    re.IGNORECASE,
)
_STORY_POINTS = [
    "Explains the problem and why it mattered to the business or the users.",
    "Makes clear what they personally owned and decided, not only what the team did.",
    "Describes the technical approach and at least one trade-off they made.",
    "Quantifies the result against a baseline and says what they would do differently.",
]


def _lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"^\s*([-*•·]|\d+[.)])\s*", "", raw).strip()
        if 25 <= len(line) <= 300:
            lines.append(line)
    return lines


def context_questions(text: str, limit: int = 3) -> list[Question]:
    """Screen questions built from a pasted resume (its projects) or job description (its requirements)."""
    lines = _lines(text)
    if len(_JOB_AD.findall(text)) >= 2:
        picks = [line for line in lines if _JOB_AD.search(line) or re.search(r"\b(python|ml|model|data)\b", line, re.I)]
        ask = 'The role asks for: "{line}". Tell me about a time your experience matched that.'
        follow_ups = ["What would you need to learn to be fully effective at this in your first 90 days?"]
    else:
        picks = [line for line in lines if _ACHIEVEMENT.search(line)]
        ask = 'Your resume says: "{line}". Walk me through it: the problem, your part, the hardest decision, and the '
        ask += "result."
        follow_ups = [
            "What was the baseline, and how did you measure the improvement?",
            "If you did it again, what would you change?",
        ]
    return [
        Question(
            id=f"scr-context-{n}",
            round=Round.SCREEN,
            topic="top_projects",
            difficulty=Difficulty.MEDIUM,
            question=ask.format(line=line),
            key_points=_STORY_POINTS,
            follow_ups=follow_ups,
        )
        for n, line in enumerate(picks[:limit], 1)
    ]
