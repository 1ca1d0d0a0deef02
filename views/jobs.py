"""Qt adapter for `app.jobs.JobRunner`: job events and callbacks arrive on the UI thread.

The plain runner calls its listeners on worker threads. Widgets may only be
touched on the UI thread, so the listener does nothing but emit a signal on a
QObject that lives in the UI thread; Qt queues it across threads. Callbacks
(`on_done`, `on_error`) then run in the UI thread's event loop, never re-entrantly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from analysis.errors import Cancelled
from analysis.tasks import Task
from app.jobs import Job, JobEvent, JobRunner, JobStatus

log = logging.getLogger("candor.views.jobs")

T = TypeVar("T")

ErrorSink = Callable[[BaseException], None]


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_cancel: Callable[[], None] | None


class QtJobRunner(QObject):
    """Owns a `JobRunner`; re-emits its events as `job_changed` (a `JobEvent`) on the UI thread.

    Failures of jobs submitted without `on_error` go to `error_sink` (the error
    router), so no failure is ever dropped silently. `Cancelled` never reaches it.
    """

    job_changed = Signal(object)
    _relay = Signal(object)

    def __init__(
        self,
        runner: JobRunner | None = None,
        *,
        error_sink: ErrorSink | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner if runner is not None else JobRunner()
        self._error_sink = error_sink
        self._callbacks: dict[int, _Callbacks] = {}
        self._closed = False
        # Explicitly queued: the relay must never run a slot on the worker thread.
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._runner.add_listener(self._on_worker_event)

    @property
    def runner(self) -> JobRunner:
        return self._runner

    def set_error_sink(self, sink: ErrorSink | None) -> None:
        self._error_sink = sink

    def submit(
        self,
        title: str,
        work: Callable[[Task], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        group: str | None = None,
    ) -> Job[T]:
        """Run `work(task)` in the background. Call from the UI thread only.

        Callbacks are registered before control returns to the event loop, so a
        job that finishes instantly still finds them when its queued event arrives.
        """
        job = self._runner.submit(title, work, group=group)
        self._callbacks[job.job_id] = _Callbacks(on_done, on_error, on_cancel)
        return job

    def report_error(self, exc: BaseException) -> None:
        """Hand a failure to the error router (for `on_error` handlers that only clean up)."""
        if isinstance(exc, Cancelled):
            return
        if self._error_sink is not None:
            self._error_sink(exc)
        else:
            log.error("job failure with no error handler: %s", type(exc).__name__)

    def cancel(self, job_id: int) -> None:
        self._runner.cancel(job_id)

    def active(self) -> list[Job[Any]]:
        return self._runner.active()

    def shutdown(self) -> None:
        """Cancel running jobs and wait for them; later events are dropped."""
        if self._closed:
            return
        self._closed = True
        self._runner.remove_listener(self._on_worker_event)
        self._runner.shutdown(cancel=True)
        self._callbacks.clear()

    def _on_worker_event(self, event: JobEvent) -> None:
        # Worker thread: touch nothing but the signal.
        self._relay.emit(event)

    def _deliver(self, event: JobEvent) -> None:
        if self._closed:
            return
        self.job_changed.emit(event)
        if event.status not in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED):
            return
        callbacks = self._callbacks.pop(event.job_id, _Callbacks(None, None, None))
        if event.status is JobStatus.DONE:
            if callbacks.on_done is not None:
                callbacks.on_done(event.result)
        elif event.status is JobStatus.CANCELLED:
            if callbacks.on_cancel is not None:
                callbacks.on_cancel()
        else:
            self._fail(event, callbacks)

    def _fail(self, event: JobEvent, callbacks: _Callbacks) -> None:
        error = event.error
        assert error is not None  # FAILED events always carry one
        if isinstance(error, Cancelled):
            return
        if callbacks.on_error is not None:
            callbacks.on_error(error)
        else:
            self.report_error(error)
