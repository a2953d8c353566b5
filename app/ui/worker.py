"""Work off the GUI thread: one serialized database worker, and long tasks with progress.

Results come back to the GUI thread through signals, so callbacks may touch widgets; the
work itself must not (Anki's rule: "be careful not to call any UI routines in op").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class Job:
    work: Callable[[], Any]
    on_done: Done | None = None
    on_error: Failed | None = None


class _Runner(QObject):
    finished = Signal(object, object)  # job, result
    failed = Signal(object, object)  # job, exception

    @Slot(object)
    def run(self, job: Job) -> None:
        try:
            result = job.work()
        except Exception as error:  # reported on the GUI thread, in words or as a crash
            self.failed.emit(job, error)
        else:
            self.finished.emit(job, result)

    @Slot()
    def stop(self) -> None:
        QThread.currentThread().quit()


class DatabaseWorker(QObject):
    """Runs submitted jobs one after another on a single background thread."""

    _submitted = Signal(object)
    _stopping = Signal()
    idle = Signal()
    unhandled_error = Signal(object)  # an exception whose job gave no on_error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("database-worker")
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        self._submitted.connect(self._runner.run)
        self._stopping.connect(self._runner.stop)
        self._runner.finished.connect(self._on_runner_finished)
        self._runner.failed.connect(self._on_runner_failed)
        self._pending = 0
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    @property
    def thread(self) -> QThread:
        """The one thread every database call runs on (tests check a call ran there)."""
        return self._thread

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        self._pending += 1
        self._submitted.emit(Job(work, on_done, on_error))

    def _settle(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.idle.emit()

    @Slot(object, object)
    def _on_runner_finished(self, job: Job, result: Any) -> None:
        try:
            if job.on_done:
                job.on_done(result)
        finally:
            self._settle()

    @Slot(object, object)
    def _on_runner_failed(self, job: Job, error: BaseException) -> None:
        try:
            if job.on_error:
                job.on_error(error)
            else:
                self.unhandled_error.emit(error)
        finally:
            self._settle()

    def stop(self, *, wait_ms: int | None = 10_000) -> None:
        """Run every job submitted so far, then end the thread; `wait_ms=None` waits however long.

        The stop travels behind the jobs, in their queue: quitting the thread at once would drop
        the ones not yet begun (a save clicked just before the window closed).
        """
        self._stopping.emit()
        if wait_ms is None:
            self._thread.wait()
        else:
            self._thread.wait(wait_ms)


@dataclass
class Progress:
    """Handed to a long task: report progress, and ask whether the user cancelled."""

    _report: Callable[[int, int], None]
    _cancel: threading.Event = field(default_factory=threading.Event)

    def __call__(self, done: int, total: int) -> None:
        self._report(done, total)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class TaskCancelled(Exception):
    """Raised by a long task that saw the cancel request; nothing it did is kept."""


class _TaskThread(QThread):
    """A thread whose only job is one long task's body."""

    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("long-task")
        self._body = body

    def run(self) -> None:
        self._body()


class LongTask(QObject):
    """One long piece of work (backup, batch of documents) with progress and a cancel.

    Work that reads or writes the records is given the database worker and runs there, after
    whatever was submitted before it and before whatever comes after: a batch that records
    its documents never interleaves with a save. Work that touches no record (printing a list
    already loaded) gets a thread of its own.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()  # after succeeded, failed or cancelled

    running: ClassVar[set[LongTask]] = set()  # started and not yet finished, in any window

    def __init__(
        self,
        work: Callable[[Progress], Any],
        parent: QObject | None = None,
        *,
        worker: DatabaseWorker | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._worker = worker
        self._thread: QThread | None = None
        self._done = threading.Event()
        self.progress = Progress(self.progressed.emit)
        self.finished.connect(self._forget)  # a method of ours: delivered on the GUI thread

    def start(self) -> None:
        LongTask.running.add(self)  # at once, on the GUI thread that starts the task
        if self._worker is not None:
            self._worker.submit(self._run)
            return
        self._thread = _TaskThread(self._run)
        self._thread.start()

    @Slot()
    def _forget(self) -> None:
        LongTask.running.discard(self)
        if self._thread is not None:
            self._thread.wait()  # its body has returned: this only reaps the thread
            self._thread = None

    def _run(self) -> None:
        try:
            result = self._work(self.progress)
        except TaskCancelled:
            self.cancelled.emit()
        except Exception as error:
            self.failed.emit(error)
        else:
            if self.progress.cancelled():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
        finally:
            self._done.set()
            self.finished.emit()

    def is_finished(self) -> bool:
        """The work has returned (its signals may still be on their way to the GUI thread)."""
        return self._done.is_set()

    def wait(self, ms: int) -> bool:
        """Block until the work returned, at most `ms` milliseconds; whether it did."""
        return self._done.wait(ms / 1000)

    def cancel(self) -> None:
        self.progress.cancel()
