"""Ingestion: read documents, repair and chunk them, and sync the vector store with what changed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from interviewer.domain.chunks import Chunk
from interviewer.domain.questions import LoadError, Topic
from interviewer.kb.catalog import parse_question_file, parse_topics, read_text
from interviewer.kb.chunking import chunk_document, chunk_questions, embedding_text
from interviewer.kb.markdown import html_to_markdown, parse_markdown
from interviewer.kb.ports import Embedder, VectorStore
from interviewer.kb.repair import decode_bytes
from interviewer.kb.structure import text_to_markdown
from interviewer.paths import knowledge_dir

PARSER_VERSION = "1"
"""Bump when parsing or chunking changes, so every document is re-chunked once."""

BUILTIN_PREFIX = "builtin:"
MAX_FILE_BYTES = 20_000_000
SUPPORTED = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html", ".htm": "html"}

Progress = Callable[[int, int], None]


class SourceFile(BaseModel):
    """A document to ingest."""

    doc: str
    """Its key in the store: builtin:<relative path> or an absolute path."""
    source: str
    """Its display name in citations."""
    path: Path
    """Where to read it."""
    kind: str
    """markdown, text, html or questions."""


class IngestReport(BaseModel):
    """What an ingest run did."""

    documents: int = 0
    """Documents read successfully."""
    unchanged: int = 0
    """Of those, documents whose chunks were all stored already."""
    chunks: int = 0
    """Chunks the documents produced."""
    embedded: int = 0
    """Chunks embedded and written in this run."""
    deleted: int = 0
    """Stale chunks removed (changed or removed documents)."""
    grading_texts: int = 0
    """Question-bank texts (key points, paraphrases, known mistakes) embedded for grading in this run."""
    errors: list[LoadError] = Field(default_factory=list)
    """Files or entries skipped, and why."""


def builtin_sources(root: Path | None = None) -> list[SourceFile]:
    """The built-in guides and question files."""
    root = root or knowledge_dir()
    found = [
        SourceFile(doc=f"{BUILTIN_PREFIX}guides/{p.name}", source=f"guides/{p.name}", path=p, kind="markdown")
        for p in sorted((root / "guides").glob("*.md"))
    ]
    found += [
        SourceFile(doc=f"{BUILTIN_PREFIX}questions/{p.name}", source=f"questions/{p.name}", path=p, kind="questions")
        for p in sorted((root / "questions").glob("*.yaml"))
    ]
    return found


def user_sources(paths: Iterable[Path]) -> tuple[list[SourceFile], list[LoadError]]:
    """Documents a user gave: files, or folders searched for supported files."""
    found: list[SourceFile] = []
    errors: list[LoadError] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
            if not files:
                errors.append(LoadError(path=str(path), problem="no .md, .txt or .html files in this folder"))
        elif path.is_file():
            files = [path]
        else:
            errors.append(LoadError(path=str(path), problem="no such file or folder"))
            continue
        for file in files:
            kind = SUPPORTED.get(file.suffix.lower())
            if kind is None:
                errors.append(LoadError(path=str(file), problem="unsupported type: use .md, .txt or .html"))
                continue
            resolved = file.resolve()
            found.append(SourceFile(doc=str(resolved), source=file.name, path=resolved, kind=kind))
    return found, errors


def document_chunks(
    source: SourceFile, topics: dict[str, Topic], seen_question_ids: set[str]
) -> tuple[list[Chunk] | None, list[LoadError]]:
    """Read, repair, parse and chunk one document; None when the file could not be used at all."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return None, [LoadError(path=str(source.path), problem=f"cannot read: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [LoadError(path=str(source.path), problem=f"too large ({len(data):,} bytes)")]
    doc_hash = hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()[:16]
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        return None, [LoadError(path=str(source.path), problem=str(exc))]
    if not text.strip():
        return None, [LoadError(path=str(source.path), problem="empty document")]
    if source.kind == "questions":
        questions, errors = parse_question_file(str(source.path), text, topics, seen_question_ids)
        if not questions:
            return None, errors or [LoadError(path=str(source.path), problem="no questions")]
        return chunk_questions(questions, doc=source.doc, source=source.source, doc_hash=doc_hash), errors
    if source.kind == "text":
        markdown = text_to_markdown(text)
    elif source.kind == "html":
        markdown = html_to_markdown(text)
    else:
        markdown = text
    try:
        chunks = chunk_document(
            parse_markdown(markdown), doc=source.doc, source=source.source, doc_hash=doc_hash, topics=topics
        )
    except ValueError as exc:
        return None, [LoadError(path=str(source.path), problem=str(exc))]
    if not chunks:
        return None, [LoadError(path=str(source.path), problem="no text found")]
    return chunks, []


def load_topics(root: Path | None = None) -> tuple[dict[str, Topic], list[LoadError]]:
    """The topic catalogue of the built-in knowledge."""
    path = (root or knowledge_dir()) / "topics.yaml"
    text, error = read_text(path)
    if error or text is None:
        return {}, [error] if error else []
    return parse_topics(str(path), text)


def is_gone(doc: str, builtin_docs: set[str]) -> bool:
    """Whether a stored document no longer exists: a built-in one not shipped, a user file deleted."""
    if doc.startswith(BUILTIN_PREFIX):
        return doc not in builtin_docs
    return not Path(doc).exists()


def sync(
    store: VectorStore,
    embedder: Embedder,
    sources: Sequence[SourceFile],
    topics: dict[str, Topic],
    gone: Callable[[str], bool],
    progress: Progress | None = None,
) -> IngestReport:
    """Make the store hold exactly the chunks of the given documents; embed only what is new."""
    report = IngestReport()
    stored = store.existing()
    stored_by_doc: dict[str, set[str]] = {}
    for chunk_id, meta in stored.items():
        stored_by_doc.setdefault(meta.get("doc", ""), set()).add(chunk_id)

    to_add: list[Chunk] = []
    to_delete: set[str] = set()
    seen_ids: set[str] = set()
    seen_question_ids: set[str] = set()
    for source in sources:
        chunks, errors = document_chunks(source, topics, seen_question_ids)
        report.errors.extend(errors)
        if chunks is None:
            continue  # keep whatever this document had stored: a bad file loses nothing
        report.documents += 1
        report.chunks += len(chunks)
        fresh = [c for c in chunks if c.id not in stored and c.id not in seen_ids]
        seen_ids.update(c.id for c in chunks)
        to_add.extend(fresh)
        to_delete |= stored_by_doc.get(source.doc, set()) - {c.id for c in chunks}
        if not fresh and not stored_by_doc.get(source.doc, set()) - {c.id for c in chunks}:
            report.unchanged += 1
    for doc, ids in stored_by_doc.items():
        if doc not in {s.doc for s in sources} and gone(doc):
            to_delete |= ids

    # Shortest first: a batch is padded to its longest text, and batches of like lengths embed a third faster.
    to_add.sort(key=lambda c: len(embedding_text(c)))
    for start in range(0, len(to_add), 64):
        batch = to_add[start : start + 64]
        store.upsert(batch, embedder.embed([embedding_text(c) for c in batch]))
        report.embedded += len(batch)
        if progress:
            progress(report.embedded, len(to_add))
    if to_delete:
        store.delete(sorted(to_delete))
        report.deleted = len(to_delete)
    return report
