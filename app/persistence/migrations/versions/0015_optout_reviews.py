"""Reviews of the opt-out path: each channel tested, what was found, the next one due.

Reviews are kept (they show the path was checked): the database refuses to delete one.

Revision ID: 0015
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_ROWS_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS optout_review_no_delete BEFORE DELETE ON optout_review "
    "BEGIN SELECT RAISE(ABORT, 'optout_review rows are kept'); END"
)


def upgrade() -> None:
    op.create_table(
        "optout_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("tests_json", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("findings_json", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("actions", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("optout_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_optout_review_next_due_on"), ["next_due_on"], unique=False
        )
    # SQLite's trigger, as the other kept tables have; PostgreSQL brings its own later.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(KEEP_ROWS_GUARD)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS optout_review_no_delete")
    with op.batch_alter_table("optout_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_optout_review_next_due_on"))
    op.drop_table("optout_review")
