"""Knowledge chunks as stored beside their vectors, and the hits a search returns."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.domain.questions import GENERAL, NonEmpty

ChunkKind = Literal["guidance", "question"]


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
