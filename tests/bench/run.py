"""The budgets of DESIGN.md section 8, each measured beside a baseline from the same run.

    python tests/bench/run.py            # 50,000 clients; exits 1 when a budget is missed
    python tests/bench/run.py --quick    # small sizes, so the script never rots (make test)

Prints a table and writes tests/bench/results.json. The practice is built with `demo` and
cached in tests/bench/cache/ between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))  # import_case.py: the import of a made-up phone export
# The practice is encrypted, as every new one is; its key is kept by the tests' stand-in
# keyring (a file in the bench cache: demo data only), so the window started with --smoke
# finds it as it would find the desktop keyring's.
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.helpers.memory_keyring.MemoryKeyring"
os.environ["PRIVACY_DESK_TEST_KEYRING"] = str(HERE / "cache" / "keyring.json")

from import_case import measure_import  # noqa: E402

from app.domain.enums import Channel, ConsentState, OptOutScope  # noqa: E402
from app.paths import DataPaths  # noqa: E402
from app.persistence import backup, cipher, keychain, keyfile, migrator  # noqa: E402
from app.persistence.store import Store  # noqa: E402
from app.services import clients, integrity, optouts  # noqa: E402
from app.services.consents import record_consent_answers  # noqa: E402
from app.services.demo import DemoSettings, fill_demo  # noqa: E402
from app.services.rows import ClientDraft  # noqa: E402
from app.services.unlocking import create_practice  # noqa: E402

BENCH_PASSPHRASE = "bench lantern orchard rivers"

# What a coach types, keystroke by keystroke, while looking for someone.
KEYSTROKES = (
    "s",
    "sm",
    "smi",
    "smit",
    "smith",
    "王",
    "王伟",
    "79",
    "794",
    "7946",
    "+44 7723",
    "son",
)

BARE_WINDOW = textwrap.dedent(
    """
    import json, sys, time
    started = time.perf_counter()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    table = QTableView()
    table.setModel(QStandardItemModel(200, 5))
    window.setCentralWidget(table)
    class Painted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                print(json.dumps({"shown_s": round(time.perf_counter() - started, 3)}))
                app.exit(0)
            return False
    watcher = Painted()
    table.viewport().installEventFilter(watcher)
    QTimer.singleShot(10000, lambda: app.exit(2))
    window.show()
    sys.exit(app.exec())
    """
)


@dataclass
class Result:
    name: str
    value: float
    unit: str
    budget: float | None
    baseline: float | None
    ratio: float | None
    ok: bool


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def practice(size: int) -> tuple[DataPaths, float | None]:
    """A cached demo practice of `size` clients; returns it and the build time if built now.

    The cache is rebuilt when the schema or the demo's code changes.
    """
    fingerprint = f"{migrator.head_revision()}-{_demo_fingerprint()}"
    paths = DataPaths(HERE / "cache" / f"practice-{size}-{fingerprint}-sqlcipher")
    if paths.database.exists() and _key(paths) is not None:
        return paths, None
    if paths.home.exists():  # its key is gone with the keyring file: build it again
        import shutil

        shutil.rmtree(paths.home)
    started = time.perf_counter()
    with create_practice(paths, BENCH_PASSPHRASE) as store:
        fill_demo(store, DemoSettings(clients=size, seed=1), actor="bench")
    return paths, time.perf_counter() - started


def _demo_fingerprint() -> str:
    """The demo's code and content: a cached practice is rebuilt when either changes."""
    services = ROOT / "app" / "services"
    sources = [services / name for name in ("demo.py", "demo_optouts.py", "demo_catalogue.py")]
    sources += sorted((ROOT / "resources" / "demo").glob("*.json"))
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:8]


def result(name, value, unit, budget=None, baseline=None, *, ratio_budget=None) -> Result:
    ratio = round(value / baseline, 2) if baseline else None
    ok = (budget is None or value <= budget) and (
        ratio_budget is None or ratio is None or ratio <= ratio_budget
    )
    return Result(name, round(value, 4), unit, budget, baseline and round(baseline, 4), ratio, ok)


def measure_search(paths: DataPaths, runs: int) -> list[Result]:
    with Store.open(paths) as store:
        per_keystroke = [
            median_seconds(lambda typed=typed: clients.find_clients(store, typed), runs)
            for typed in KEYSTROKES
        ]
        with store.engine.connect() as connection:
            from sqlalchemy import text

            plain = text("SELECT id, ref FROM client ORDER BY sort_key, id LIMIT 200")
            baseline = median_seconds(lambda: connection.execute(plain).all(), runs)
        check_time = median_seconds(lambda: integrity.check(store), 1)
    worst = max(per_keystroke) * 1000
    return [
        result(
            "client search, worst keystroke (first 200 rows)", worst, "ms", 20.0, baseline * 1000
        ),
        result(
            "client search, median keystroke",
            statistics.median(per_keystroke) * 1000,
            "ms",
            20.0,
            baseline * 1000,
        ),
        result("check (integrity, keys, ledger chains)", check_time, "s"),
    ]


