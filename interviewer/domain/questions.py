"""Rounds, topics, questions and the bank they form: the vocabulary every part of the interviewer shares."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from interviewer.domain.text import content_stems, words

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=80)]


class Round(StrEnum):
    """An interview round a candidate can practise."""

    SCREEN = "screen"
    CODING = "coding"
    ML_THEORY = "ml_theory"
    SYSTEM_DESIGN = "system_design"
    BEHAVIORAL = "behavioral"
    SQL = "sql"


ROUND_LABELS: dict[Round, str] = {
    Round.SCREEN: "Screen",
    Round.CODING: "Coding",
    Round.ML_THEORY: "ML theory",
    Round.SYSTEM_DESIGN: "ML system design",
    Round.BEHAVIORAL: "Behavioral",
    Round.SQL: "SQL",
}
"""How each round is named to the candidate, in prompts and in the text that is embedded with a chunk."""

STORY_ROUNDS = frozenset({Round.BEHAVIORAL, Round.SCREEN})
"""Rounds whose answers are stories: checked for STAR parts, ownership and quantified impact."""

MAX_ANSWER_CHARS = 20_000
"""The longest answer graded: a longer one is cut to its first 20,000 characters, and the candidate is told.

The grader's analysis enforces it on every grade (the cut is flagged `too_long` in the feedback); the interview
engine stores only what was graded; the web app cuts a paste at the same limit and says so at once."""


class Difficulty(StrEnum):
    """How hard a question is."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


GENERAL = "general"
"""The round and topic of knowledge that belongs to no particular round or topic."""


class Topic(BaseModel):
    """One entry of the topic catalogue."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Identifier
    """Stable id that guide sections and questions refer to."""
    title: NonEmpty
    """Human-readable name."""
    round: Round
    """The round this topic is asked in."""
    area: Identifier
    """A coarser grouping for reports (core_ml, genai, behavioral...)."""


class Mistake(BaseModel):
    """A wrong claim candidates commonly make on a question, written with the same sentence made true."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    claim: NonEmpty
    """The wrong claim as a candidate would state it ("Bagging mainly reduces bias")."""
    correction: NonEmpty
    """The same sentence made true, changing as few words as possible: the words that differ are the error."""
    against: int | None = Field(default=None, ge=1)
    """The key point (1-based) that the claim contradicts, if it contradicts one."""
    confusion: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]*$")] | None = None
    """The classic confusion (knowledge/confusions.yaml) it is an instance of, if any."""


class Question(BaseModel):
    """One question of the bank, with what a strong answer covers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Identifier
    """Unique across the whole bank."""
    round: Round
    """The round that asks it."""
    topic: Identifier
    """A topic id from the catalogue."""
    difficulty: Difficulty
    """easy, medium or hard."""
    question: NonEmpty
    """The text the interviewer asks."""
    key_points: list[NonEmpty] = Field(min_length=3, max_length=6)
    """What a strong answer covers: 3 to 6 checkable statements."""
    follow_ups: list[NonEmpty] = Field(default_factory=list, max_length=5)
    """Optional follow-up questions that probe a key point."""
    mistakes: list[Mistake] = Field(default_factory=list, max_length=6)
    """Common wrong claims on this question, found in answers and quoted with their correction."""
    paraphrases: dict[int, list[NonEmpty]] = Field(default_factory=dict)
    """For a key point (1-based), how strong candidates say it in their own words (at most 5 each): an answer
    close to any of them covers the point, as close to the point itself would."""

    probes: dict[int, NonEmpty] = Field(default_factory=dict)
    """For a key point (1-based), what an interviewer asks to draw it out without stating it: a question."""
    hints: dict[int, NonEmpty] = Field(default_factory=dict)
    """For a key point (1-based), a nudge toward it that does not reveal it."""

    def probe_for(self, point: str) -> str | None:
        """The bank's probe for a key point, if it has one."""
        return self.probes.get(self.key_points.index(point) + 1) if point in self.key_points else None

    def hint_for(self, point: str) -> str | None:
        """The bank's hint for a key point, if it has one."""
        return self.hints.get(self.key_points.index(point) + 1) if point in self.key_points else None

    def point_paraphrases(self) -> list[list[str]]:
        """The paraphrases of each key point, in key-point order (an empty list where there are none)."""
        return [list(self.paraphrases.get(i + 1, [])) for i in range(len(self.key_points))]

    @model_validator(mode="after")
    def _mistakes_name_real_points(self) -> "Question":
        beyond = [m.against for m in self.mistakes if m.against and m.against > len(self.key_points)]
        beyond += [n for field in (self.paraphrases, self.probes, self.hints) for n in field]
        beyond = [n for n in beyond if not 1 <= n <= len(self.key_points)]
        if beyond:
            raise ValueError(
                f"mistake, paraphrases, probe or hint for key point {beyond[0]}, "
                f"but there are {len(self.key_points)} points"
            )
        if any(len(said) > 5 for said in self.paraphrases.values()):
            raise ValueError("at most 5 paraphrases per key point")
        for number, probe in self.probes.items():
            if not probe.rstrip().endswith("?"):
                raise ValueError(f"the probe for key point {number} is not a question: {probe!r}")
        for kind, texts in (("probe", self.probes), ("hint", self.hints)):
            for number, text in texts.items():
                if why := reveals(self.key_points[number - 1], self.question, text):
                    raise ValueError(f"the {kind} for key point {number} gives the point away: {why}")
        return self


