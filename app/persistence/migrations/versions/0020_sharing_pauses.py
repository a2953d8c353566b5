"""Sharing pauses (issue 13): a restriction (GDPR Art. 18) or objection (Art. 21) request
pauses some of its client's sharings until each pause is lifted with its reason.

Pauses are kept (they show what was held back, and when): the database refuses to delete
one, and a pause once lifted stays lifted. No column is added to an existing table, so every
record's version still holds.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"  # after retention and correction
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_ROWS_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS sharing_pause_no_delete BEFORE DELETE ON sharing_pause "
    "BEGIN SELECT RAISE(ABORT, 'sharing pause rows are kept'); END"
)
# Lifting fills the lift's columns once; nothing else of a pause ever changes.
LIFT_ONCE_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS sharing_pause_lift_once BEFORE UPDATE ON sharing_pause "
    "WHEN OLD.lifted_at IS NOT NULL OR NEW.request_id IS NOT OLD.request_id "
    "OR NEW.sharing_id IS NOT OLD.sharing_id OR NEW.paused_at IS NOT OLD.paused_at "
    "OR NEW.paused_by IS NOT OLD.paused_by "
    "BEGIN SELECT RAISE(ABORT, 'a sharing pause is only lifted, once'); END"
)
Text = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "sharing_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("sharing_id", sa.Integer(), nullable=False),
        sa.Column("paused_at", Moment(), nullable=False),
        sa.Column("paused_by", Text(length=100), nullable=False),
        sa.Column("lifted_at", Moment(), nullable=True),
        sa.Column("lifted_by", Text(length=100), nullable=False),
        sa.Column("lift_reason", Text(length=2000), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["rights_request.id"]),
        sa.ForeignKeyConstraint(["sharing_id"], ["sharing.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_id", "sharing_id"),
    )
    with op.batch_alter_table("sharing_pause", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_pause_request_id"), ["request_id"])
        batch_op.create_index(batch_op.f("ix_sharing_pause_sharing_id"), ["sharing_id"])
    # SQLite's triggers, as the other kept tables have; PostgreSQL brings its own later.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(KEEP_ROWS_GUARD)
        op.execute(LIFT_ONCE_GUARD)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS sharing_pause_lift_once")
    op.execute("DROP TRIGGER IF EXISTS sharing_pause_no_delete")
    with op.batch_alter_table("sharing_pause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_pause_sharing_id"))
        batch_op.drop_index(batch_op.f("ix_sharing_pause_request_id"))
    op.drop_table("sharing_pause")
