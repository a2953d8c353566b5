"""Rights requests: access, portability, correction, deletion, restriction, objection and
complaints (issue 13), each with its identity check, acknowledgement, extension, outcome,
completion and evidence.

Request records are kept (DESIGN.md 5: at least 24 months): the database refuses to delete
one. Each step fills its own columns.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_ROWS_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS rights_request_no_delete BEFORE DELETE ON rights_request "
    "BEGIN SELECT RAISE(ABORT, 'rights request rows are kept'); END"
)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(
        name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False, server_default=""
    )


def _moment(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "rights_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        _text("caller_details", 1000),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        _moment("received_at", nullable=False),
        _text("note", 4000),
        _text("topic", 400),
        _text("evidence_file", 300),
        _text("evidence_sha256", 64),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        _moment("recorded_at", nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("confirm_due_on", sa.Date(), nullable=True),
        sa.Column("extension_by", sa.Date(), nullable=True),
        sa.Column("extended_due_on", sa.Date(), nullable=True),
        _text("identity_method", 200),
        _moment("identity_checked_at"),
        _text("identity_checked_by", 100),
        _moment("acknowledged_at"),
        sa.Column("extended_until", sa.Date(), nullable=True),
        _text("extension_reason", 2000),
        _moment("extension_told_at"),
        _text("outcome", 10),
        _text("outcome_reason", 4000),
        _text("response", 4000),
        _moment("completed_at"),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rights_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rights_request_client_id"), ["client_id"], unique=False
        )
    # SQLite's trigger, as the other kept tables have (0001, 0007, 0010).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(KEEP_ROWS_GUARD)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS rights_request_no_delete")
    with op.batch_alter_table("rights_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rights_request_client_id"))
    op.drop_table("rights_request")
