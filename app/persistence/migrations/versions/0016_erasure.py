"""Erasure (issue 13): the erasure record, the evidence it destroyed on purpose, the
suppression hashes with their salt, and vendor deletion tasks for rights requests.

Erasures are kept (they show the deletion was carried out): the database refuses to delete
one. No column is added to an existing table, so every record's version still holds.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_ROWS_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS erasure_no_delete BEFORE DELETE ON erasure "
    "BEGIN SELECT RAISE(ABORT, 'erasure rows are kept'); END"
)
Text = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("reason", Text(length=20), nullable=False),
        sa.Column("fields", Text(length=400), nullable=False),
        sa.Column("erased_at", Moment(), nullable=False),
        sa.Column("erased_by", Text(length=100), nullable=False),
        sa.Column("files_destroyed_at", Moment(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["rights_request.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client_id"),
    )
    op.create_table(
        "erased_evidence",
        sa.Column("erasure_id", sa.Integer(), nullable=False),
        sa.Column("file_name", Text(length=300), nullable=False),
        sa.Column("sha256", Text(length=64), nullable=False),
        sa.ForeignKeyConstraint(["erasure_id"], ["erasure.id"]),
        sa.PrimaryKeyConstraint("erasure_id", "file_name"),
    )
    with op.batch_alter_table("erased_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_erased_evidence_sha256"), ["sha256"], unique=False)
    op.create_table(
        "suppression",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_hash", Text(length=64), nullable=False),
        sa.Column("phone_hash", Text(length=64), nullable=False),
        sa.Column("erased_on", sa.Date(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["rights_request.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("suppression", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suppression_email_hash"), ["email_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_suppression_phone_hash"), ["phone_hash"], unique=False)
    op.create_table(
        "suppression_salt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salt", Text(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "notification_rights_request",
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("linked_at", Moment(), nullable=False),
        sa.ForeignKeyConstraint(["notification_id"], ["vendor_notification.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["rights_request.id"]),
        sa.PrimaryKeyConstraint("notification_id", "request_id"),
    )
    with op.batch_alter_table("notification_rights_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_rights_request_request_id"), ["request_id"], unique=False
        )
    # SQLite's trigger, as the other kept tables have; PostgreSQL brings its own later.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(KEEP_ROWS_GUARD)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS erasure_no_delete")
    with op.batch_alter_table("notification_rights_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_rights_request_request_id"))
    op.drop_table("notification_rights_request")
    op.drop_table("suppression_salt")
    with op.batch_alter_table("suppression", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suppression_phone_hash"))
        batch_op.drop_index(batch_op.f("ix_suppression_email_hash"))
    op.drop_table("suppression")
    with op.batch_alter_table("erased_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erased_evidence_sha256"))
    op.drop_table("erased_evidence")
    op.drop_table("erasure")
