"""DESIGN.md section 4: a process killed at any moment leaves each use case whole or absent.

Every trial runs one write use case in a loop (or, for demo, once) in a child process, kills
it with SIGKILL after a seeded random delay, then opens the folder as the app would. The
outcome asserted is an invariant, never which side of a transaction the kill fell on: the
file passes `check`, and its data equals the reference run's state after some number of whole
steps (see tests/helpers/crash.py).
"""

from __future__ import annotations

import hashlib
import random
import zipfile

import pytest

from app.paths import DataPaths
from app.persistence import anchors, backup, cipher, keyfile
from app.persistence.errors import WrongPassphrase
from app.persistence.store import Store, anchor_key_of
from app.services import integrity
from tests.helpers import crash
from tests.helpers.practice import raw_connection, stored_key

# A real process is killed at a random moment, over and over: about 40 s in all.
pytestmark = pytest.mark.slow

TRIALS = {
    "demo": 5,
    "consent": 5,
    "optout": 5,
    "backup": 4,
    "notice": 4,
    "restore": 5,
    "restore-carried": 4,  # a backup exported by another practice, under its key
    "restore-plain": 4,  # a plain backup from before encryption, into the encrypted practice
    "encrypt": 5,
    "passphrase": 6,
    "access": 5,
}
# Kills spread over the whole run and a little after it, so some trials find it finished.
OVERSHOOT = 1.2


@pytest.fixture(scope="module")
def launcher(tmp_path_factory):
    with crash.Launcher(tmp_path_factory.mktemp("launcher") / "stderr.txt") as started:
        yield started


@pytest.fixture(scope="module")
def reference_of(tmp_path_factory, template_database):
    references: dict[str, crash.Reference] = {}

    def reference(name: str) -> crash.Reference:
        if name not in references:
            workdir = tmp_path_factory.mktemp(f"crash-{name}")
            references[name] = crash.build_reference(name, workdir, template_database)
        return references[name]

    return reference


def _delay(name: str, trial: int, seconds: float) -> float:
    # Stratified: trial k of n lands somewhere in the k-th slice of the run, chosen by seed.
    rng = random.Random(f"{name}-{trial}")
    slice_width = seconds * OVERSHOOT / TRIALS[name]
    return slice_width * (trial + rng.random())


def _differences(state: dict[str, str], reference: crash.Reference) -> str:
    nearest = min(
        range(len(reference.states)),
        key=lambda index: sum(state[t] != reference.states[index].get(t) for t in state),
    )
    tables = sorted(t for t in state if state[t] != reference.states[nearest].get(t))
    return f"closest to the state after {nearest} step(s), but tables differ: {tables}"


@pytest.mark.parametrize(
    ("name", "trial"), [(name, trial) for name, count in TRIALS.items() for trial in range(count)]
)
def test_a_killed_writer_leaves_every_use_case_whole_or_absent(
    name, trial, reference_of, launcher, tmp_path
):
    reference = reference_of(name)
    paths = crash.copy_practice(reference.prepared, DataPaths(tmp_path / "practice"))

    launcher.trial(name, paths, _delay(name, trial, reference.seconds))

    with Store.open(paths) as store:
        report = integrity.check(store)
    assert report.ok, report.problems
    assert crash.search_index_problems(paths.database) is None
    state = crash.table_digests(paths.database)
    assert state in reference.states, _differences(state, reference)
    EXTRA_CHECKS.get(name, lambda _paths, _state: None)(paths, state)


def _demo_is_all_or_nothing(paths: DataPaths, _state) -> None:
    connection = raw_connection(paths.database)
    try:
        clients = connection.execute("SELECT count(*) FROM client").fetchone()[0]
        indexed = connection.execute("SELECT count(*) FROM client_search_content").fetchone()[0]
        events = connection.execute("SELECT count(*) FROM consent_event").fetchone()[0]
    finally:
        connection.close()
    assert clients in (0, crash.DEMO_CLIENTS)
    assert indexed == clients
    assert (events == 0) == (clients == 0)


def _evidence_is_on_disk_whole(paths: DataPaths, _state) -> None:
    connection = raw_connection(paths.database)
    try:
        files = connection.execute(
            "SELECT DISTINCT evidence_file, evidence_sha256 FROM consent_event "
            "WHERE evidence_file != ''"
        ).fetchall()
    finally:
        connection.close()
    for name, digest in files:
        stored = paths.evidence / name
        assert stored.is_file(), name
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest


