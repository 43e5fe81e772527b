"""Real Chroma (embedded) with real embeddings: ingest, idempotence, search, retrieval quality."""

from __future__ import annotations

from pathlib import Path

from interviewer.evaluation.retrieval import default_dataset, evaluate, load_cases
from interviewer.kb.ingest import IngestReport
from interviewer.kb.retrieval import KnowledgeBase
from interviewer.services import build_knowledge_base, run_ingest
from interviewer.settings import Settings


def test_unchanged_reingest_embeds_nothing(first_ingest_report: IngestReport) -> None:
    report = first_ingest_report
    assert report.embedded == 0 and report.deleted == 0
    assert report.unchanged == report.documents >= 12
    assert report.grading_texts == 0  # the bank's grading texts were all kept by the first ingest


def test_grading_texts_are_kept_by_exact_text_and_dropped_with_another_model(tmp_path: Path) -> None:
    from interviewer.adapters.chroma_store import ChromaStore

    store = ChromaStore("knowledge", "model-a", path=tmp_path)
    store.remember(["Bagging reduces variance.", "Boosting reduces bias."], [[1.0, 0.0], [0.0, 1.0]])
    assert store.recall(["Boosting reduces bias.", "bagging reduces variance.", "Never stored."]) == {
        "Boosting reduces bias.": [0.0, 1.0]
    }
    assert store.count() == 0  # kept apart from the passages searched
    assert ChromaStore("knowledge", "model-b", path=tmp_path).recall(["Boosting reduces bias."]) == {}


def test_behavioral_structure_query_returns_star_guidance(kb: KnowledgeBase) -> None:
    hits = kb.search("how should I structure a behavioral answer", k=5)
    assert hits[0].topic == "star_method" and hits[0].kind == "guidance"
    assert hits[0].source == "guides/behavioral.md"
    assert 0 < hits[0].score <= 1


def test_round_and_kind_filters(kb: KnowledgeBase) -> None:
    hits = kb.search("two pointers on a sorted array", round="coding", k=8, kind="question")
    assert hits and all(h.round in {"coding", "general"} and h.kind == "question" for h in hits)
    assert hits[0].topic == "two_pointers"


def test_retrieval_set_recall_at_3(kb: KnowledgeBase) -> None:
    report = evaluate(kb, load_cases(default_dataset()))
    assert report.n >= 60
    assert report.recall_at_3 >= 0.90, [c for c in report.cases if c.rank is None or c.rank > 3]


def test_user_documents_sync_with_real_chroma(store_copy: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=store_copy)
    guide = tmp_path / "acme.md"
    guide.write_text("# Acme guide\n\n## Acme onsite\n\nAcme asks every candidate to design a llama feed ranker.\n")
    first = run_ingest(settings, [str(guide)])
    assert first.embedded == 1 and first.errors == []
    kb = build_knowledge_base(settings)
    assert kb.search("llama feed ranker at Acme", k=1)[0].source == "acme.md"

    guide.write_text("# Acme guide\n\n## Acme onsite\n\nAcme now asks for an alpaca search engine design.\n")
    changed = run_ingest(settings, [str(guide)])
    assert (changed.embedded, changed.deleted) == (1, 1)
    assert "alpaca" in kb.search("Acme onsite design question", k=1)[0].text

    guide.write_bytes(b"\x00\x00binary now")
    broken = run_ingest(settings, [str(guide)])
    assert broken.errors and broken.deleted == 0
    assert "alpaca" in kb.search("Acme onsite design question", k=1)[0].text

    guide.unlink()
    removed = run_ingest(settings)
    assert removed.deleted == 1
    assert all(h.source != "acme.md" for h in kb.search("Acme onsite alpaca", k=10))
