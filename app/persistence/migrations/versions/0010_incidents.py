"""Incidents: the breach and incident log (GDPR Art. 33(5), PIPL Art. 57) and the clients
each one affects.

Every incident is kept, reported or not: the database refuses to delete one. Each step
(assessed, authority told or not, clients told or not, closed) fills its own columns.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_ROWS_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS incident_no_delete BEFORE DELETE ON incident "
    "BEGIN SELECT RAISE(ABORT, 'incident rows are kept'); END"
)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(
        name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False, server_default=""
    )


def _moment(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        _moment("happened_at"),
        _moment("aware_at", nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        _text("categories", 400),
        _text("affected_from", 10),
        sa.Column("people_count", sa.Integer(), nullable=True),
        sa.Column("records_count", sa.Integer(), nullable=True),
        _text("consequences", 4000),
        _text("measures_taken", 4000),
        _text("measures_proposed", 4000),
        _text("encrypted", 5),
        _text("risk", 10),
        _text("risk_reasons", 4000),
        _moment("assessed_at"),
        _moment("authority_due_at"),
        _text("authority_decision", 12),
        _text("authority_reason", 2000),
        _moment("authority_decided_at"),
        _moment("authority_notified_at"),
        _text("authority_delay_reason", 2000),
        _text("clients_decision", 12),
        _text("clients_reason", 2000),
        _moment("clients_decided_at"),
        _moment("clients_notified_at"),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        _moment("recorded_at", nullable=False),
        _moment("closed_at"),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendor.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_vendor_id"), ["vendor_id"], unique=False)
    op.create_table(
        "incident_client",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("incident_id", "client_id"),
    )
    with op.batch_alter_table("incident_client", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_client_client_id"), ["client_id"], unique=False
        )
    # SQLite's trigger, as the other kept tables have (0001, 0007); a PostgreSQL schema
    # brings its own guard with the move to a shared database.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(KEEP_ROWS_GUARD)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS incident_no_delete")
    with op.batch_alter_table("incident_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_client_client_id"))
    op.drop_table("incident_client")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_vendor_id"))
    op.drop_table("incident")
