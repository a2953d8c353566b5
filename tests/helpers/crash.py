"""Write use cases run in a child process that is killed with SIGKILL, and what to compare after.

A scenario is a fixed list of steps, each one use case (one transaction), with every clock and
random choice pinned, so a run is repeatable to the byte. The parent runs the scenario once
in-process on a copy ("the reference") and records a digest of every table after each step;
a killed child's database must then equal one of those states: each use case happened
entirely or not at all.

    python -m tests.helpers.crash       # the launcher: reads trials on stdin (see Launcher)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.domain.enums import Channel, ConsentState, OptOutScope
from app.paths import DataPaths
from app.persistence import cipher
from app.persistence.store import Store
from app.services.backups import backup_now
from app.services.consents import record_consent_answers
from app.services.demo import DemoSettings, fill_demo
from app.services.encryption import encrypt_practice
from app.services.notices import publish_notice
from app.services.optouts import log_optout
from app.services.practice import update_practice
from tests.helpers.practice import FAST_COST, PASSPHRASE, copy_template, raw_connection

ROOT = Path(__file__).resolve().parents[2]
ACTOR = "crash-test"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
DEMO_CLIENTS = 1500  # big enough that a kill lands inside the one transaction most times
BACKUPS = 12

Step = Callable[[Store], object]


# --- scenarios ------------------------------------------------------------------------------


def _client_refs(store: Store, count: int) -> list[str]:
    with store.reader.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT ref FROM client WHERE status = 'active' ORDER BY id LIMIT ?", (count,)
        )
        return [row[0] for row in rows]


def _sharing_ids(store: Store) -> list[int]:
    with store.reader.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("SELECT id FROM sharing ORDER BY id")]


def _small_demo(store: Store) -> None:
    fill_demo(store, DemoSettings(clients=60, seed=7), actor=ACTOR, now=NOW)


def demo_steps(store: Store) -> Iterator[Step]:
    yield lambda s: fill_demo(s, DemoSettings(clients=DEMO_CLIENTS, seed=5), actor=ACTOR, now=NOW)


def _small_demo_and_new_clients(store: Store) -> None:
    """New clients have no answers yet: any form of theirs may say yes or no to anything."""
    import random

    from app.services.clients import add_client
    from app.services.rows import ClientDraft

    _small_demo(store)
    for number in range(40):
        add_client(
            store,
            ClientDraft(given_name=f"New{number}", family_name="Client", email=""),
            actor=ACTOR,
            now=NOW,
            random_int=random.Random(number).randrange,
        )


def consent_steps(store: Store) -> Iterator[Step]:
    """Signed forms, one answer per sharing each; every third with a scanned form as evidence.

    For the new clients: a "no" to a vendor that has a client's consent is an opt-out, not a
    form (the service refuses it), and the demo's clients have consents on record.
    """
    with store.reader.connect() as connection:
        newest = connection.exec_driver_sql("SELECT ref FROM client ORDER BY id DESC LIMIT 40")
        refs = [row[0] for row in newest][::-1]
    sharings = _sharing_ids(store)
    states = (ConsentState.GIVEN, ConsentState.REFUSED, ConsentState.WITHDRAWN)
    scans = store.paths.home / "scans"
    for number in range(60):
        answers = {
            sharing: states[(number + position) % 3] for position, sharing in enumerate(sharings)
        }
        evidence = None
        if number % 3 == 0:
            scans.mkdir(exist_ok=True)
            evidence = scans / f"form-{number}.pdf"
            evidence.write_bytes(f"%PDF-1.4 scanned form {number}\n".encode() * 2000)

        def step(s: Store, number=number, answers=answers, evidence=evidence) -> None:
            record_consent_answers(
                s,
                refs[number % len(refs)],
                answers,
                channel=Channel.PAPER_IN_PERSON,
                occurred_at=NOW - timedelta(minutes=number),
                actor=ACTOR,
                note=f"form {number}",
                evidence=evidence,
                now=NOW,
            )

        yield step


def optout_steps(store: Store) -> Iterator[Step]:
    """Opt-outs by every channel, for all sharings or marketing only; some callers unmatched."""
    refs = _client_refs(store, 40)
    channels = (Channel.PHONE, Channel.POST, Channel.EMAIL, Channel.ONLINE)
    for number, ref in enumerate(refs):
        unmatched = number % 7 == 6

        def step(s: Store, number=number, ref=ref, unmatched=unmatched) -> None:
            log_optout(
                s,
                client_ref=None if unmatched else ref,
                caller_details=f"caller {number}, 07700 900{number:03d}" if unmatched else "",
                channel=channels[number % len(channels)],
                scope=OptOutScope.MARKETING if number % 3 == 2 else OptOutScope.ALL,
                received_at=NOW - timedelta(hours=number),
                note=f"opt-out {number}",
                actor=ACTOR,
                now=NOW,
            )

        yield step


def backup_steps(store: Store) -> Iterator[Step]:
    for number in range(BACKUPS):
        yield lambda s, number=number: backup_now(
            s, s.paths.backups / f"trial-{number:03d}.sqlite3", now=NOW
        )


def notice_steps(store: Store) -> Iterator[Step]:
    """A profile change, then a new notice version publishing it, again and again."""
    for number in range(40):
        yield lambda s, number=number: update_practice(
            s, {"privacy_contact": f"Privacy lead no. {number}"}, actor=ACTOR, now=NOW
        )
        yield lambda s, number=number: publish_notice(
            s,
            f"The privacy contact changed ({number}).",
            effective=date(2026, 12, 1),
            actor=ACTOR,
            now=NOW,
        )


def _plain_practice_with_a_backup(store: Store) -> None:
    """Its backup's unkeyed anchor is set aside, then signed again, around the encryption."""
    _demo_of(store, 3000)
    backup_now(store, now=NOW)


