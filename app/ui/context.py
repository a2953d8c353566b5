"""What every page needs: the store, the database worker, who is working, and news.

The window is shown before the practice's file is open (opening loads the database libraries
and may upgrade the file, both too slow to keep a person looking at nothing): `is_open` says
whether `store` may be used yet, and `store_opened` is emitted once it may.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import DomainError
from app.ui.text import _, set_practice_place
from app.ui.worker import DatabaseWorker

if TYPE_CHECKING:
    from app.persistence.store import Store

log = logging.getLogger(__name__)
# A change that may touch any record (a restore replaces them all): every page reloads.
EVERYTHING = "everything"


def concerns(kind: str, *kinds: str) -> bool:
    """Whether a change of `kind` may touch records of any of `kinds`."""
    return kind == EVERYTHING or kind in kinds


class AppContext(QObject):
    """Shared by the pages. Writes go through services; pages listen to `data_changed`."""

    # Which kind of record changed: "clients", "vendors", ..., or EVERYTHING. Listeners ask
    # concerns(kind, ...) rather than compare, so EVERYTHING reaches every one of them.
    data_changed = Signal(str)
    status_message = Signal(str)
    store_opened = Signal()

    def __init__(
        self,
        store: Store | None,
        worker: DatabaseWorker,
        *,
        actor: str,
        log_file: Path,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self._store = store
        self.worker = worker
        self.actor = actor
        self.log_file = log_file
        self._clock = clock or (lambda: datetime.now(UTC))
        self._zone: tzinfo | None = None
        self.data_changed.connect(self._on_data_changed)
        if store is not None:
            self._read_place()

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the practice's file is not open yet; wait for store_opened")
        return self._store

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def attach_store(
        self, store: Store, zone: tzinfo | None = None, country: str | None = None
    ) -> None:
        """The file is open: pages may now read and write it.

        `zone` and `country` are the practice's when the opener has already read them (off
        the GUI thread); otherwise they are read here.
        """
        self._store = store
        if zone is None or country is None:
            self._read_place()
        else:
            self._set_place(zone, country)
        self.store_opened.emit()

    def _on_data_changed(self, kind: str) -> None:
        if concerns(kind, "practice"):
            self._read_place()  # the country, and so the zone and how dates read, may change

    def _read_place(self) -> None:
        from app.services.optouts import practice_place  # loads Babel: not at start

        self._set_place(*practice_place(self.store))

    def _set_place(self, zone: tzinfo, country: str) -> None:
        self._zone = zone
        set_practice_place(country, zone)

    def now(self) -> datetime:
        return self._clock()

    @property
    def zone(self) -> tzinfo:
        """The practice's time zone: its days and the times typed in are on this clock."""
        if self._zone is None:
            self._read_place()
        return self._zone

    def today(self) -> date:
        """Today in the practice's own time zone (deadlines count in local days)."""
        if self._zone is None:
            self._read_place()
        return self.now().astimezone(self._zone).date()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        parent: QWidget | None = None,
    ) -> None:
        """Run a service call on the database worker; errors are shown to the user."""
        self.worker.submit(work, on_done, lambda error: self.show_error(error, parent))

    def changed(self, kind: str, message: str = "") -> None:
        self.data_changed.emit(kind)
        if message:
            self.status_message.emit(message)

    def show_error(self, error: BaseException, parent: QWidget | None = None) -> None:
        """Known problems in words; anything else is a bug, shown with where the log is."""
        if isinstance(error, DomainError):
            QMessageBox.warning(parent, _("Privacy Desk"), error.text(_))
            return
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        show_crash(parent, error, self.log_file)


def show_crash(parent: QWidget | None, error: BaseException, log_file: Path) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Something went wrong"))
    box.setText(
        _("Privacy Desk met an unexpected problem and did not finish what it was doing.")
        + "\n\n"
        + _("Nothing was half saved: each change is saved whole or not at all.")
    )
    box.setInformativeText(
        _("The details are in the log file:") + f"\n{log_file}\n\n({type(error).__name__})"
    )
    box.exec()
