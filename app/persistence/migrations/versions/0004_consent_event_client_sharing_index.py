"""Consent events indexed by client and sharing together.

Today counts, for each of tens of thousands of active clients, the sharings needing consent
that have an answer; with both columns in one index SQLite answers from the index without
reading the events themselves (0.18 s to 0.08 s at 50,000 clients). The index on the client
alone is a prefix of the new one, so it goes.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_consent_event_client_sharing", "consent_event", ["client_id", "sharing_id"])
    op.drop_index("ix_consent_event_client_id", table_name="consent_event")


def downgrade() -> None:
    op.create_index("ix_consent_event_client_id", "consent_event", ["client_id"])
    op.drop_index("ix_consent_event_client_sharing", table_name="consent_event")
