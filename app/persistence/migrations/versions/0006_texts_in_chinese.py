"""The texts a practice writes per vendor and sharing can be kept in Chinese as well.

A Chinese notice printed the English necessity statement, transfer safeguard and security
measures, because there was nowhere to keep them in Chinese. Each gets a Chinese column
beside the English one; "" means none yet, and documents then fall back to the English.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("vendor", "transfer_safeguard_zh", 600),
    ("vendor", "security_measures_zh", 2000),
    ("sharing", "necessity_zh", 2000),
)


def upgrade() -> None:
    # Added in place (no table copy): NOT NULL with a server default fills existing rows.
    for table, column, length in COLUMNS:
        op.add_column(
            table,
            sa.Column(
                column,
                sqlmodel.sql.sqltypes.AutoString(length=length),
                nullable=False,
                server_default="",
            ),
        )


def downgrade() -> None:
    for table, column, _length in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
