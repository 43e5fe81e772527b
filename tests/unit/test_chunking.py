"""Chunking: section and item chunks, metadata, stable content-hash ids, size limits."""

from interviewer.domain.questions import Bank
from interviewer.kb.catalog import load_bank
from interviewer.kb.chunking import MAX_WORDS, chunk_document, chunk_questions, embedding_text
from interviewer.kb.markdown import parse_markdown
from interviewer.kb.structure import text_to_markdown

GUIDE = """---
round: behavioral
---
# Guide

## Conflict {#conflict}

Short facts about conflict.

### Pitfalls
- Blaming the colleague.

## Company specifics

Something about our culture.
"""


def _bank() -> Bank:
    return load_bank()


def test_sections_become_chunks_with_metadata() -> None:
    topics = _bank().topics
    chunks = chunk_document(parse_markdown(GUIDE), doc="d", source="guide.md", doc_hash="h", topics=topics)
    by_section = {c.section: c for c in chunks}
    assert set(by_section) == {"Conflict", "Conflict > Pitfalls", "Company specifics"}
    pitfalls = by_section["Conflict > Pitfalls"]
    assert (pitfalls.topic, pitfalls.round, pitfalls.kind, pitfalls.source) == (
        "conflict",
        "behavioral",
        "guidance",
        "guide.md",
    )
    # A heading without an id gets a slug topic and the front matter's round.
    assert by_section["Company specifics"].topic == "company_specifics"
    assert by_section["Company specifics"].round == "behavioral"


def test_ids_are_stable_and_change_with_content() -> None:
    topics = _bank().topics
    first = chunk_document(parse_markdown(GUIDE), doc="d", source="g", doc_hash="h", topics=topics)
    again = chunk_document(parse_markdown(GUIDE), doc="d", source="g", doc_hash="h2", topics=topics)
    changed = chunk_document(
        parse_markdown(GUIDE.replace("Blaming", "Blaming loudly")),
        doc="d",
        source="g",
        doc_hash="h",
        topics=topics,
    )
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first} ^ {c.id for c in changed}) == 2


def test_long_sections_are_split_under_the_limit() -> None:
    body = " ".join(f"Sentence number {i} says something useful." for i in range(200))
    chunks = chunk_document(parse_markdown(f"# T\n\n## Long\n\n{body}\n"), doc="d", source="s", doc_hash="h", topics={})
    assert len(chunks) > 3
    assert all(len(c.text.split()) <= MAX_WORDS for c in chunks)
    assert " ".join(c.text for c in chunks).split() == body.split()


def test_glossary_items_and_table_rows_are_chunked_one_by_one() -> None:
    text = "Guide\n\nTopics\n\n  • Precision — share of flagged that are right\n"
    text += "  • Recall — share of right that are flagged\n"
    text += "\nFormat\n\nRoundFocusDuration\nScreenResume30 min\nCodingPython patterns45 min\n"
    chunks = chunk_document(parse_markdown(text_to_markdown(text)), doc="d", source="s", doc_hash="h", topics={})
    sections = [c.section for c in chunks]
    assert "Topics > Precision" in sections and "Topics > Recall" in sections
    assert "Format > Screen" in sections and "Format > Coding" in sections
    row = next(c for c in chunks if c.section == "Format > Coding")
    assert row.text == "Round: Coding; Focus: Python patterns; Duration: 45 min"


def test_question_chunks_and_embedding_text() -> None:
    bank = _bank()
    question = bank.questions[0]
    (chunk,) = chunk_questions([question], doc="q", source="questions/x.yaml", doc_hash="h")
    assert chunk.kind == "question" and chunk.section == question.id and chunk.topic == question.topic
    assert question.question in chunk.text and question.key_points[0] in chunk.text
    assert "interview question" in embedding_text(chunk)


def test_generic_subsection_names_are_not_embedded() -> None:
    topics = _bank().topics
    chunks = chunk_document(parse_markdown(GUIDE), doc="d", source="s", doc_hash="h", topics=topics)
    pitfalls = next(c for c in chunks if c.section.endswith("Pitfalls"))
    assert embedding_text(pitfalls) == "Behavioral Conflict: - Blaming the colleague."
