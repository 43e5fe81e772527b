"""Adapters to the outside world, one third-party library each: the Chroma vector store (`chroma_store`,
chromadb), the sentence-transformers embedder (`embedder`), an OpenAI-compatible LLM (`openai_model`, openai
and langchain), prompt files (`prompt_files`, Jinja and YAML) and the SQLite session history
(`sqlite_history`).

Each implements a port of the core (`interviewer.kb.ports`, `interviewer.domain.model`) or stores the core's
data, and may import the domain, `kb`, the interview's session (which the history stores), `paths` and
`settings`. Nothing in the core imports an adapter: only `interviewer.services` (the composition root), the
entry points and the tests do.
"""
