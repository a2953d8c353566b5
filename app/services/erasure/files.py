"""The evidence files an erasure destroys, after its commit: a kill between the commit and
the removal leaves the erasure unfinished, which the next start finishes and `check` reports
until then. The files are named in `erased_evidence`, so `check` knows they went on purpose."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.engine import Engine

from app.persistence.models import Client, ErasedEvidence, Erasure
from app.persistence.store import Store

ERASURE_TABLE = Erasure.__table__  # type: ignore[attr-defined]
ERASED_TABLE = ErasedEvidence.__table__  # type: ignore[attr-defined]


def _unfinished(connection: Connection) -> dict[int, list[str]]:
    rows = connection.execute(
        select(ERASURE_TABLE.c.id, ERASED_TABLE.c.file_name)
        .select_from(ERASURE_TABLE)
        .outerjoin(ERASED_TABLE, ERASED_TABLE.c.erasure_id == ERASURE_TABLE.c.id)
        .where(ERASURE_TABLE.c.files_destroyed_at.is_(None))
        .order_by(ERASURE_TABLE.c.id)
    )
    found: dict[int, list[str]] = {}
    for erasure_id, name in rows:
        found.setdefault(erasure_id, [])
        if name:
            found[erasure_id].append(name)
    return found


def _remove(folder: Path, name: str) -> None:
    if Path(name).name != name:  # a name is never a path elsewhere
        return
    (folder / name).unlink(missing_ok=True)


def destroy_erased_files(store: Store, *, now: datetime | None = None) -> int:
    """Remove the files of every unfinished erasure, then mark it finished. Returns how many
    erasures it finished (0 when none was waiting)."""
    engine: Engine = store.engine
    with engine.connect() as connection:
        waiting = _unfinished(connection)
    for erasure_id, names in waiting.items():
        for name in names:
            _remove(store.paths.evidence, name)
        with engine.begin() as connection:
            connection.execute(
                ERASURE_TABLE.update()
                .where(ERASURE_TABLE.c.id == erasure_id)
                .values(files_destroyed_at=now or datetime.now(UTC))
            )
    return len(waiting)


def erased_file_names(connection: Connection) -> set[str]:
    """Every evidence file an erasure destroyed (or is to destroy) on purpose."""
    return set(connection.execute(select(ERASED_TABLE.c.file_name)).scalars())


def unfinished_erasure_problems(connection: Connection) -> list[str]:
    """`check`'s plain words for an erasure whose files are still to be removed."""
    problems = []
    for erasure_id, names in _unfinished(connection).items():
        ref = connection.execute(
            select(Client.ref)
            .join(Erasure, Erasure.client_id == Client.id)
            .where(Erasure.id == erasure_id)
        ).scalar_one()
        problems.append(
            f"Erasure {erasure_id} (client {ref}): the program stopped before destroying its "
            f"{len(names)} evidence file(s); they are destroyed when the practice next opens."
        )
    return problems
