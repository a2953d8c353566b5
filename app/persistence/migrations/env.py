"""Alembic environment: runs on a connection handed over by app.persistence.migrations."""

from alembic import context
from sqlmodel import SQLModel

import app.persistence.models  # noqa: F401  (registers every table on SQLModel.metadata)
from app.persistence.search import is_search_index_table

config = context.config
target_metadata = SQLModel.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    # The full-text index is SQLite-only and maintained by hand (see search.py).
    return not (type_ == "table" and is_search_index_table(name))


def run_migrations() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
