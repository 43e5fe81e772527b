"""Ingest and search through a real Chroma server started from the chromadb package."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer import services
from interviewer.kb import ingest
from interviewer.settings import Settings
from tests.integration.servers import chroma_server

DOCS = {
    "sourdough.md": """---
title: Sourdough baking
---
# Sourdough baking

## Feeding the starter

A sourdough starter is a culture of wild yeast and lactobacilli living in flour and water.
Feed it every day: discard half, then add equal weights of fresh flour and water, and keep it
at room temperature until it doubles and smells pleasantly sour before baking bread with it.
""",
    "tides.md": """---
title: Ocean tides
---
# Ocean tides

## Why the sea rises and falls

Tides are caused by the gravitational pull of the Moon and the Sun on the oceans. When the Sun,
Moon and Earth line up at new and full moon the pulls add up and give large spring tides; at the
quarter moons they partly cancel and give small neap tides.
""",
    "bicycles.md": """---
title: Bicycle maintenance
---
# Bicycle maintenance

## Fixing a flat tyre

To repair a punctured inner tube, lever the tyre off the rim, find the hole by pumping the tube
and listening for escaping air, roughen the rubber, apply a patch with glue and refit the tyre,
checking that no thorn is still stuck in the casing.
""",
}


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    """A folder holding the small Markdown documents to ingest."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ingest_and_search_through_chroma_server(tmp_path: Path, docs_dir: Path) -> None:
    """Documents synced through the server are searchable, re-syncing embeds nothing, data persists."""
    server_path = tmp_path / "server"
    log = tmp_path / "chroma.log"
    topics, topic_errors = ingest.load_topics()
    assert topics and not topic_errors
    sources, source_errors = ingest.user_sources([docs_dir])
    assert not source_errors
    assert sorted(s.source for s in sources) == sorted(DOCS)

    with chroma_server(server_path, log) as url:
        settings = Settings(data_dir=tmp_path, chroma_url=url)
        embedder = services.build_embedder(settings)
        store = services.build_store(settings)
        assert store.count() == 0

        first = ingest.sync(store, embedder, sources, topics, gone=lambda doc: ingest.is_gone(doc, set()))
        assert not first.errors
        assert first.documents == len(DOCS)
        assert first.embedded == first.chunks >= len(DOCS)
        stored_ids = set(store.existing())
        assert len(stored_ids) == first.chunks

        kb = services.build_knowledge_base(settings, store)
        hits = kb.search("how often should I feed my sourdough starter with flour and water", k=3)
        assert hits[0].source == "sourdough.md"
        assert "starter" in hits[0].text
        assert hits[0].score > hits[-1].score

        second = ingest.sync(store, embedder, sources, topics, gone=lambda doc: ingest.is_gone(doc, set()))
        assert second.embedded == 0
        assert second.deleted == 0
        assert second.unchanged == second.documents == len(DOCS)
        assert store.count() == first.chunks

        other_store = services.build_store(settings)
        assert other_store.count() == first.chunks
        other_hits = services.build_knowledge_base(settings, other_store).search(
            "spring and neap tides from the moon's gravity", k=1
        )
        assert other_hits[0].source == "tides.md"

    # Everything went to the server: no embedded store was created under data_dir.
    assert not settings.resolved_chroma_path.exists()

    with chroma_server(server_path, log) as url:
        settings = Settings(data_dir=tmp_path, chroma_url=url)
        reopened = services.build_store(settings)
        assert set(reopened.existing()) == stored_ids
        hits = services.build_knowledge_base(settings, reopened).search("patch a punctured inner tube", k=1)
        assert hits[0].source == "bicycles.md"