OPT_OUTS = 20
HISTORY_EVENTS = 200


def _key(paths: DataPaths) -> bytes | None:
    wrapped = keyfile.read(paths.key_file)
    return None if wrapped is None else keychain.load(wrapped.practice_id)


def _scratch_copy(paths: DataPaths, folder: Path, name: str = "practice") -> DataPaths:
    """The cached practice copied (SQLite's backup API), so measured writes never change it."""
    copy = DataPaths(folder / name)
    copy.home.mkdir(mode=0o700)
    backup.backup_file(paths.database, copy.database, _key(paths))
    copy.key_file.write_bytes(paths.key_file.read_bytes())
    return copy


def _plain_copy(paths: DataPaths, folder: Path) -> DataPaths:
    """The same practice, decrypted (sqlcipher_export): what it costs without encryption."""
    copy = DataPaths(folder / "plain")
    copy.home.mkdir(mode=0o700)
    source = cipher.connect(paths.database, _key(paths), read_only=True)
    try:
        cipher.export(source, copy.database, None)
    finally:
        source.close()
    return copy


def measure_encryption(paths: DataPaths, runs: int) -> list[Result]:
    """Opening, searching and logging an opt-out, encrypted beside the same practice plain.

    Opening includes finding the key in the keyring (what a start does); the search is the
    median over the keystrokes; each opt-out is logged on its own client in both copies.
    """
    now = datetime.now(UTC)
    measured: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="privacy-desk-bench-") as folder:
        copies = {
            "encrypted": _scratch_copy(paths, Path(folder), "encrypted"),
            "plain": _plain_copy(paths, Path(folder)),
        }
        for label, copy in copies.items():
            opening = median_seconds(lambda copy=copy: Store.open(copy).close(), runs)
            with Store.open(copy) as store:
                assert store.encrypted == (label == "encrypted")
                per_keystroke = [
                    median_seconds(lambda typed=typed: clients.find_clients(store, typed), runs)
                    for typed in KEYSTROKES
                ]
                refs = [row.ref for row in clients.find_clients(store, "", limit=OPT_OUTS)]
                logging = []
                for number, ref in enumerate(refs):
                    started = time.perf_counter()
                    optouts.log_optout(
                        store,
                        client_ref=ref,
                        channel=Channel.PHONE,
                        scope=OptOutScope.ALL,
                        received_at=now - timedelta(minutes=number),
                        actor="bench",
                        now=now,
                    )
                    logging.append(time.perf_counter() - started)
            measured[label] = {
                "open": opening,
                "search": statistics.median(per_keystroke),
                "worst": max(per_keystroke),
                "optout": statistics.median(logging),
            }
    encrypted, plain = measured["encrypted"], measured["plain"]
    return [
        result(
            "encrypted: opening the practice (vs plain)",
            encrypted["open"] * 1000,
            "ms",
            None,
            plain["open"] * 1000,
        ),
        result(
            "encrypted: search, median keystroke (vs plain)",
            encrypted["search"] * 1000,
            "ms",
            20.0,
            plain["search"] * 1000,
        ),
        result(
            "encrypted: search, worst keystroke (vs plain)",
            encrypted["worst"] * 1000,
            "ms",
            20.0,
            plain["worst"] * 1000,
        ),
        result(
            "encrypted: logging an opt-out (vs plain)",
            encrypted["optout"] * 1000,
            "ms",
            50.0,
            plain["optout"] * 1000,
        ),
    ]


def _client_with_history(store: Store, events: int, now: datetime) -> str:
    """A new client whose consent history has exactly `events` events, recorded form by form."""
    ref = clients.add_client(store, ClientDraft("Long", "History"), actor="bench", now=now).ref
    with store.reader.connect() as connection:
        sharings = [row[0] for row in connection.exec_driver_sql("SELECT id FROM sharing")]
    states = (ConsentState.GIVEN, ConsentState.WITHDRAWN, ConsentState.REFUSED)
    recorded = 0
    for form in range(events):
        answers = {
            sharing: states[(form + i) % 3]
            for i, sharing in enumerate(sharings[: events - recorded])
        }
        record_consent_answers(
            store,
            ref,
            answers,
            channel=Channel.PAPER_IN_PERSON,
            # Each form older than the last (paper typed in late): a later "no" to a given
            # consent would be an opt-out, which the consent service refuses.
            occurred_at=now - timedelta(days=form + 1),
            actor="bench",
            now=now,
        )
        recorded += len(answers)
        if recorded >= events:
            return ref
    raise AssertionError("the practice has no sharings")


