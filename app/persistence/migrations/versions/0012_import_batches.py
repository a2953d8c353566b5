"""Import batches: the clients one import brought in, so the import can be undone as a whole.

A link table rather than a column on `client`: a client's audited version is the hash of its
every column, so a new column would make every client differ from its last version.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("imported_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("file_format", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("client_count", sa.Integer(), nullable=False),
        sa.Column("undone_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "import_batch_client",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"]),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.PrimaryKeyConstraint("batch_id", "client_id"),
    )
    with op.batch_alter_table("import_batch_client", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_batch_client_client_id"), ["client_id"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("import_batch_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batch_client_client_id"))
    op.drop_table("import_batch_client")
    op.drop_table("import_batch")
