"""The knowledge base: loading and validating the question bank (`catalog`), reading, repairing and chunking
guides (`repair`, `structure`, `markdown`, `chunking`), syncing them into a vector store (`ingest`), and hybrid
search over it (`retrieval`, `lexical`). The top-level `knowledge/` folder is the data; this is the code.

May import `interviewer.domain` and `interviewer.paths`. It reaches Chroma and the embedding model only through
the protocols in `ports`, which the adapters implement; it never imports an adapter, grading or the interview.
"""
