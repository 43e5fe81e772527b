"""Adapters to the outside world, one third-party library each: the Chroma vector store (`chroma_store`,
chromadb), the sentence-transformers embedder (`embedder`), an OpenAI-compatible LLM (`openai_model`, openai
and langchain), prompt files (`prompt_files`, Jinja and YAML), the session history and accounts (`history_db`,
SQLAlchemy and Alembic), password hashing (`passwords`, argon2) and the code sandbox (`sandbox`, bubblewrap).

Each implements a port of the core (`interviewer.kb.ports`, `interviewer.domain.model`) or stores the core's
data, and may import the domain, `kb`, the interview's session (which the history stores), `paths` and
`settings`. Nothing in the core imports an adapter: only `interviewer.services` (the composition root), the
entry points and the tests do.
"""