def measure_writes(paths: DataPaths, runs: int) -> list[Result]:
    """Logging an opt-out, and opening a client with a long consent history, on a copy."""
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="privacy-desk-bench-") as folder:
        copy = _scratch_copy(paths, Path(folder))
        with Store.open(copy) as store:
            with store.reader.connect() as connection:
                refs = [
                    row[0]
                    for row in connection.exec_driver_sql(
                        "SELECT ref FROM client WHERE status = 'active' ORDER BY id DESC LIMIT ?",
                        (OPT_OUTS,),
                    )
                ]
            logging = []
            for number, ref in enumerate(refs):
                started = time.perf_counter()
                optouts.log_optout(
                    store,
                    client_ref=ref,
                    channel=Channel.PHONE,
                    scope=OptOutScope.ALL if number % 2 else OptOutScope.MARKETING,
                    received_at=now - timedelta(minutes=number),
                    actor="bench",
                    now=now,
                )
                logging.append(time.perf_counter() - started)
            with store.engine.connect() as connection:
                connection.exec_driver_sql("CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, x)")
                connection.commit()

                def plain_insert() -> None:
                    connection.exec_driver_sql("INSERT INTO bench_scratch (x) VALUES ('x')")
                    connection.commit()

                insert_baseline = median_seconds(plain_insert, OPT_OUTS)

            ref = _client_with_history(store, HISTORY_EVENTS, now)
            opening = median_seconds(lambda: clients.get_client(store, ref), runs)
            with store.reader.connect() as connection:
                client_id = connection.exec_driver_sql(
                    "SELECT id FROM client WHERE ref = ?", (ref,)
                ).scalar_one()
                select = "SELECT * FROM consent_event WHERE client_id = ?"
                assert len(connection.exec_driver_sql(select, (client_id,)).all()) == 200
                select_baseline = median_seconds(
                    lambda: connection.exec_driver_sql(select, (client_id,)).all(), runs
                )
    return [
        result(
            "logging an opt-out (service time)",
            statistics.median(logging) * 1000,
            "ms",
            50.0,
            insert_baseline * 1000,
        ),
        result(
            f"opening a client with {HISTORY_EVENTS} consent events",
            opening * 1000,
            "ms",
            100.0,
            select_baseline * 1000,
        ),
    ]