def _backups_are_absent_or_complete(paths: DataPaths, state) -> None:
    made = sorted(paths.backups.glob("trial-*"))
    for file in made:
        # A sidecar being renamed into place when the kill came was removed at the open above.
        if file.name.endswith(anchors.SIDECAR_SUFFIX):
            # Written after its backup is whole, by rename: never beside a missing copy.
            assert file.with_name(file.name.removesuffix(anchors.SIDECAR_SUFFIX)).is_file()
            anchors.read_anchor(file, key=anchor_key_of(stored_key(paths.database)))
            continue
        assert file.suffix == ".sqlite3", file.name
        connection = raw_connection(file, read_only=True)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            connection.close()
        assert crash.table_digests(file) == state, f"{file.name} differs from the practice"


def _encrypted_whole_or_still_plain(paths: DataPaths, _state) -> None:
    """Opened after the kill, the practice is one file, plain or encrypted, and no second
    copy of it (the plain original, an unfinished encrypted copy) is left beside it."""
    leftovers = [
        file.name
        for file in paths.home.iterdir()
        if file.name.startswith(paths.database.name)
        and file.name.removeprefix(paths.database.name) not in ("", "-wal", "-shm")
    ]
    assert leftovers == []
    if not cipher.is_plain_sqlite(paths.database):
        assert paths.key_file.exists()  # an encrypted practice always has its key on record
    # The backup's anchor is where check reads it only once keyed (else set aside, unread).
    for sidecar in paths.backups.glob(f"*{anchors.SIDECAR_SUFFIX}"):
        anchors.read_anchor(sidecar, key=anchor_key_of(stored_key(paths.database)))


def _no_half_copy_survives_the_next_start(paths: DataPaths, _state) -> None:
    """A kill mid-restore leaves its staged copy; opening the practice (above) removed it."""
    assert sorted(paths.home.rglob(f"*.sqlite3{backup.PARTIAL_SUFFIX}*")) == []
    for copy in paths.backups.glob("pre-restore-*"):  # the data it replaced, complete
        connection = raw_connection(copy, read_only=True)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            connection.close()


def _one_passphrase_opens_it_and_the_audit_log_agrees(paths: DataPaths, _state) -> None:
    """The key file is the old one or the new one, whole, never neither: it opens with the
    passphrase of the last audited change, or of the change after it (killed between the
    key file's rename and its audit entry's commit), and unwraps the practice's own key."""
    connection = raw_connection(paths.database)
    try:
        changes = connection.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'change_passphrase'"
        ).fetchone()[0]
    finally:
        connection.close()
    assert not keyfile.partial_of(paths.key_file).exists()  # swept when the store opened
    wrapped = keyfile.read(paths.key_file)
    opened = []
    for passphrase in (crash.passphrase_in_force(changes), crash.passphrase_in_force(changes + 1)):
        try:
            opened.append(keyfile.unwrap(wrapped, passphrase))
        except WrongPassphrase:
            continue
    assert opened == [stored_key(paths.database)], f"after {changes} audited changes"


def _access_packages_are_whole(paths: DataPaths, _state) -> None:
    """A zip under its name is whole (a kill leaves at most a hidden temporary file), and
    every package recorded as generated is there."""
    connection = raw_connection(paths.database)
    try:
        recorded = {
            row[0]
            for row in connection.execute(
                "SELECT sha256 FROM generated_document WHERE kind = 'access_package'"
            )
        }
    finally:
        connection.close()
    folder = paths.home / "exports"
    written = {}
    for file in folder.glob("*.zip"):
        with zipfile.ZipFile(file) as archive:
            assert archive.testzip() is None, file.name
        written[hashlib.sha256(file.read_bytes()).hexdigest()] = file.name
    assert recorded <= set(written), "a package recorded as generated is not on disk"
    # Written, then the kill before its record committed: whole, and at most the one.
    assert len(set(written) - recorded) <= 1


EXTRA_CHECKS = {
    "access": _access_packages_are_whole,
    "passphrase": _one_passphrase_opens_it_and_the_audit_log_agrees,
    "restore": _no_half_copy_survives_the_next_start,
    "restore-carried": _no_half_copy_survives_the_next_start,
    "restore-plain": _no_half_copy_survives_the_next_start,
    "demo": _demo_is_all_or_nothing,
    "consent": _evidence_is_on_disk_whole,
    "backup": _backups_are_absent_or_complete,
    "encrypt": _encrypted_whole_or_still_plain,
}


def test_the_reference_runs_are_repeatable(reference_of, tmp_path_factory, template_database):
    """The premise of the trials: the same steps give the same data, to the byte."""
    first = reference_of("optout")
    again = crash.build_reference("optout", tmp_path_factory.mktemp("again"), template_database)
    assert again.states == first.states
    assert len(set(map(str, first.states))) == len(first.states)  # every step changes data
