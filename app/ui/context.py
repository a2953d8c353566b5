"""What every page needs: the store, the database worker, who is working, and news.

Every database call of the window is an operation (`run`, Anki's CollectionOp): a function of
the store run on the one database worker, its result handed back on the GUI thread, a
refusal shown in words, and the `Changes` it made published once; pages `subscribe` to the
kinds of record they show.

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

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import DomainError
from app.ui.changes import NOTHING, Changes
from app.ui.text import _, set_practice_place
from app.ui.worker import DatabaseWorker

if TYPE_CHECKING:
    from app.persistence.store import Store

log = logging.getLogger(__name__)
Message = str | Callable[[Any], str]


class _Subscription(QObject):
    """Forwards the changes a page shows to it; a child of the page, so it dies with it."""

    def __init__(self, owner: QObject, shown: Changes, slot: Callable[[Changes], None]) -> None:
        super().__init__(owner)
        self._shown = shown
        self._slot = slot

    @Slot(object)
    def deliver(self, changes: Changes) -> None:
        if changes.touches(self._shown):
            self._slot(changes)


# Changes after which the practice's place (its zone, its country's dates) is read again.
PLACE = Changes(practice=True)


class AppContext(QObject):
    """Shared by the pages. Every database call goes through `run`, on the one worker."""

    # What an operation changed, published once after it succeeded (see app/ui/changes.py).
    changes_published = Signal(object)
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

    def _read_place(self) -> None:
        """Only where no page is up yet (a context built over an open store, as tests do)."""
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
        work: Callable[[Store], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        changes: Changes = NOTHING,
        message: Message = "",
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """One operation: `work(store)` on the database worker, never touching a widget.

        On the GUI thread afterwards: `on_done(result)`, then `changes` are published with
        `message` (a text, or made from the result) in the status bar. A failure goes to
        `on_error`, or is shown in words (a bug: the crash dialog); nothing is published.
        `parent` is the widget the callbacks show their answer in: closed and deleted
        meanwhile (a dialog), they are skipped.
        """
        store = self.store  # on the GUI thread: a closed file fails here, in the caller
        moves_place = changes.touches(PLACE)

        def operation() -> Any:
            result = work(store)
            if moves_place:  # the country, so the zone and how dates read, may have changed
                from app.services.optouts import practice_place

                return result, practice_place(store)
            return result

        def done(outcome: Any) -> None:
            result = outcome
            if moves_place:
                result, place = outcome
                self._set_place(*place)
            if on_done is not None and _alive(parent):
                on_done(result)
            self.publish(changes, message(result) if callable(message) else message)

        def failed(error: BaseException) -> None:
            if on_error is not None and _alive(parent):
                on_error(error)
            else:
                self.show_error(error, parent if _alive(parent) else None)

        self.worker.submit(operation, done, failed)

    def fetch(self, work: Callable[[Store], Any]) -> Any:
        """What a dialog needs before it opens, read on the database worker.

        The window goes on answering meanwhile (a local event loop, as a dialog's own);
        the result comes back here, or the worker's error is raised here.
        """
        store, loop, outcome = self.store, QEventLoop(), {}

        def settle(key: str, value: Any) -> None:
            outcome[key] = value
            loop.quit()

        self.worker.submit(
            lambda: work(store),
            lambda result: settle("result", result),
            lambda error: settle("error", error),
        )
        loop.exec()  # the answer always comes through the event loop, never before this
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    def publish(self, changes: Changes, message: str = "") -> None:
        """Tell every subscribed page what changed (an operation does this once)."""
        if changes != NOTHING:
            self.changes_published.emit(changes)
        if message:
            self.status_message.emit(message)

    def subscribe(self, owner: QObject, shown: Changes, slot: Callable[[Changes], None]) -> None:
        """Call `slot(changes)` whenever an operation changes a kind of record `shown` names."""
        subscription = _Subscription(owner, shown, slot)
        self.changes_published.connect(subscription.deliver)

    def refusal_in(self, parent: QWidget, title: str) -> Callable[[BaseException], None]:
        """An operation's `on_error`: a refusal in a message box titled `title`, a bug in
        the crash dialog."""

        def show(error: BaseException) -> None:
            if isinstance(error, DomainError):
                QMessageBox.warning(parent, title, error.text(_))
            else:
                self.show_error(error, parent)

        return show

    def show_error(self, error: BaseException, parent: QWidget | None = None) -> None:
        """Known problems in words; anything else is a bug, shown with where the log is."""
        if isinstance(error, DomainError):
            QMessageBox.warning(parent, _("Privacy Desk"), error.text(_))
            return
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        show_crash(parent, error, self.log_file)


def _alive(widget: QWidget | None) -> bool:
    """Whether a widget (or no widget) can still be shown an answer."""
    return widget is None or shiboken6.isValid(widget)


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
