"""The one database worker and long tasks: serialized, off the GUI thread, never lost."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from app.ui.worker import DatabaseWorker, LongTask


def test_a_long_task_counts_as_running_from_the_moment_it_is_started(qtbot):
    release = threading.Event()
    task = LongTask(lambda _progress: release.wait(10))
    task.start()
    assert task in LongTask.running  # before the thread has even begun
    with qtbot.waitSignal(task.finished, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: task not in LongTask.running)


def test_a_long_task_that_writes_runs_on_the_database_worker_in_its_turn(qtbot):
    worker = DatabaseWorker()
    try:
        order: list[str] = []
        ahead = threading.Event()
        worker.submit(lambda: (ahead.wait(10), order.append("submitted before")))
        threads = []

        def work(_progress) -> str:
            threads.append(QThread.currentThread())
            order.append("the task")
            return "done"

        task = LongTask(work, worker=worker)
        task.start()
        worker.submit(lambda: order.append("submitted after"))
        with qtbot.waitSignal(task.succeeded, timeout=10_000) as result:
            ahead.set()
        qtbot.waitUntil(lambda: not worker.busy)
        assert result.args == ["done"]
        assert order == ["submitted before", "the task", "submitted after"]
        assert threads == [worker.thread]
        assert worker.thread is not QApplication.instance().thread()
    finally:
        worker.stop()


def test_a_long_task_that_only_prints_gets_a_thread_of_its_own(qtbot):
    threads = []
    task = LongTask(lambda _progress: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(task.finished, timeout=10_000):
        task.start()
    [thread] = threads
    assert thread is not QApplication.instance().thread()
    assert task.is_finished()


def test_closing_runs_every_job_already_submitted_before_the_worker_ends(qtbot):
    """A save clicked just before the window closed is not dropped with the thread."""
    worker = DatabaseWorker()
    ran: list[str] = []
    worker.submit(lambda: (threading.Event().wait(0.2), ran.append("in hand")))
    worker.submit(lambda: ran.append("queued behind it"))
    worker.stop(wait_ms=None)
    assert ran == ["in hand", "queued behind it"]
    assert worker.thread.isFinished()
