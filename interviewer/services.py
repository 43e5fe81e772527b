"""Builds the adapters from Settings: the one place that wires the store, the embedder and the KB."""

from __future__ import annotations

from functools import cache

from interviewer.embeddings import SentenceTransformerEmbedder
from interviewer.ingest import (
    IngestReport,
    Progress,
    builtin_sources,
    is_gone,
    load_topics,
    sync,
    user_sources,
)
from interviewer.retrieval import KnowledgeBase
from interviewer.settings import Settings
from interviewer.store import ChromaStore


@cache
def _embedder(model_path: str | None) -> SentenceTransformerEmbedder:
    from pathlib import Path

    return SentenceTransformerEmbedder(Path(model_path) if model_path else None)


def build_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The embedder named by the settings; one instance (and one loaded model) per process."""
    path = settings.embedding_model_path
    return _embedder(str(path) if path else None)


def build_store(settings: Settings) -> ChromaStore:
    """The vector store named by the settings: a Chroma server when a URL is set, else embedded."""
    embedder = build_embedder(settings)
    if settings.chroma_url:
        return ChromaStore(settings.collection, embedder.name, url=settings.chroma_url)
    return ChromaStore(settings.collection, embedder.name, path=settings.resolved_chroma_path)


def build_knowledge_base(settings: Settings, store: ChromaStore | None = None) -> KnowledgeBase:
    """A KnowledgeBase over the configured store."""
    return KnowledgeBase(
        store or build_store(settings), build_embedder(settings), hybrid=settings.search_mode == "hybrid"
    )


def run_ingest(
    settings: Settings,
    paths: list[str] | tuple[str, ...] = (),
    progress: Progress | None = None,
    store: ChromaStore | None = None,
) -> IngestReport:
    """Ingest the built-in knowledge plus the given user documents into the configured store."""
    from pathlib import Path

    topics, topic_errors = load_topics()
    builtin = builtin_sources()
    extra, path_errors = user_sources(Path(p) for p in paths)
    builtin_docs = {s.doc for s in builtin}
    report = sync(
        store or build_store(settings),
        build_embedder(settings),
        [*builtin, *extra],
        topics,
        gone=lambda doc: is_gone(doc, builtin_docs),
        progress=progress,
    )
    report.errors[:0] = [*topic_errors, *path_errors]
    return report