REVEAL_SHARE = 0.5
"""A probe or hint may use at most half of a key point's distinctive words (its content words not in the question)."""
REVEAL_RUN = 8
"""...and never this many of the key point's words in a row."""


def reveals(point: str, question: str, text: str) -> str | None:
    """Why a probe or hint hands over its key point, or None: it repeats most of the point's distinctive words
    (the question's own words are free to use), or copies a run of REVEAL_RUN of its words."""
    distinctive = content_stems(point) - content_stems(question)
    repeated = distinctive & content_stems(text)
    if distinctive and len(repeated) > REVEAL_SHARE * len(distinctive):
        return f"it repeats {len(repeated)} of the point's {len(distinctive)} distinctive words"
    point_words, said = words(point), f" {' '.join(words(text))} "
    for start in range(len(point_words) - REVEAL_RUN + 1):
        if f" {' '.join(point_words[start : start + REVEAL_RUN])} " in said:
            return f"it copies {REVEAL_RUN} words of the point in a row"
    return None


class LoadError(BaseModel):
    """A problem found while loading a knowledge file; the file (or entry) was skipped."""

    model_config = ConfigDict(frozen=True)

    path: str
    """The file that has the problem."""
    problem: str
    """What is wrong, in one line."""

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class Bank(BaseModel):
    """The loaded question bank and topic catalogue."""

    topics: dict[str, Topic]
    """Topic id to topic."""
    questions: list[Question] = Field(default_factory=list)
    """Every valid question, in file order."""
    errors: list[LoadError] = Field(default_factory=list)
    """What was skipped and why."""
    patterns: dict[str, Topic] = Field(default_factory=dict)
    """One topic per coding or SQL pattern ("sliding window", "top-N per group"): the problems' topics, kept apart
    from the catalogue (they have no guide section or talk-through questions of their own)."""
    problems: list[Question] = Field(default_factory=list)
    """The coding and SQL problems (knowledge/problems/) as questions: the statement is asked, the code is run, the
    talk-through is graded against the key points. Kept apart from `questions`, which are talked through only."""

    def topic_titles(self) -> dict[str, str]:
        """Every topic's title by id, the catalogue's and the patterns'."""
        return {t.id: t.title for t in [*self.topics.values(), *self.patterns.values()]}

    def by_round(self, round_: Round) -> list[Question]:
        """The talk-through questions of one round."""
        return [q for q in self.questions if q.round == round_]

    def for_round(self, round_: Round) -> list[Question]:
        """What a round asks: its problems where it has any (coding, SQL), else its questions."""
        return [q for q in self.problems if q.round == round_] or self.by_round(round_)

    def get(self, question_id: str) -> Question | None:
        """A question or problem by id."""
        return next((q for q in [*self.questions, *self.problems] if q.id == question_id), None)

    def is_problem(self, question_id: str) -> bool:
        """Whether the id names a coding or SQL problem (its answer includes code that is run)."""
        return any(q.id == question_id for q in self.problems)
