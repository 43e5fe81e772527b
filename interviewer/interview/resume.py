"""Questions about the candidate's own resume and the job ad they paste or upload (screen round). Every name,
number and event a question mentions is copied from the text; nothing is invented."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from interviewer.domain.questions import Difficulty, Question, Round

_ACHIEVEMENT = re.compile(
    r"\b(built|led|developed|designed|launched|implemented|created|improved|reduced|increased|trained|deployed|"
    r"shipped|migrated|automated|scaled|architected|owned|drove|delivered|optimi[sz]ed|founded|published|cut)\b",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"\b(engineer|scientist|analyst|developer|researcher|architect|manager|lead|intern|consultant|director|head)\b",
    re.IGNORECASE,
)
_JOB_AD = re.compile(
    r"\b(responsibilities|requirements|qualifications|you will|you'll|we are looking|we're looking|the role|"
    r"must have|nice to have|experience with|experience in)\b",
    re.IGNORECASE,
)
_DATES = re.compile(
    r"\(?\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d{2}\b.*$|\(?\bpresent\b.*$",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d(?:[\d,.]*\d)?(?:\s*%|x\b|\s*(?:ms|k|m|million|billion|hours?|minutes?|days?|weeks?)\b)?", re.IGNORECASE
)
_SKILLS = re.compile(r"^\s*(?:technical\s+)?skills?\s*[:\-–—]\s*(.+)$", re.IGNORECASE)
_OBJECT_END = re.compile(
    r"\s(?:that|which|to|for|using|with|by|from|on|in|at|across|into|and|used|adopted|powering)\s|[,;:(—–]"
)
_CHANGE = re.compile(r"\b(?:reduc|cut|increas|improv|lower|rais|boost|grew|grow|drop|fell|sav|shrank|halv)", re.I)
_STORY_POINTS = [
    "Explains the problem and why it mattered to the business or the users.",
    "Makes clear what they personally owned and decided, not only what the team did.",
    "Describes the technical approach and at least one trade-off they made.",
    "Quantifies the result against a baseline and says what they would do differently.",
]
_STORY_PROBES = {
    1: "Who felt the problem before you started, and how did you know it was worth solving?",
    2: "Which decisions on it were yours alone, and which did the team make together?",
    3: "What other approach did you consider, and why did you set it aside?",
    4: "What did you compare the result against, and what would you change if you did it again?",
}
_STORY_HINTS = {
    1: "Start from who was affected and what it cost them before the work began.",
    2: "Separate the calls you made yourself from the group's work.",
    3: "Name one alternative you weighed and what tipped the choice.",
    4: "Give a before-and-after figure, then one lesson.",
}


class Role(BaseModel):
    """A job on the resume."""

    title: str
    """The job title, as written."""
    employer: str | None = None
    """The employer, as written, when the line names one."""


class Profile(BaseModel):
    """What a resume or job ad says, each item copied from its text."""

    roles: list[Role] = Field(default_factory=list)
    """Jobs, most recent first (as resumes list them)."""
    achievements: list[tuple[str, str | None]] = Field(default_factory=list)
    """Achievement lines with the employer of the role they sit under (None before any role)."""
    skills: list[str] = Field(default_factory=list)
    """Skills from a "Skills:" line."""
    requirements: list[str] = Field(default_factory=list)
    """A job ad's requirement lines."""


def _role(line: str) -> Role | None:
    """A role line: "Senior ML Engineer, Acme (2021-2024)", "ML Engineer at Acme", "Acme | Data Scientist"."""
    if len(line) > 120 or _ACHIEVEMENT.search(line) or not _TITLE.search(line):
        return None
    bare = _DATES.sub("", line).strip(" ,|-–—()")
    parts = [p.strip() for p in re.split(r"\s+at\s+|\s*[,|]\s*|\s+[-–—]\s+", bare) if p.strip()]
    if not parts or len(parts) > 3:
        return None
    titled = [p for p in parts if _TITLE.search(p)]
    if not titled:
        return None
    others = [p for p in parts if p not in titled and not re.search(r"\d", p)]
    return Role(title=titled[0], employer=others[0] if others else None)


_HEADING = re.compile(r"^(?:#+\s*)?([A-Za-z][A-Za-z &'/]{1,40}?)\s*:?\s*$")
_NEEDS = re.compile(r"requirement|qualification|must have|what you.ll need|about you|you have|skills", re.IGNORECASE)
_DUTIES = re.compile(r"responsibilit|what you.ll do|you will|the role", re.IGNORECASE)


def _heading(raw: str) -> str | None:
    """A section heading ("## Skills", "Requirements:"), lowercased, or None."""
    match = _HEADING.match(raw.strip())
    if not match or len(match.group(1).split()) > 5 or _ACHIEVEMENT.search(raw):
        return None
    return match.group(1).lower() if raw.strip().startswith("#") or raw.strip().endswith(":") else None


