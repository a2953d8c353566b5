"""Retention that ends (issue 13): the day each former client stopped, and vendor deletion
tasks for erasures without a request (the retention ran out).

No column is added to an existing table, so every record's version still holds. A client
archived before this revision gets the day of its last archive entry in the audit log (the
day the coach archived it, in UTC: the nearest record there is of when they stopped); one
archived with no such entry (a file written outside the app) gets the day it was last
changed.

Revision ID: 0018
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sqlmodel.sql.sqltypes.UTCDateTime

# The latest archive entry of each former client; SQLite's date() reads the stored text.
BACKFILL = """
INSERT INTO former_client (client_id, stopped_on, recorded_at)
SELECT client.id,
       date(COALESCE(
           (SELECT audit_log.at FROM audit_log
             WHERE audit_log.entity = 'client' AND audit_log.entity_id = client.id
               AND audit_log.action = 'archive'
             ORDER BY audit_log.id DESC LIMIT 1),
           client.updated_at)),
       COALESCE(
           (SELECT audit_log.at FROM audit_log
             WHERE audit_log.entity = 'client' AND audit_log.entity_id = client.id
               AND audit_log.action = 'archive'
             ORDER BY audit_log.id DESC LIMIT 1),
           client.updated_at)
  FROM client
 WHERE client.status = 'former'
"""


def upgrade() -> None:
    op.create_table(
        "former_client",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("stopped_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", Moment(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_table(
        "notification_erasure",
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("erasure_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("linked_at", Moment(), nullable=False),
        sa.ForeignKeyConstraint(["erasure_id"], ["erasure.id"]),
        sa.ForeignKeyConstraint(["notification_id"], ["vendor_notification.id"]),
        sa.PrimaryKeyConstraint("notification_id", "erasure_id"),
    )
    with op.batch_alter_table("notification_erasure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_erasure_erasure_id"), ["erasure_id"], unique=False
        )
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("notification_erasure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_erasure_erasure_id"))
    op.drop_table("notification_erasure")
    op.drop_table("former_client")