def encrypt_steps(store: Store) -> Iterator[Step]:
    """A practice kept in a plain file encrypted in place (issue 12): one use case."""
    # argon2's work at the tests' cost here too: the child has no conftest to lower it.
    yield lambda s: encrypt_practice(s, PASSPHRASE, cost=FAST_COST)


RESTORES = 10


def _practice_with_two_backups(store: Store) -> None:
    """Two backups of different days in the folder, and the data changed again since."""
    from app.services.clients import add_client
    from app.services.rows import ClientDraft

    _demo_of(store, 1500)
    sources = store.paths.home / "sources"
    sources.mkdir()
    backup_now(store, sources / "monday.sqlite3", now=NOW)
    for name in ("Tuesday", "Wednesday"):
        add_client(store, ClientDraft(name, "Client"), actor=ACTOR, now=NOW)
        backup_now(store, sources / f"{name.lower()}.sqlite3", now=NOW)


def restore_steps(store: Store) -> Iterator[Step]:
    from app.services.backups import restore

    for number in range(RESTORES):
        day = ("monday", "tuesday")[number % 2]
        yield lambda s, day=day: restore(s, s.paths.home / "sources" / f"{day}.sqlite3", now=NOW)


OTHER_PASSPHRASE = "copper kettle north window"


def _practice_with_a_carried_backup(store: Store) -> None:
    """A backup another practice (another key) exported for this computer, and one of its own."""
    from app.services.backups import export_for_another_computer
    from app.services.unlocking import create_practice

    _demo_of(store, 1000)
    sources = store.paths.home / "sources"
    sources.mkdir()
    backup_now(store, sources / "own.sqlite3", now=NOW)
    other = DataPaths(store.paths.home / "other-practice")
    with create_practice(other, OTHER_PASSPHRASE, cost=FAST_COST) as old_laptop:
        fill_demo(old_laptop, DemoSettings(clients=1000, seed=23), actor=ACTOR, now=NOW)
        export_for_another_computer(old_laptop, sources / "moving.sqlite3", now=NOW)
    shutil.rmtree(other.home)  # only the two carried files are on this computer


def carried_restore_steps(store: Store) -> Iterator[Step]:
    """The carried backup (decrypted with its practice's key, kept under this one's), then
    this practice's own, by turns: each restore changes the data."""
    from app.services.backups import restore

    sources = store.paths.home / "sources"
    for number in range(RESTORES):
        if number % 2 == 0:
            yield lambda s: restore(
                s, sources / "moving.sqlite3", passphrase=OTHER_PASSPHRASE, now=NOW
            )
        else:
            yield lambda s: restore(s, sources / "own.sqlite3", now=NOW)


