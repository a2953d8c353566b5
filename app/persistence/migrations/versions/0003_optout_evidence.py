"""Opt-out requests keep the scan that came with them (a returned form, a letter).

Until now a scan could only sit on the consent events a request caused, so the scan of a
request not yet matched to a client, or one that changed no consent, had nowhere to go.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rebuilding a table in batch mode drops its triggers: put the guard of 0001 back.
KEEP_ROWS_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS optout_request_no_delete BEFORE DELETE ON optout_request "
    "BEGIN SELECT RAISE(ABORT, 'optout_request rows are kept'); END"
)


def upgrade() -> None:
    with op.batch_alter_table("optout_request", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "evidence_file",
                sqlmodel.sql.sqltypes.AutoString(length=300),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column(
                "evidence_sha256",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
    op.execute(KEEP_ROWS_GUARD)


def downgrade() -> None:
    with op.batch_alter_table("optout_request", schema=None) as batch_op:
        batch_op.drop_column("evidence_sha256")
        batch_op.drop_column("evidence_file")
    op.execute(KEEP_ROWS_GUARD)
