"""Anchors: where the two ledgers ended, kept outside the database.

The hash chains show an edit in the middle of a ledger, but not a cut (its last rows
deleted) nor a chain rewritten whole with recomputed hashes: both leave a chain that
verifies. An anchor records each ledger's head (how many rows, the last id, the last hash)
in a small file beside the database and beside every backup, written when the practice's
file closes and when a backup is made. `check` compares the database with the newest anchor
and names what is gone or different.

An anchor is keyed with an HMAC of the practice's key, so whoever can rewrite the database
cannot also write an anchor that agrees with it. Without a key (a practice not yet
encrypted) the anchor still shows a cut, but someone able to write the data folder could
rewrite the anchor too; `check` says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from app.persistence import durable
from app.persistence.database import make_engine
from app.persistence.ledgers import LEDGERS

ANCHOR_FILE = "ledger-anchor.json"
PENDING_SUFFIX = ".pending"  # a restore's anchor, until its ledgers are written in
SIDECAR_SUFFIX = ".anchor.json"  # "backup-2026-12-01.sqlite3" -> "...sqlite3.anchor.json"
# A sidecar from before the practice had a key, while encrypting signs it again (never read
# by check: once there is a key an unkeyed anchor proves nothing); kept so if it cannot be.
UNKEYED_SUFFIX = ".unkeyed"
PARTIAL_SUFFIX = durable.PARTIAL_SUFFIX  # an anchor being written, before its rename
FORMAT = 1
# What a ledger's rows are called in a sentence: "the last 173 consent events are gone".
ROW_WORDS = {
    "consent_event": ("consent event", "consent events"),
    "audit_log": ("audit entry", "audit entries"),
}


@dataclass(frozen=True)
class ChainHead:
    """Where a ledger ended: its row count, its last row's id and hash (None when empty)."""

    count: int
    last_id: int | None
    last_hash: str | None


@dataclass(frozen=True)
class Anchor:
    written_at: datetime
    heads: dict[str, ChainHead]
    keyed: bool
    source: Path


class AnchorUnreadable(Exception):
    """The file is not an anchor, or its HMAC does not match: it was altered or not ours."""


def chain_heads(connection: Connection) -> dict[str, ChainHead]:
    heads = {}
    for name, (table, _hashed) in LEDGERS.items():
        count = connection.execute(select(func.count()).select_from(table)).scalar_one()
        last = connection.execute(
            select(table.c.id, table.c.row_hash).order_by(table.c.id.desc()).limit(1)
        ).first()
        heads[name] = ChainHead(count, last[0] if last else None, last[1] if last else None)
    return heads


def _content(written_at: datetime, heads: dict[str, ChainHead]) -> dict:
    return {
        "format": FORMAT,
        "written_at": written_at.astimezone(UTC).isoformat(),
        "heads": {
            name: {"count": head.count, "last_id": head.last_id, "last_hash": head.last_hash}
            for name, head in sorted(heads.items())
        },
    }


def _mac(content: dict, key: bytes | None) -> str | None:
    if key is None:
        return None
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


def write_anchor(
    file: Path, heads: dict[str, ChainHead], *, key: bytes | None, now: datetime
) -> None:
    """Write the anchor whole or not at all: a temporary file, flushed, then renamed over."""
    content = _content(now, heads)
    document = {**content, "mac": _mac(content, key)}
    durable.write_whole(file, json.dumps(document, indent=1).encode("utf-8"))


def remove_partials(folder: Path) -> list[Path]:
    """Delete the half-written anchors a kill left in `folder` (the data folder's, a pending
    one, backups' sidecars). At start, holding the practice's lock: none is being written."""
    removed = []
    for pattern in (f"{ANCHOR_FILE}*{PARTIAL_SUFFIX}", f"*{SIDECAR_SUFFIX}{PARTIAL_SUFFIX}"):
        for leftover in folder.glob(pattern):
            with contextlib.suppress(OSError):  # gone already: never fatal
                leftover.unlink()
                removed.append(leftover)
    return removed


