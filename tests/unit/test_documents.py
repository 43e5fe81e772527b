"""Uploads of a resume or job ad: PDF, Word, Markdown and text read; anything else refused clearly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from interviewer.adapters.documents import MAX_DOCUMENT_BYTES, DocumentError, document_text, read_document

LINES = ["Senior ML Engineer, Zalando (2021 - present)", "Built a churn model that cut churn by 12%"]


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, written by hand (no PDF writer needed)."""
    shown = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 720 Td {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def _docx(lines: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Skills", "Python, SQL"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_word_markdown_and_text_uploads_are_read(tmp_path: Path) -> None:
    files = {
        "cv.pdf": _pdf(LINES),
        "cv.docx": _docx(LINES),
        "cv.md": ("# CV\n" + "\n".join(f"- {line}" for line in LINES)).encode(),
        "cv.txt": "\n".join(LINES).encode("cp1252"),
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        text = read_document(path)
        assert "Zalando" in text and "12%" in text, (name, text)
    assert "Python, SQL" in read_document(tmp_path / "cv.docx")  # table cells too


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("cv.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
        ("cv.docx", b"PK\x03\x04 broken zip", "not a readable Word document"),
        ("cv.txt", bytes(range(256)) * 4, "not text"),
        ("cv.png", b"\x89PNG\r\n", "upload a PDF, DOCX, Markdown or text file"),
        ("cv.txt", b"   \n\n  ", "has no text"),
    ],
)
def test_unreadable_uploads_get_a_clear_error(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=problem):
        read_document(path)


def test_the_size_is_checked_before_the_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: big on paper, nothing to read
    with pytest.raises(DocumentError, match="limit is 5 MB"):
        read_document(path)
    assert document_text(b"x" * 30_000, ".txt").startswith("x") and len(document_text(b"x" * 30_000, ".txt")) == 20_000