def read_profile(text: str) -> Profile:
    """Roles, achievements (with their employer), skills and, in a job ad, its needs (requirements first, then
    responsibilities), each copied from the text."""
    profile = Profile()
    employer: str | None = None
    section = ""
    duties: list[str] = []
    for raw in text.splitlines():
        if heading := _heading(raw):
            section = heading
            continue
        line = re.sub(r"^\s*([-*•·▪]|\d+[.)])\s*", "", raw).strip()
        if not line:
            continue
        if skills := _SKILLS.match(line):
            section, line = "skills", skills.group(1)
        if section.startswith("skill") or section == "technical skills":
            profile.skills += [s.strip(" .") for s in re.split(r"[,;/|]", line) if 1 < len(s.strip(" .")) < 40]
        elif _NEEDS.search(section) and 15 <= len(line) <= 200:
            profile.requirements.append(line)
        elif _DUTIES.search(section) and 15 <= len(line) <= 200:
            duties.append(line)
        elif role := _role(line):
            profile.roles.append(role)
            employer = role.employer
        elif _ACHIEVEMENT.search(line) and 25 <= len(line) <= 300:
            profile.achievements.append((line, employer))
    profile.requirements += duties
    return profile


def is_job_ad(text: str) -> bool:
    """Reads as a job ad (responsibilities, requirements, "we're looking for"...) rather than a resume."""
    return len(_JOB_AD.findall(text)) >= 2


_DANGLING = {"a", "an", "the", "of", "for", "to", "and", "or", "with", "in", "on", "at", "by"}


def _project(line: str) -> str:
    """What an achievement line did, in its own words ("Built a churn model that cut churn 12%" -> "how you built
    the churn model"; "Built a real-time fraud model serving 2M transactions a day" -> "... the real-time fraud
    model")."""
    match = _ACHIEVEMENT.search(line)
    rest = line[match.end() :].strip() if match else line
    verb = match.group(0).lower() if match else "built"
    words = _OBJECT_END.split(f" {rest} ", maxsplit=1)[0].split()
    # A participle after the noun starts what it did ("... model serving 2M transactions"), not what it was.
    cut = next(
        (
            i
            for i, w in enumerate(words)
            if i >= 2
            and w.lower().endswith("ing")
            and i + 1 < len(words)
            and re.match(r"\d|(?:a|an|the|up|over)$", words[i + 1])
        ),
        len(words),
    )
    words = words[: min(cut, 8)]
    while words and words[-1].lower() in _DANGLING:
        words.pop()
    if words and words[0].lower() in {"a", "an"}:
        words[0] = "the"
    return f"how you {verb} {' '.join(words)}" if words else "that work"


CONTEXT_PREFIX = "scr-context-"
"""The id prefix of every question made from the candidate's resume or job ad."""

JOB_AD_PREFIX = f"{CONTEXT_PREFIX}job-"
"""The id prefix of the question made from a job ad: the screen round closes on it."""


def _question(n: int, text: str, kind: str) -> Question:
    return Question(
        id=f"{CONTEXT_PREFIX}{kind}-{n}",
        round=Round.SCREEN,
        topic="top_projects",
        difficulty=Difficulty.MEDIUM,
        question=text,
        key_points=_STORY_POINTS,
        probes=_STORY_PROBES,
        hints=_STORY_HINTS,
    )


def resume_questions(text: str, limit: int = 4) -> list[Question]:
    """Screen questions that name the resume's own projects, employers, roles, skills and numbers: the most
    measurable project first, then the latest role, a listed skill, and the next project."""
    profile = read_profile(text)
    projects: list[str] = []
    ranked = sorted(
        profile.achievements, key=lambda a: (not re.search(r"\d\s*%|\dx\b", a[0]), not _CHANGE.search(a[0]))
    )
    for line, employer in ranked[:2]:
        where = f" at {employer}" if employer else ""
        # A result is a share or a multiple ("cut churn by 12%", "3x"), or a number after "by", "to" or "from"
        # ("from 0.61 to 0.78"); "30 models" or "12 teams" is scope, not a result.
        results = [n for n in _NUMBER.findall(line) if n.endswith(("%", "x", "X"))]
        if not results and _CHANGE.search(line):
            results = re.findall(r"\b(?:by|to|from)\s+(\d(?:[\d,.]*\d)?)", line)
        measured = f' how did you measure "{results[-1].strip()}"' if results else " how did you know it worked"
        projects.append(f"Walk me through {_project(line)}{where}: what was the baseline, and{measured}?")
    others = [
        f"As {role.title}{' at ' + role.employer if role.employer else ''}, what did you personally own, and what "
        "are you proudest of there?"
        for role in profile.roles[:1]
    ]
    others += [
        f"You list {skill}. What is the hardest problem you have solved with it?" for skill in profile.skills[:1]
    ]
    asked = [*projects[:1], *others, *projects[1:]]
    return [_question(n, q, "resume") for n, q in enumerate(asked[:limit], 1)]


def job_ad_question(text: str) -> Question | None:
    """The closing screen question: the role's stated need the candidate should speak to."""
    requirements = read_profile(text).requirements
    if not requirements:
        return None
    need = requirements[0].rstrip(".")
    return _question(
        1, f'The role asks for "{need}". Where have you done that, and what would you still need to learn?', "job"
    )
