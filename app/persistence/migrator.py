"""Runs Alembic on the user's file: which revision it has, and upgrading it to ours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from app.domain.errors import N_
from app.paths import migrations_dir
from app.persistence.errors import DatabaseFromNewerVersion, NotAPrivacyDeskDatabase

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration this version ships. A file already stamped with it opens without
# loading Alembic at all (a fifth of the start-up time); a test keeps it equal to the
# script directory's head.
SHIPPED_HEAD = "0020"


def stamped_revision(engine: Engine) -> str | None:
    """The revision recorded in the file, by plain SQL; None when there is none."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError:
        return None


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

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
                N_("{file} holds tables but is not a Privacy Desk database."),
                file=engine.url.database,
            )
        return None
    if revision not in known_revisions():
        raise DatabaseFromNewerVersion(
            N_(
                "{file} was written by a newer version of Privacy Desk (schema {revision}). "
                "Install the newer version to open it."
            ),
            file=engine.url.database,
            revision=revision,
        )
    return revision


def upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
