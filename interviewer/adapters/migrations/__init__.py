"""Alembic migrations of the history database (`interviewer.adapters.history_db` runs them on open)."""
