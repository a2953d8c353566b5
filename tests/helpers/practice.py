"""Encrypted practices for tests: one passphrase, cheap argon2 work, copies of the template.

Every practice a test opens is encrypted, as every new practice is. The key is a raw 32-byte
SQLCipher key, so opening costs what it costs users; only argon2id's work (run when a
passphrase wraps or unwraps the key) is made cheap, by tests/conftest.py, so the suite does
not spend a third of a second per practice created.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app.paths import KEY_FILE_NAME, DataPaths
from app.persistence import cipher, keychain, keyfile
from app.persistence.store import Store
from app.services.unlocking import create_practice

PASSPHRASE = "lantern orchard seven rivers"
# RFC 9106's minimums are far above this; tests measure behaviour, not resistance to guessing.
FAST_COST = keyfile.KdfCost(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def new_practice(paths: DataPaths) -> Store:
    """A new encrypted practice, opened (its key in the test keyring)."""
    return create_practice(paths, PASSPHRASE)


def copy_template(template_database: Path, paths: DataPaths) -> DataPaths:
    """The migrated template's database and key file into `paths` (the same practice key)."""
    paths.home.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copyfile(template_database, paths.database)
    shutil.copyfile(template_database.with_name(KEY_FILE_NAME), paths.key_file)
    return paths


def practice_key(paths: DataPaths) -> bytes:
    """The key of a test practice, unwrapped from its key file with the test passphrase."""
    wrapped = keyfile.read(paths.key_file)
    assert wrapped is not None, f"no key file in {paths.home}"
    return keyfile.unwrap(wrapped, PASSPHRASE)


def stored_key(database: Path, key_of: DataPaths | None = None) -> bytes | None:
    """The key the test keyring holds for the practice of `database` (None: a plain file).

    The practice is the one whose key file is beside `database` (or one folder up, for a file
    in its backups folder), or `key_of` for a copy kept elsewhere.
    """
    if cipher.is_plain_sqlite(database):
        return None
    folders = (database.parent, database.parent.parent) if key_of is None else (key_of.home,)
    beside = [folder / KEY_FILE_NAME for folder in folders]
    found = next((file for file in beside if file.exists()), None)
    assert found is not None, f"no key file beside {database}"
    wrapped = keyfile.read(found)
    assert wrapped is not None
    key = keychain.load(wrapped.practice_id)
    assert key is not None, "the test keyring has no key for this practice"
    return key


def raw_connection(
    database: Path, *, read_only: bool = False, key_of: DataPaths | None = None
) -> cipher.Connection:
    """A DB-API connection to a test practice's file (or a backup beside its key file), keyed.

    What tests use where they once used stdlib sqlite3, which cannot read an encrypted file.
    """
    return cipher.connect(database, stored_key(database, key_of), read_only=read_only)


def everything_in(connection: cipher.Connection) -> str:
    """Every table's schema and rows as text (the driver has no iterdump), to search it."""
    parts = []
    for name, sql in connection.execute("SELECT name, sql FROM sqlite_master WHERE sql != ''"):
        parts.append(sql)
        if sql.startswith("CREATE TABLE"):
            parts.extend(repr(row) for row in connection.execute(f'SELECT * FROM "{name}"'))
    return "\n".join(parts)


def new_key_file(paths: DataPaths) -> bytes:
    """A fresh practice key, wrapped in `paths`' key file and kept in the test keyring.

    For tests that build a database by hand (an older schema) and then open it as the app does.
    """
    paths.home.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = keyfile.new_key()
    practice_id = keyfile.new_practice_id()
    keyfile.write(paths.key_file, keyfile.wrap(key, PASSPHRASE, practice_id=practice_id))
    assert keychain.save(practice_id, key)
    return key
