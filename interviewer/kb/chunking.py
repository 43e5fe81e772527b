"""Turn parsed documents and bank questions into chunks with metadata and content-hash ids."""

import hashlib
import re
from collections.abc import Iterable

from interviewer.domain.chunks import Chunk
from interviewer.domain.questions import GENERAL, ROUND_LABELS, Question, Round, Topic
from interviewer.kb.markdown import Block, ParsedDocument

_TERM_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+\*\*(.+?)\*\*")

MAX_WORDS = 170
"""Longest chunk body; all-MiniLM-L6-v2 reads about 256 word pieces, roughly 200 words."""


def content_id(*parts: str) -> str:
    """A stable id from the chunk's content and metadata."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def slug(text: str) -> str:
    """A lowercase identifier made from a heading."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60] or GENERAL


def _words(text: str) -> int:
    return len(text.split())


def _pack(pieces: Iterable[str], joiner: str) -> list[str]:
    """Pack consecutive pieces into bodies of at most MAX_WORDS words (a longer piece stays whole)."""
    bodies: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if current and _words(joiner.join(current)) + _words(piece) > MAX_WORDS:
            bodies.append(joiner.join(current))
            current = []
        current.append(piece)
    if current:
        bodies.append(joiner.join(current))
    return bodies


def _split_long(text: str) -> list[str]:
    """Split one over-long block at sentence ends into pieces of at most MAX_WORDS words."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    parts = (
        " ".join(sentence.split()[start : start + MAX_WORDS])
        for sentence in sentences
        for start in range(0, max(_words(sentence), 1), MAX_WORDS)
    )
    return _pack(parts, " ")


def _group(blocks: list[Block]) -> list[str]:
    """Pack consecutive non-row blocks into bodies of at most MAX_WORDS words."""
    pieces = (
        piece
        for block in blocks
        for piece in (_split_long(block.text) if _words(block.text) > MAX_WORDS else [block.text])
    )
    return _pack(pieces, "\n")


def _round_for(topic: str, topics: dict[str, Topic], default_round: str) -> str:
    known = topics.get(topic)
    return known.round.value if known else default_round


def chunk_document(
    parsed: ParsedDocument, *, doc: str, source: str, doc_hash: str, topics: dict[str, Topic]
) -> list[Chunk]:
    """Chunk a parsed guide: one chunk per table row, the rest packed per section."""
    raw_round = parsed.meta.get("round")
    if raw_round is not None and raw_round not in {r.value for r in Round}:
        raise ValueError(f"front matter 'round' must be one of {', '.join(r.value for r in Round)}")
    default_round = str(raw_round) if raw_round else GENERAL
    chunks: list[Chunk] = []
    for section in parsed.sections:
        path = section.path[1:] if len(section.path) > 1 else section.path
        title = " > ".join(path) or source
        topic = section.anchor or (slug(path[0]) if path else GENERAL)
        round_ = _round_for(topic, topics, default_round)
        rows = [b for b in section.blocks if b.kind == "row"]
        others = [b for b in section.blocks if b.kind != "row"]
        terms = [_TERM_ITEM.match(b.text) for b in others]
        if len(others) >= 2 and all(terms):
            # A glossary-style list ("Term — explanation" items): each item is its own chunk.
            pieces = [(f"{title} > {m[1]}", b.text) for m, b in zip(terms, others, strict=True) if m]
        else:
            pieces = [(title, body) for body in _group(others)]
        for row in rows:
            first_cell = row.text.split(";")[0].split(":", 1)[-1].strip()
            pieces.append((f"{title} > {first_cell}", row.text))
        for index, (section_title, body) in enumerate(pieces):
            chunk_id = content_id(doc, section_title, str(index), round_, topic, "guidance", body)
            chunks.append(
                Chunk(
                    id=chunk_id,
                    text=body,
                    doc=doc,
                    source=source,
                    section=section_title,
                    round=round_,
                    topic=topic,
                    kind="guidance",
                    doc_hash=doc_hash,
                )
            )
    return chunks


def question_text(question: Question) -> str:
    """The stored text of a bank question: the question and what a strong answer covers."""
    points = "\n".join(f"- {p}" for p in question.key_points)
    return f"{question.question}\nKey points:\n{points}"


def chunk_questions(questions: list[Question], *, doc: str, source: str, doc_hash: str) -> list[Chunk]:
    """One chunk per bank question."""
    chunks = []
    for question in questions:
        text = question_text(question)
        chunk_id = content_id(doc, question.id, question.round, question.topic, "question", text)
        chunks.append(
            Chunk(
                id=chunk_id,
                text=text,
                doc=doc,
                source=source,
                section=question.id,
                round=question.round.value,
                topic=question.topic,
                kind="question",
                doc_hash=doc_hash,
            )
        )
    return chunks


ROUND_VALUES = frozenset(r.value for r in Round)

GENERIC_HEADINGS = frozenset(
    {
        "what interviewers look for",
        "pitfalls",
        "how to structure your answer",
        "example",
        "worked example",
        "key facts",
        "overview",
    }
)
"""Subsection names every topic repeats: they say nothing about the topic, so they are not embedded."""


def embedding_text(chunk: Chunk) -> str:
    """What gets embedded: the most specific heading that names the subject gives the body its context."""
    label = ROUND_LABELS[Round(chunk.round)] if chunk.round in ROUND_VALUES else ""
    if chunk.kind == "question":
        return f"{label} interview question: {chunk.text}"
    parts = [p for p in chunk.section.split(" > ") if p.strip().lower() not in GENERIC_HEADINGS]
    heading = parts[-1] if parts else ""
    return f"{label} {heading}: {chunk.text}".strip()
