"""Accounts, an owner and a revision on every session, tests passed on every turn, and the app's shared secrets.

Sessions from before belong to the single local user ("local"). Tests passed are filled in from each stored
session's JSON, where the old schema kept them.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("owner", sa.String(64), nullable=False, server_default="local"))
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="1"))
        batch.create_index("sessions_by_owner", ["owner", "updated_at"])
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("tests_passed", sa.Integer))
        batch.add_column(sa.Column("tests_total", sa.Integer))
    _fill_tests_passed()


def _fill_tests_passed() -> None:
    """Copy each coding or SQL turn's tests passed out of its session's stored JSON."""
    db = op.get_bind()
    for session_id, data in db.execute(sa.text("SELECT id, data FROM sessions")).all():
        for idx, turn in enumerate(json.loads(data).get("turns", [])):
            cases = (turn.get("tests") or {}).get("cases")
            if cases is None:
                continue
            db.execute(
                sa.text("UPDATE turns SET tests_passed = :p, tests_total = :n WHERE session_id = :s AND idx = :i"),
                {"p": sum(bool(c.get("passed")) for c in cases), "n": len(cases), "s": session_id, "i": idx},
            )


def downgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("tests_total")
        batch.drop_column("tests_passed")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("sessions_by_owner")
        batch.drop_column("revision")
        batch.drop_column("owner")
    op.drop_table("secrets")
    op.drop_table("users")
