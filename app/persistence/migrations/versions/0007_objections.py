"""Objections: an opt-out that names a sharing on legitimate interests is an objection.

Such a sharing does not stop at once (it does not rest on consent); GDPR Art. 21(1) asks
that the objection be weighed and answered. Until now the opt-out let it go on with a
general sentence and nothing was left to answer. Each objection is kept with its due date
and, once decided, the answer and its reason. An objection upheld later adds the request to
a vendor task due from the day of the answer, not from the request's receipt: each link of
a request to a vendor task keeps its own date to tell that vendor by (null for links made
before: the request's date).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_ROWS_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS objection_no_delete BEFORE DELETE ON objection "
    "BEGIN SELECT RAISE(ABORT, 'objection rows are kept'); END"
)


def upgrade() -> None:
    op.create_table(
        "objection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("optout_request_id", sa.Integer(), nullable=False),
        sa.Column("sharing_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "decision",
            sqlmodel.sql.sqltypes.AutoString(length=10),
            nullable=False,
            server_default="",
        ),
        sa.Column(
            "reason",
            sqlmodel.sql.sqltypes.AutoString(length=2000),
            nullable=False,
            server_default="",
        ),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column(
            "decided_by",
            sqlmodel.sql.sqltypes.AutoString(length=100),
            nullable=False,
            server_default="",
        ),
        sa.ForeignKeyConstraint(["optout_request_id"], ["optout_request.id"]),
        sa.ForeignKeyConstraint(["sharing_id"], ["sharing.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("objection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objection_optout_request_id"), ["optout_request_id"], unique=False
        )
    op.execute(KEEP_ROWS_GUARD)
    # A nullable column is added in place: the table keeps its rows.
    op.add_column("notification_request", sa.Column("due_on", sa.Date(), nullable=True))
    op.add_column(
        "notification_request",
        sa.Column("linked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("notification_request", schema=None) as batch_op:
        batch_op.drop_column("linked_at")
        batch_op.drop_column("due_on")
    op.execute("DROP TRIGGER IF EXISTS objection_no_delete")
    with op.batch_alter_table("objection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objection_optout_request_id"))
    op.drop_table("objection")
