"""Domain types shared by the core: rounds, topics, questions, knowledge chunks and search hits."""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=80)]


class Round(StrEnum):
    """An interview round a candidate can practise."""

    SCREEN = "screen"
    CODING = "coding"
    ML_THEORY = "ml_theory"
    SYSTEM_DESIGN = "system_design"
    BEHAVIORAL = "behavioral"


class Difficulty(StrEnum):
    """How hard a question is."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


ChunkKind = Literal["guidance", "question"]

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


class Chunk(BaseModel):
    """One retrievable piece of knowledge with its metadata."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=8)
    """Content hash: the same text and metadata always give the same id."""
    text: NonEmpty
    """What gets embedded and shown."""
    doc: NonEmpty
    """The document key the chunk came from (built-in relative path or absolute file path)."""
    source: NonEmpty
    """The document's display name, used in citations."""
    section: NonEmpty
    """Heading path inside the document ("Topic > Subsection")."""
    round: str = GENERAL
    """A Round value or "general"."""
    topic: str = GENERAL
    """A topic id or a slug of the section heading."""
    kind: ChunkKind = "guidance"
    """guidance or question."""
    doc_hash: str = ""
    """Hash of the whole document, to tell when it changed."""

    def metadata(self) -> dict[str, str]:
        """The metadata stored beside the vector."""
        return {
            "doc": self.doc,
            "source": self.source,
            "section": self.section,
            "round": self.round,
            "topic": self.topic,
            "kind": self.kind,
            "doc_hash": self.doc_hash,
        }


class SearchHit(BaseModel):
    """A chunk returned by a search, with its similarity."""

    model_config = ConfigDict(frozen=True)

    id: str
    """The chunk id."""
    text: str
    """The chunk text."""
    source: str
    """The document's display name."""
    section: str
    """Heading path inside the document."""
    round: str
    """A Round value or "general"."""
    topic: str
    """A topic id or heading slug."""
    kind: str
    """guidance or question."""
    score: float = Field(ge=-1.0, le=1.0)
    """Cosine similarity between query and chunk (higher is closer)."""
