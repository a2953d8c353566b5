"""A vendor notification keeps the date its confirmation is due, fixed when it is sent.

Until now the date was counted again from the day sent each time Today was shown, which
needed the holiday calendar at every start and could move if the practice's closed days
changed after the letter went out. Letters sent before this revision have no date stored;
the app still counts theirs.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column is added in place: the table keeps its rows and guards.
    op.add_column("vendor_notification", sa.Column("confirm_by", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vendor_notification", schema=None) as batch_op:
        batch_op.drop_column("confirm_by")