def _practice_with_an_old_plain_backup(store: Store) -> None:
    """A plain backup from before the practice was encrypted, and a newer encrypted one."""
    from app.services.clients import add_client
    from app.services.rows import ClientDraft

    _demo_of(store, 1000)
    sources = store.paths.home / "sources"
    sources.mkdir()
    source = raw_connection(store.paths.database)
    try:
        cipher.export(source, sources / "old-plain.sqlite3", None)
    finally:
        source.close()
    add_client(store, ClientDraft("Since", "Encrypting"), actor=ACTOR, now=NOW)
    backup_now(store, sources / "encrypted.sqlite3", now=NOW)


def plain_restore_steps(store: Store) -> Iterator[Step]:
    from app.services.backups import restore

    sources = store.paths.home / "sources"
    for number in range(RESTORES):
        name = ("old-plain", "encrypted")[number % 2]
        yield lambda s, name=name: restore(s, sources / f"{name}.sqlite3", now=NOW)


PASSPHRASE_CHANGES = 16
NEW_PASSPHRASE = "copper kettle under the bridge"


def passphrase_in_force(changes: int) -> str:
    """The recovery passphrase after `changes` changes: they swap the test one and another."""
    return (PASSPHRASE, NEW_PASSPHRASE)[changes % 2]


def passphrase_steps(store: Store) -> Iterator[Step]:
    """The recovery passphrase changed to and fro (issue 12), the key file replaced each time."""
    from app.services.recovery import change_passphrase

    for number in range(PASSPHRASE_CHANGES):
        old, new = passphrase_in_force(number), passphrase_in_force(number + 1)
        yield lambda s, old=old, new=new: change_passphrase(
            s, new, new, old=old, actor=ACTOR, now=NOW, cost=FAST_COST
        )


ACCESS_PACKAGES = 12


def access_steps(store: Store) -> Iterator[Step]:
    """Clients' access packages (issue 13), each a zip written whole and then recorded; pinned
    clock and invariant PDFs, so every run writes the same bytes."""
    from app.services.access_export import export_access_package

    folder = store.paths.home / "exports"
    folder.mkdir(exist_ok=True)
    for ref in _client_refs(store, ACCESS_PACKAGES):
        yield lambda s, ref=ref: export_access_package(
            s, ref, save_to=folder / f"{ref}.zip", now=NOW, invariant=True
        )


@dataclass(frozen=True)
class Scenario:
    prepare: Callable[[Store], None] | None
    steps: Callable[[Store], Iterator[Step]]
    plain: bool = False  # the practice starts as a plain file (from before encryption)


SCENARIOS = {
    "demo": Scenario(prepare=None, steps=demo_steps),
    "consent": Scenario(prepare=_small_demo_and_new_clients, steps=consent_steps),
    "optout": Scenario(prepare=_small_demo, steps=optout_steps),
    "backup": Scenario(prepare=lambda s: _demo_of(s, 2000), steps=backup_steps),
    "notice": Scenario(prepare=_small_demo, steps=notice_steps),
    "encrypt": Scenario(prepare=_plain_practice_with_a_backup, steps=encrypt_steps, plain=True),
    "restore": Scenario(prepare=_practice_with_two_backups, steps=restore_steps),
    "restore-carried": Scenario(
        prepare=_practice_with_a_carried_backup, steps=carried_restore_steps
    ),
    "restore-plain": Scenario(
        prepare=_practice_with_an_old_plain_backup, steps=plain_restore_steps
    ),
    "passphrase": Scenario(prepare=None, steps=passphrase_steps),
    "access": Scenario(prepare=_small_demo, steps=access_steps),
}


def _demo_of(store: Store, clients: int) -> None:
    fill_demo(store, DemoSettings(clients=clients, seed=11), actor=ACTOR, now=NOW)


def run_scenario(name: str, store: Store, after_step: Callable[[], None] = lambda: None) -> None:
    for step in SCENARIOS[name].steps(store):
        step(store)
        after_step()


# --- the database compared as data ------------------------------------------------------------

# FTS5 keeps its index in shadow tables whose bytes depend on merge history; the content and
# per-row sizes are compared, the index itself is checked with FTS5's own integrity-check.
_FTS_INTERNALS = ("client_search_data", "client_search_idx", "client_search_config")


def table_digests(database: Path) -> dict[str, str]:
    """A digest of every table's rows (order ignored), for comparing two databases as data."""
    connection = raw_connection(database)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
            if row[0] not in _FTS_INTERNALS
        ]
        digests = {}
        for table in tables:
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return digests
    finally:
        connection.close()


