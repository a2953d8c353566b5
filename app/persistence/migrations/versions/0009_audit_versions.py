"""Audit versions: an audit entry about a client or an opt-out request carries the hash of the
record as that change left it, so `check` finds a record edited outside the program.

The column is hashed into the audit chain only when it is filled, so the entries written
before it keep their hashes. Rows written before this revision have no version: `check`
says it cannot see changes to records last touched then.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN keeps the table, and with it the triggers that make the log append-only.
    op.add_column(
        "audit_log",
        sa.Column(
            "version",
            sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=False,
            server_default="",
        ),
    )


def downgrade() -> None:
    op.drop_column("audit_log", "version")
