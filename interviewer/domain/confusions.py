"""Classic confusions: pairs of concepts candidates mix up, written down so the grader can find the wrong claim."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from interviewer.domain.questions import NonEmpty

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=60)]
Area = Literal["ml", "deep_learning", "genai", "statistics", "sql", "system_design"]


class ConceptClaims(BaseModel):
    """What is true of one concept of a confusion, and what a confused candidate says of it instead."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    concept: NonEmpty
    """The concept, as a candidate names it."""
    aliases: list[NonEmpty] = Field(default_factory=list)
    """Other names for exactly this concept."""
    right: list[Phrase] = Field(min_length=1, max_length=6)
    """Short phrases that state a true property of the concept."""
    wrong: list[Phrase] = Field(min_length=1, max_length=6)
    """Short phrases that state the other concept's property: said of this concept, they are the mistake."""

    def names(self) -> list[str]:
        """The concept's name and aliases."""
        return [self.concept, *self.aliases]


class Confusion(BaseModel):
    """One classic confusion, with the property that tells its concepts apart and the correction."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]*$", max_length=80)]
    """Stable id, e.g. bagging-vs-boosting."""
    area: Area
    """ml, deep_learning, genai, statistics, sql or system_design."""
    concepts: list[NonEmpty] = Field(min_length=2, max_length=4)
    """The concepts that get mixed up."""
    tells_apart: NonEmpty
    """The property that tells them apart, in one sentence."""
    correction: NonEmpty
    """The right statement, in one line."""
    claims: list[ConceptClaims] = Field(min_length=2)
    """For each concept, its true properties and the other concept's, as a candidate would state them."""

    @model_validator(mode="after")
    def _claims_name_the_concepts(self) -> Confusion:
        unknown = [c.concept for c in self.claims if c.concept not in self.concepts]
        if unknown:
            raise ValueError(f"claims about concepts not listed in concepts: {', '.join(unknown)}")
        return self


class MistakeFound(BaseModel):
    """A wrong claim found in an answer: the answer's own words and the correction."""

    model_config = ConfigDict(frozen=True)

    confusion: str | None = None
    """The classic confusion's id, if the mistake is one."""
    concept: str | None = None
    """The concept the answer got wrong, for a classic confusion."""
    claim: str
    """The wrong claim it made (a phrase or a sentence from the knowledge)."""
    against: int | None = None
    """The key point (1-based) the claim contradicts, for a mistake known for the question."""
    quote: str
    """The answer's words, an exact substring of the answer."""
    correction: str
    """The right statement."""

    def said(self) -> str:
        """The feedback line: the answer's words, then the correction."""
        return f'You said "{self.quote}"; {self.correction}'


Cost = Literal["1", "log", "linear"]


class OperationCost(BaseModel):
    """The time one standard operation takes (a heap push, a hash map lookup), so that an answer claiming a
    different per-operation bound ("heap pushes are O(1)") can be told so."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]*$", max_length=80)]
    """Stable id, e.g. heap-push-pop."""
    structures: list[Phrase] = Field(min_length=1)
    """How candidates name the structure or call ("heap", "priority queue", "heappush", "insert(0")."""
    operations: list[Phrase] = Field(default_factory=list)
    """The operations this cost is for, in the forms candidates say them ("push", "pushes", "insertion"); empty
    when naming the structure already names the operation ("pop(0)")."""
    cost: Cost
    """Its time per operation: constant, logarithmic or linear."""
    also: list[Cost] = Field(default_factory=list)
    """Other per-operation bounds that are also right (a hash map's linear worst case)."""
    claim: NonEmpty
    """The wrong claim in one line, as feedback names it."""
    correction: NonEmpty
    """The right statement, in one line."""
