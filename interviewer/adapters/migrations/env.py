"""Alembic's entry point: runs the migrations on the connection that `History` opened (never from a URL here)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