def _launch(command: list[str]) -> dict:
    completed = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=60, cwd=ROOT
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure_list_view(paths: DataPaths, runs: int) -> list[Result]:
    """Keystroke to an updated client list: the Clients page's own table, re-queried on the
    database worker and repainted with its column fitting, as when the coach types in its
    search box. The clock runs from the keystroke until the new rows are painted."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QWidget

    from app.ui.actions import ActionRegistry
    from app.ui.context import AppContext
    from app.ui.pages.clients import ClientsPage
    from app.ui.worker import DatabaseWorker

    app = QApplication.instance() or QApplication([])
    with Store.open(paths) as store:
        worker = DatabaseWorker()
        context = AppContext(store, worker, actor="bench", log_file=paths.logs / "bench.log")
        host = QWidget()
        page = ClientsPage(context, ActionRegistry(host))
        page.resize(1280, 760)

        def settle() -> None:
            """Until the rows are in: idle in an event loop, as the window would, not spinning
            (a spinning GUI thread would hold the interpreter lock the worker needs)."""
            if page.model.searching:
                loop = QEventLoop()
                page.model.searched.connect(loop.quit)
                loop.exec()
                page.model.searched.disconnect(loop.quit)

        page.show()
        settle()
        app.processEvents()

        def type_(text: str) -> float:
            # From another text each time: the same text again would search nothing. Its
            # rows are painted before the clock starts, as between two keystrokes.
            page.search.setText(f"{text}\u200b")
            settle()
            page.table.viewport().repaint()
            app.processEvents()
            started = time.perf_counter()
            page.search.setText(text)
            settle()
            page.table.viewport().repaint()
            app.processEvents()
            return time.perf_counter() - started

        per_keystroke = [
            statistics.median(type_(typed) for _ in range(runs)) for typed in KEYSTROKES
        ]
        with store.reader.connect() as connection:
            from sqlalchemy import text

            plain = text("SELECT id, ref FROM client ORDER BY sort_key, id LIMIT 200")
            baseline = median_seconds(lambda: connection.execute(plain).all(), runs)
        page.close()
        worker.stop()
    return [
        result(
            "search keystroke to updated list (worst)",
            max(per_keystroke) * 1000,
            "ms",
            50.0,
            baseline * 1000,
        )
    ]


def measure_notices(paths: DataPaths, runs: int, batch_size: int) -> list[Result]:
    """One personalised notice (read, lay out, record) and a batch into one PDF."""
    from io import BytesIO

    from pypdf import PdfReader
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from app.services import documents

    with tempfile.TemporaryDirectory() as scratch:
        copy = _scratch_copy(paths, Path(scratch))
        with Store.open(copy) as store:
            refs = [row.ref for row in clients.find_clients(store, "", limit=batch_size)]
            # Fonts loaded once, as in the window.
            documents.render_document(store, "notice", refs[0])
            one = median_seconds(lambda: documents.render_document(store, "notice", refs[1]), runs)
            sample = documents.render_document(store, "notice", refs[2]).data
            lines = [
                line
                for page in PdfReader(BytesIO(sample)).pages
                for line in page.extract_text().splitlines()
            ]

            def plain_drawing() -> bytes:
                out = BytesIO()
                canvas = Canvas(out, pagesize=A4)
                y = 800
                for line in lines:
                    canvas.drawString(40, y, line[:110])
                    y -= 12
                    if y < 40:
                        canvas.showPage()
                        y = 800
                canvas.save()
                return out.getvalue()

            baseline = median_seconds(plain_drawing, runs)
            started = time.perf_counter()
            documents.render_batch(store, "notice", client_refs=refs)
            batch = time.perf_counter() - started
    return [
        result("one personalised notice", one * 1000, "ms", 50.0, baseline * 1000),
        result(f"{len(refs):,} notices into one PDF", batch, "s", 20.0 * len(refs) / 1000),
    ]


def measure_start(paths: DataPaths, runs: int) -> list[Result]:
    """Start to the window painted (against a bare window), to ready, and how long it froze.

    The window paints before the practice's file is open (it opens on the database worker);
    "ready" is when Today lists what is on record and every page can be used.
    """
    python = sys.executable
    bare = [_launch([python, "-c", BARE_WINDOW])["shown_s"] for _ in range(runs)]
    ours = [
        _launch([python, "-m", "app", "--smoke", "--data-dir", str(paths.home)])
        for _ in range(runs)
    ]
    baseline = statistics.median(bare)

    def median_of(key: str) -> float:
        return statistics.median(report[key] for report in ours)

    peak = max(report.get("peak_rss_mb", 0) for report in ours)
    # The same start on the practice decrypted: what encryption adds to "ready" (every page
    # Today reads is decrypted and its HMAC checked).
    with tempfile.TemporaryDirectory(prefix="privacy-desk-bench-") as folder:
        plain = _plain_copy(paths, Path(folder))
        plain_ready = statistics.median(
            _launch([python, "-m", "app", "--smoke", "--data-dir", str(plain.home)])["ready_s"]
            for _ in range(runs)
        )
    return [
        result(
            "window painted (--smoke shown_s)",
            median_of("shown_s"),
            "s",
            1.5,
            baseline,
            ratio_budget=3.0,
        ),
        result("window ready: records open, Today listed", median_of("ready_s"), "s", 1.5),
        result("encrypted: window ready (vs plain)", median_of("ready_s"), "s", 1.5, plain_ready),
        result(
            "longest pause of the window while opening", median_of("longest_pause_ms"), "ms", 100
        ),
        result("peak memory of the window", peak, "MB", 300.0),
    ]


def print_table(results: list[Result]) -> None:
    print(f"{'measure':52} {'value':>10} {'budget':>8} {'baseline':>9} {'ratio':>6}  ok")
    for r in results:
        budget = "" if r.budget is None else f"{r.budget:g}"
        baseline = "" if r.baseline is None else f"{r.baseline:g}"
        ratio = "" if r.ratio is None else f"{r.ratio:g}"
        print(
            f"{r.name:52} {r.value:>8g} {r.unit:<2} {budget:>7} {baseline:>9} {ratio:>6}  "
            f"{'yes' if r.ok else 'NO'}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--clients", type=int, default=None)
    args = parser.parse_args(argv)
    size = args.clients or (300 if args.quick else 50_000)
    runs = 3 if args.quick else 7
    paths, built_in = practice(size)
    results: list[Result] = []
    if built_in is not None:
        results.append(result(f"demo --clients {size}", built_in, "s", 60.0))
    results += measure_search(paths, runs)
    results += measure_writes(paths, runs)
    results += measure_encryption(paths, runs)
    results += measure_list_view(paths, runs)
    results += measure_notices(paths, runs, 50 if args.quick else 1000)
    results += measure_start(paths, 1 if args.quick else 5)
    results += measure_import(300 if args.quick else 5_000, result, BENCH_PASSPHRASE)
    print(f"Practice of {size:,} clients ({'quick' if args.quick else 'full'} run)")
    print_table(results)
    (HERE / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2))
    missed = [r.name for r in results if not r.ok]
    if missed and not args.quick:  # a quick run proves the script works; it does not judge
        print(f"Budgets missed: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
