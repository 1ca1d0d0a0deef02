"""The Qt job adapter and the jobs panel, with a real JobRunner and real threads."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from analysis.errors import Cancelled, CandorError
from analysis.tasks import Task
from app.jobs import JobEvent, JobStatus
from views.crash import CrashDialog
from views.errors import ErrorRouter
from views.jobs import QtJobRunner
from views.jobs_panel import JobsPanel


def test_result_and_events_arrive_on_the_ui_thread(qtbot, runner: QtJobRunner) -> None:
    seen_threads: list[threading.Thread] = []
    results: list[str] = []
    runner.job_changed.connect(lambda event: seen_threads.append(threading.current_thread()))

    def work(task: Task) -> str:
        task.progress(0.5, "half")
        return threading.current_thread().name

    runner.submit("name the thread", work, on_done=results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert results[0].startswith("candor-job")  # the work ran on a worker...
    assert seen_threads and all(
        t is threading.main_thread() for t in seen_threads
    )  # ...events did not


def test_on_error_receives_the_exception_instead_of_the_router(
    qtbot, runner: QtJobRunner, router: ErrorRouter
) -> None:
    errors: list[BaseException] = []
    presented: list[object] = []
    router.presented.connect(presented.append)

    def work(task: Task) -> None:
        raise ValueError("bad value")

    runner.submit("fails", work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    assert presented == []


def test_jobs_panel_shows_progress_and_cancel_stops_the_job(qtbot, runner: QtJobRunner) -> None:
    panel = JobsPanel(runner)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.empty_label.isVisible()
    stopped = threading.Event()
    cancelled: list[bool] = []
    events: list[JobEvent] = []
    runner.job_changed.connect(events.append)

    def work(task: Task) -> None:
        try:
            step = 0
            while True:  # runs until cancelled: only the Cancel button can end this test
                task.check()
                step += 1
                task.progress(min(0.9, step / 1000), f"step {step}")
                threading.Event().wait(0.002)
        finally:
            stopped.set()

    job = runner.submit("Endless work", work, on_cancel=lambda: cancelled.append(True))
    qtbot.waitUntil(lambda: job.job_id in panel.rows())
    row = panel.rows()[job.job_id]
    qtbot.waitUntil(lambda: row.progress.value() > 0 and row.text.text().startswith("step"))
    assert row.title.text() == "Endless work"
    assert not panel.empty_label.isVisible()

    qtbot.mouseClick(row.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(cancelled))
    assert stopped.is_set()
    assert job.job_id not in panel.rows()
    assert panel.empty_label.isVisible()
    assert events[-1].status is JobStatus.CANCELLED


def test_unexpected_job_failure_opens_the_crash_dialog(
    qtbot, runner: QtJobRunner, router: ErrorRouter, log_lines: list[str]
) -> None:
    presented: list[object] = []
    router.presented.connect(presented.append)

    def work(task: Task) -> None:
        raise ZeroDivisionError("division by zero in a bug")

    runner.submit("buggy", work)
    qtbot.waitUntil(lambda: bool(presented))
    dialog = presented[0]
    assert isinstance(dialog, CrashDialog)
    qtbot.addWidget(dialog)
    text = dialog.details.toPlainText()
    assert "ZeroDivisionError: division by zero in a bug" in text
    assert all(line in text for line in log_lines)
    assert dialog.isVisible() and not dialog.isModal()


def test_expected_job_failure_shows_message_and_hint(
    qtbot, runner: QtJobRunner, router: ErrorRouter
) -> None:
    presented: list[object] = []
    router.presented.connect(presented.append)

    def work(task: Task) -> None:
        raise CandorError("The model folder is missing.", "Run candor models add.")

    runner.submit("expected", work)
    qtbot.waitUntil(lambda: bool(presented))
    box = presented[0]
    assert not isinstance(box, CrashDialog)
    assert box.text() == "The model folder is missing."
    assert box.informativeText() == "Run candor models add."
    box.close()


def test_cancelled_job_reports_nothing(qtbot, runner: QtJobRunner, router: ErrorRouter) -> None:
    presented: list[object] = []
    router.presented.connect(presented.append)
    finished: list[JobEvent] = []
    runner.job_changed.connect(
        lambda e: finished.append(e) if e.status is not JobStatus.RUNNING else None
    )

    def work(task: Task) -> None:
        raise Cancelled()

    runner.submit("gives up", work)
    qtbot.waitUntil(lambda: any(e.status is JobStatus.CANCELLED for e in finished))
    assert presented == []


def test_shutdown_cancels_running_jobs(qtbot, router: ErrorRouter) -> None:
    qt_runner = QtJobRunner(error_sink=router.handle)
    started = threading.Event()
    stopped = threading.Event()

    def work(task: Task) -> None:
        started.set()
        while not task.cancelled():
            threading.Event().wait(0.002)
        stopped.set()

    qt_runner.submit("until shutdown", work)
    assert started.wait(5)
    qt_runner.shutdown()
    assert stopped.is_set()
