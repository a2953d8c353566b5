"""Runs Alembic on the user's file: which revision it has, and upgrading it to ours."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import Connection

from app.paths import migrations_dir
from app.persistence.errors import DatabaseFromNewerVersion, NotAPrivacyDeskDatabase


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def assess(engine: Engine) -> str | None:
    """The file's revision; refuses files that are not ours or come from a newer version.

    Returns None for a brand-new (empty) database.
    """
    with engine.connect() as connection:
        revision = current_revision(connection)
        tables = set(inspect(connection).get_table_names())
    if revision is None:
        if tables - {"alembic_version"}:
            raise NotAPrivacyDeskDatabase(
                f"{engine.url.database} holds tables but is not a Privacy Desk database."
            )
        return None
    if revision not in known_revisions():
        raise DatabaseFromNewerVersion(
            f"{engine.url.database} was written by a newer version of Privacy Desk "
            f"(schema {revision}). Install the newer version to open it."
        )
    return revision


def upgrade(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