def search_index_problems(database: Path) -> str | None:
    connection = raw_connection(database)
    try:
        connection.execute("INSERT INTO client_search(client_search) VALUES ('integrity-check')")
        return None
    except cipher.DatabaseError as error:
        return str(error)
    finally:
        connection.close()


def copy_practice(source: DataPaths, target: DataPaths) -> DataPaths:
    """A closed practice's folder copied (database and any WAL) for one trial."""
    shutil.copytree(source.home, target.home)
    return target


@dataclass(frozen=True)
class Reference:
    """The states a scenario passes through, and how long its steps take in this process."""

    prepared: DataPaths
    states: list[dict[str, str]]
    seconds: float


def build_reference(name: str, workdir: Path, template: Path) -> Reference:
    scenario = SCENARIOS[name]
    prepared = DataPaths(workdir / f"{name}-prepared")
    if scenario.plain:
        prepared.home.mkdir(parents=True, mode=0o700)
        with raw_connection(template) as source:
            cipher.export(source, prepared.database, None)
    else:
        copy_template(template, prepared)
    with Store.open(prepared) as store:
        if scenario.prepare is not None:
            scenario.prepare(store)
    reference = copy_practice(prepared, DataPaths(workdir / f"{name}-reference"))
    states = [table_digests(reference.database)]
    with Store.open(reference) as store:
        started = time.perf_counter()
        elapsed = 0.0

        def record() -> None:
            nonlocal elapsed, started
            elapsed += time.perf_counter() - started
            states.append(table_digests(reference.database))
            started = time.perf_counter()

        run_scenario(name, store, record)
    return Reference(prepared=prepared, states=states, seconds=elapsed)


# --- the child and its killing ----------------------------------------------------------------
#
# Starting Python and importing the app takes about a second, longer than most use cases run.
# So one "launcher" process imports everything once, and for each trial forks a fresh child
# that opens the store, runs the scenario and is killed by the launcher (its parent, so the
# pid cannot have been reused by another process when the signal is sent).


@dataclass(frozen=True)
class Trial:
    killed: bool  # False when the child finished every step before the kill came
    exit_status: int


class Launcher:
    """The launcher process; `trial()` runs one scenario in a fresh child and kills it."""

    def __init__(self, log_file: Path) -> None:
        self._log_file = log_file
        self._errors = log_file.open("w")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.crash"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self._expect("launcher ready")

    def _expect(self, prefix: str) -> str:
        line = self._process.stdout.readline().strip()
        if not line.startswith(prefix):
            raise AssertionError(
                f"launcher said {line!r}; its stderr: {self._log_file.read_text()}"
            )
        return line[len(prefix) :].strip()

    def trial(self, name: str, paths: DataPaths, delay: float) -> Trial:
        """Start `name` on `paths`; SIGKILL it `delay` seconds after its store is open."""
        self._process.stdin.write(json.dumps([name, str(paths.home), delay]) + "\n")
        self._process.stdin.flush()
        outcome = json.loads(self._expect("trial"))
        if outcome["status"] not in (0, -signal.SIGKILL):
            raise AssertionError(f"the child failed: {self._log_file.read_text()}")
        return Trial(killed=outcome["killed"], exit_status=outcome["status"])

    def close(self) -> None:
        self._process.stdin.close()
        try:
            self._process.wait(30)
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            self._process.stdout.close()
            self._errors.close()

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _run_child(name: str, home: str, ready: int) -> int:
    try:
        with Store.open(DataPaths(Path(home))) as store:
            os.write(ready, b"r")
            run_scenario(name, store)
        return 0
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        return 1


def _one_trial(name: str, home: str, delay: float) -> dict:
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: no cleanup of the launcher's state, just the scenario
        os.close(reader)
        os._exit(_run_child(name, home, writer))
    os.close(writer)
    started = os.read(reader, 1)
    os.close(reader)
    if started:
        time.sleep(delay)
    finished, status = os.waitpid(pid, os.WNOHANG)
    killed = finished == 0
    if killed:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return {"killed": killed, "status": os.waitstatus_to_exitcode(status)}


def _launcher() -> int:
    print("launcher ready", flush=True)
    for line in sys.stdin:
        name, home, delay = json.loads(line)
        print("trial", json.dumps(_one_trial(name, home, delay)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(_launcher())
