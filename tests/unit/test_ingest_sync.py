"""Ingest sync: idempotent, replaces changed documents, drops removed ones, never loses data on errors."""

from pathlib import Path

import pytest

from interviewer.kb.ingest import is_gone, load_topics, sync, user_sources
from interviewer.kb.ports import StoreError
from interviewer.kb.retrieval import KnowledgeBase
from tests.conftest import HashingEmbedder, MemoryStore

GUIDE_A = "# Company A\n\n## Onsite\n\nFour rounds with a lunch break.\n\n## Offer\n\nOffers are made within a week.\n"
GUIDE_B = "Company B\n\nCoding\n\nExpect graph problems and talk out loud.\n"


def _run(store: MemoryStore, embedder: HashingEmbedder, paths: list[Path]):  # type: ignore[no-untyped-def]
    topics, _ = load_topics()
    sources, errors = user_sources(paths)
    report = sync(store, embedder, sources, topics, gone=lambda doc: is_gone(doc, set()))
    report.errors[:0] = errors
    return report


@pytest.fixture
def docs(tmp_path: Path) -> list[Path]:
    (tmp_path / "a.md").write_text(GUIDE_A)
    (tmp_path / "b.txt").write_text(GUIDE_B)
    return [tmp_path / "a.md", tmp_path / "b.txt"]


def test_reingest_of_unchanged_documents_embeds_nothing(
    docs: list[Path], memory_store: MemoryStore, hashing_embedder: HashingEmbedder
) -> None:
    first = _run(memory_store, hashing_embedder, docs)
    assert first.embedded == first.chunks == 3 and first.errors == []
    second = _run(memory_store, hashing_embedder, docs)
    assert (second.embedded, second.deleted, second.unchanged) == (0, 0, 2)
    assert hashing_embedder.embedded == 3


def test_changed_document_replaces_its_chunks(
    docs: list[Path], memory_store: MemoryStore, hashing_embedder: HashingEmbedder
) -> None:
    _run(memory_store, hashing_embedder, docs)
    docs[0].write_text(GUIDE_A.replace("within a week", "within two days"))
    report = _run(memory_store, hashing_embedder, docs)
    assert (report.embedded, report.deleted) == (1, 1)
    texts = {c.text for c, _ in memory_store.rows.values()}
    assert "Offers are made within two days." in texts
    assert "Offers are made within a week." not in texts
    assert memory_store.count() == 3


def test_removed_document_loses_its_chunks(
    docs: list[Path], memory_store: MemoryStore, hashing_embedder: HashingEmbedder
) -> None:
    _run(memory_store, hashing_embedder, docs)
    docs[1].unlink()
    report = _run(memory_store, hashing_embedder, [docs[0]])
    assert report.deleted == 1
    assert {c.source for c, _ in memory_store.rows.values()} == {"a.md"}


def test_a_document_not_given_again_but_still_on_disk_is_kept(
    docs: list[Path], memory_store: MemoryStore, hashing_embedder: HashingEmbedder
) -> None:
    _run(memory_store, hashing_embedder, docs)
    report = _run(memory_store, hashing_embedder, [docs[0]])
    assert report.deleted == 0 and memory_store.count() == 3


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"   \n\n  ", "empty"),
        (b"---\ntitle: [broken\n---\n# x\n\ny\n", "front matter"),
        (b"---\nround: chess\n---\n# x\n\ny\n", "round"),
    ],
)
def test_bad_file_is_reported_and_its_stored_chunks_survive(
    docs: list[Path],
    memory_store: MemoryStore,
    hashing_embedder: HashingEmbedder,
    content: bytes,
    problem: str,
) -> None:
    _run(memory_store, hashing_embedder, docs)
    before = dict(memory_store.rows)
    docs[0].write_bytes(content)
    report = _run(memory_store, hashing_embedder, docs)
    assert len(report.errors) == 1 and problem in report.errors[0].problem
    assert report.errors[0].path == str(docs[0].resolve())
    assert memory_store.rows == before


def test_missing_and_unsupported_paths_are_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty_dir").mkdir()
    sources, errors = user_sources([tmp_path / "nope.md", tmp_path / "notes.pdf", tmp_path / "empty_dir"])
    assert sources == []
    assert [e.problem.split(":")[0].split(" ")[0] for e in errors] == ["no", "unsupported", "no"]


def test_folders_are_searched_for_supported_files(docs: list[Path]) -> None:
    sources, errors = user_sources([docs[0].parent])
    assert errors == [] and sorted(s.source for s in sources) == ["a.md", "b.txt"]


def test_a_failing_store_write_raises_store_error(
    docs: list[Path], memory_store: MemoryStore, hashing_embedder: HashingEmbedder
) -> None:
    memory_store.fail_writes = True
    with pytest.raises(StoreError, match="disk full"):
        _run(memory_store, hashing_embedder, docs)
    assert memory_store.count() == 0


def test_knowledge_base_search_validates_and_filters(
    docs: list[Path], memory_store: MemoryStore, hashing_embedder: HashingEmbedder
) -> None:
    _run(memory_store, hashing_embedder, docs)
    kb = KnowledgeBase(memory_store, hashing_embedder)
    hits = kb.search("graph problems talk out loud", k=2)
    assert hits[0].source == "b.txt"
    with pytest.raises(ValueError, match="empty"):
        kb.search("   ")
    with pytest.raises(ValueError, match="k must be"):
        kb.search("x", k=0)
    with pytest.raises(ValueError):
        kb.search("x", round="chess")
