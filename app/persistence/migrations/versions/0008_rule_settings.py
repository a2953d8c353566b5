"""Rule settings: the settings a practice chooses for its rule sets are one JSON object.

The promise's days to tell vendors and to answer a request, and the working days PIPL leaves
the practice to choose, were a column each; a new rule set with a setting would have needed
another. They become `practice.rule_settings`, {rule set: {setting: days}}, each rule set
declaring its settings, defaults and bounds (app.domain.rulesets). The values a practice had
are carried over as they were.

Revision ID: 0008
Revises: 0007
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The old columns, where each value goes, and their defaults (for the way back). Written out
# here, not read from the rule sets: a migration stays as it was when it shipped.
MOVED = (
    ("promise_vendor_days", "promise", "vendor_days", 10),
    ("promise_request_days", "promise", "request_days", 30),
    ("pipl_request_days", "pipl", "request_days", 15),
)


def upgrade() -> None:
    # NOT NULL on a table with rows: the server default fills them, then each gets its values.
    op.add_column(
        "practice", sa.Column("rule_settings", sa.JSON(), nullable=False, server_default="{}")
    )
    connection = op.get_bind()
    columns = ", ".join(column for column, _rule, _key, _default in MOVED)
    for row in connection.execute(sa.text(f"SELECT id, {columns} FROM practice")).all():
        settings: dict[str, dict[str, int]] = {}
        for (_column, rule, key, _default), days in zip(MOVED, row[1:], strict=True):
            settings.setdefault(rule, {})[key] = days
        connection.execute(
            sa.text("UPDATE practice SET rule_settings = :settings WHERE id = :id"),
            {"settings": json.dumps(settings, sort_keys=True), "id": row[0]},
        )
    with op.batch_alter_table("practice", schema=None) as batch_op:
        for column, _rule, _key, _default in MOVED:
            batch_op.drop_column(column)


def downgrade() -> None:
    with op.batch_alter_table("practice", schema=None) as batch_op:
        for column, _rule, _key, default in MOVED:
            batch_op.add_column(
                sa.Column(column, sa.Integer(), nullable=False, server_default=str(default))
            )
    connection = op.get_bind()
    for row_id, stored in connection.execute(sa.text("SELECT id, rule_settings FROM practice")):
        settings = json.loads(stored) if isinstance(stored, str) else (stored or {})
        values = {
            column: settings.get(rule, {}).get(key, default) for column, rule, key, default in MOVED
        }
        assignments = ", ".join(f"{column} = :{column}" for column in values)
        connection.execute(
            sa.text(f"UPDATE practice SET {assignments} WHERE id = :id"), {**values, "id": row_id}
        )
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.drop_column("rule_settings")
        for column, _rule, _key, _default in MOVED:  # as 0001 made them: no server default
            batch_op.alter_column(column, server_default=None)