def read_anchor(file: Path, *, key: bytes | None) -> Anchor:
    """The anchor in `file`. Raises AnchorUnreadable if it is not one or its HMAC differs."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
        content = {name: document[name] for name in ("format", "written_at", "heads")}
        heads = {
            name: ChainHead(int(head["count"]), head["last_id"], head["last_hash"])
            for name, head in content["heads"].items()
        }
        written_at = datetime.fromisoformat(content["written_at"])
        mac = document.get("mac")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise AnchorUnreadable(f"{file.name} is not a readable anchor") from error
    if mac is not None:
        if key is None or not hmac.compare_digest(mac, _mac(content, key) or ""):
            raise AnchorUnreadable(
                f"{file.name} was altered, or not written with this practice's key"
            )
    elif key is not None:
        # A keyed practice writes only keyed anchors: an unkeyed one is no proof of anything.
        raise AnchorUnreadable(f"{file.name} carries no HMAC, though this practice has a key")
    return Anchor(written_at=written_at, heads=heads, keyed=mac is not None, source=file)


def sidecar_of(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + SIDECAR_SUFFIX)


def anchor_files(home: Path, backups: Path) -> list[Path]:
    """The data folder's anchor and every backup's sidecar that exist."""
    files = [home / ANCHOR_FILE]
    if backups.is_dir():
        files.extend(sorted(backups.glob(f"*{SIDECAR_SUFFIX}")))
    return [file for file in files if file.is_file()]


def differences(connection: Connection, anchor: Anchor) -> list[str]:
    """What the database lacks or changed since `anchor` was written, one sentence each."""
    problems = []
    now = chain_heads(connection)
    when = anchor.written_at.strftime("%Y-%m-%d %H:%M UTC")
    for name, was in anchor.heads.items():
        if name not in LEDGERS or was.last_id is None:
            continue
        one, many = ROW_WORDS[name]
        table = LEDGERS[name][0]
        is_ = now[name]
        recorded = connection.execute(
            select(table.c.row_hash).where(table.c.id == was.last_id)
        ).scalar_one_or_none()
        if is_.count < was.count:
            gone = was.count - is_.count
            what = f"the last {one} is" if gone == 1 else f"the last {gone} {many} are"
            problems.append(
                f"Anchor {anchor.source.name} of {when}: {what} gone "
                f"(the ledger had {was.count}, it has {is_.count})."
            )
        elif recorded is None:
            problems.append(
                f"Anchor {anchor.source.name} of {when}: {one} {was.last_id}, then the last, "
                "is gone and others stand in its place."
            )
        elif recorded != was.last_hash:
            problems.append(
                f"Anchor {anchor.source.name} of {when}: {one} {was.last_id} no longer has the "
                "hash it had; the ledger was rewritten."
            )
    return problems


def pending_anchor(home: Path) -> Path:
    return home / (ANCHOR_FILE + PENDING_SUFFIX)


def settle_pending(home: Path, engine: Engine, *, key: bytes | None) -> None:
    """A restore's pending anchor becomes the anchor if the file's ledgers agree with it
    (the restore's write went in), else it is dropped (it did not): after a kill on either
    side of that write, the anchor left describes the ledgers the file holds."""
    pending = pending_anchor(home)
    if not pending.is_file():
        return
    try:
        anchor = read_anchor(pending, key=key)
        with engine.connect() as connection:
            agrees = not differences(connection, anchor)
    except (AnchorUnreadable, OSError, SQLAlchemyError):
        agrees = False
    if agrees:
        os.replace(pending, home / ANCHOR_FILE)
    else:
        pending.unlink(missing_ok=True)


def heads_of_file(database: Path, *, key: bytes | None) -> dict[str, ChainHead]:
    """Where the ledgers of a database file (a backup) end, read without changing it."""
    engine = make_engine(database, key=key, for_writing=False)
    try:
        with engine.connect() as connection:
            return chain_heads(connection)
    finally:
        engine.dispose()


def set_aside_unkeyed(folder: Path) -> list[Path]:
    """Rename every backup's sidecar in `folder` to "*.unkeyed", out of check's sight.

    Before a plain practice is encrypted: from then on an unkeyed anchor reads as tampering,
    and a kill must not leave one where check looks. Returns every set-aside anchor there.
    """
    if not folder.is_dir():
        return []
    for sidecar in sorted(folder.glob(f"*{SIDECAR_SUFFIX}")):
        os.replace(sidecar, sidecar.with_name(sidecar.name + UNKEYED_SUFFIX))
    # With those an earlier, killed encryption set aside: this one signs them again.
    return sorted(folder.glob(f"*{SIDECAR_SUFFIX}{UNKEYED_SUFFIX}"))


def backup_of_unkeyed(aside: Path) -> Path:
    """ "x.sqlite3.anchor.json.unkeyed" -> "x.sqlite3": the backup it was written beside."""
    return aside.with_name(aside.name.removesuffix(SIDECAR_SUFFIX + UNKEYED_SUFFIX))


def sign_again(aside: Path, *, key: bytes, anchor_key: bytes) -> bool:
    """The set-aside anchor of an encrypted backup, keyed again if the backup agrees with it.

    The heads are read from the backup itself (under `key`): an intact backup ends where its
    old anchor said; then the anchor is written again, keyed, with its old time, and the
    unkeyed one goes. False (the unkeyed one kept aside) when they differ or either is
    unreadable: a backup that lost rows must not get an anchor that vouches for it.
    """
    try:
        old = read_anchor(aside, key=None)
        heads = heads_of_file(backup_of_unkeyed(aside), key=key)
    except (AnchorUnreadable, OSError, SQLAlchemyError):
        return False
    if heads != old.heads:
        return False
    sidecar = aside.with_name(aside.name.removesuffix(UNKEYED_SUFFIX))
    write_anchor(sidecar, heads, key=anchor_key, now=old.written_at)
    aside.unlink()
    return True
