"""Correction (issue 13): the record of a client's fields corrected on their request, and
the correction tasks vendors are given with their notification (GDPR Art. 19).

Corrections are kept (they show the request was carried out): the database refuses to delete
one. No column is added to an existing table, so every record's version still holds.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_ROWS_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS correction_no_delete BEFORE DELETE ON correction "
    "BEGIN SELECT RAISE(ABORT, 'correction rows are kept'); END"
)
Text = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("fields", Text(length=400), nullable=False),
        sa.Column("corrected_at", Moment(), nullable=False),
        sa.Column("corrected_by", Text(length=100), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["rights_request.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_correction_request_id"), ["request_id"], unique=False)
    op.create_table(
        "notification_correction",
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("correction_id", sa.Integer(), nullable=False),
        sa.Column("fields", Text(length=400), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("linked_at", Moment(), nullable=False),
        sa.ForeignKeyConstraint(["correction_id"], ["correction.id"]),
        sa.ForeignKeyConstraint(["notification_id"], ["vendor_notification.id"]),
        sa.PrimaryKeyConstraint("notification_id", "correction_id"),
    )
    with op.batch_alter_table("notification_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_correction_correction_id"),
            ["correction_id"],
            unique=False,
        )
    # SQLite's trigger, as the other kept tables have; PostgreSQL brings its own later.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(KEEP_ROWS_GUARD)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS correction_no_delete")
    with op.batch_alter_table("notification_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_correction_correction_id"))
    op.drop_table("notification_correction")
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correction_request_id"))
    op.drop_table("correction")
