"""Reading a resume or a job ad from an upload: PDF (pypdf), Word (python-docx), Markdown or plain text."""

from __future__ import annotations

import io
from pathlib import Path

from interviewer.kb.repair import decode_bytes

MAX_DOCUMENT_BYTES = 5_000_000
"""The largest upload read (a resume PDF with a photo is rarely over 2 MB)."""
MAX_DOCUMENT_CHARS = 20_000
"""The text kept from it (a resume or job ad is a few thousand characters)."""
MAX_PAGES = 10
"""Pages of a PDF read (a resume is one or two)."""
SUFFIXES = (".pdf", ".docx", ".md", ".markdown", ".txt")


class DocumentError(ValueError):
    """The upload cannot be read as a resume or job ad; the message says why, in words for the candidate."""


def read_document(path: Path) -> str:
    """The text of an uploaded resume or job ad, checked for size before it is read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(
            f"{path.name}: upload a PDF, DOCX, Markdown or text file ({suffix or 'no extension'} is not one)."
        )
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"{path.name} is {size / 1e6:.1f} MB; the limit is {MAX_DOCUMENT_BYTES / 1e6:.0f} MB.")
    with path.open("rb") as handle:
        data = handle.read(MAX_DOCUMENT_BYTES + 1)
    return document_text(data, suffix, path.name)


def document_text(data: bytes, suffix: str, name: str = "the file") -> str:
    """The text of a document's bytes by its kind; a clear DocumentError when they are not that kind."""
    if suffix == ".pdf":
        text = _pdf_text(data, name)
    elif suffix == ".docx":
        text = _docx_text(data, name)
    else:
        try:
            text = decode_bytes(data)
        except ValueError as exc:
            raise DocumentError(f"{name} is not text: upload a PDF, DOCX, Markdown or text file.") from exc
    text = text.strip()
    if not text:
        raise DocumentError(f"{name} has no text in it (a scanned PDF needs its text layer; paste the text instead).")
    return text[:MAX_DOCUMENT_CHARS]


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PAGES])
    except Exception as exc:  # a malformed PDF can fail anywhere in the parser; any failure means unreadable
        raise DocumentError(f"{name} is not a readable PDF ({type(exc).__name__}).") from exc


def _docx_text(data: bytes, name: str) -> str:
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # not a zip, not a Word package, a broken part: any failure means unreadable
        raise DocumentError(f"{name} is not a readable Word document ({type(exc).__name__}).") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)
