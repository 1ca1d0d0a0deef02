"""One job runner for all long work: off the caller's thread, with progress and cancel.

Plain Python so that use cases are testable without Qt. `views.jobs` adapts a
`JobRunner` to Qt signals so that results and errors arrive on the UI thread.
Inputs are frozen before submission (snapshot in, result out): a job never
touches widgets or shared mutable state.
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from analysis.errors import Cancelled
from analysis.tasks import Task, TaskState

log = logging.getLogger("candor.jobs")

T = TypeVar("T")


class JobStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class JobEvent:
    """What listeners hear about a job. `error` is set only for FAILED."""

    job_id: int
    title: str
    status: JobStatus
    fraction: float = 0.0
    text: str = ""
    result: Any = None
    error: BaseException | None = None


Listener = Callable[[JobEvent], None]


@dataclass
class Job(Generic[T]):
    job_id: int
    title: str
    group: str | None
    state: TaskState
    future: Future[T] = field(repr=False)
    status: JobStatus = JobStatus.QUEUED

    def cancel(self) -> None:
        self.state.cancel()


class JobRunner:
    """Runs `work(task)` callables on a small thread pool and reports their life.

    Listeners are called on the worker thread; a UI adapter must relay them.
    Submitting a job with a `group` cancels the group's previous job (a screen
    that reloads does not want the stale result).
    """

    def __init__(self, max_workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="candor-job")
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._jobs: dict[int, Job[Any]] = {}
        self._groups: dict[str, int] = {}
        self._listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _emit(self, event: JobEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("job listener failed")

    def submit(self, title: str, work: Callable[[Task], T], *, group: str | None = None) -> Job[T]:
        job_id = next(self._ids)

        def on_progress(fraction: float, text: str) -> None:
            self._emit(JobEvent(job_id, title, JobStatus.RUNNING, fraction, text))

        state = TaskState(on_progress)
        future: Future[T] = Future()
        job: Job[T] = Job(job_id, title, group, state, future)
        with self._lock:
            self._jobs[job_id] = job
            if group is not None:
                previous = self._jobs.get(self._groups.get(group, -1))
                if previous is not None:
                    previous.cancel()
                self._groups[group] = job_id
        self._emit(JobEvent(job_id, title, JobStatus.QUEUED))
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job[T], work: Callable[[Task], T]) -> None:
        if job.state.cancelled():
            self._finish(job, JobStatus.CANCELLED)
            return
        job.status = JobStatus.RUNNING
        self._emit(JobEvent(job.job_id, job.title, JobStatus.RUNNING))
        try:
            result = work(job.state)
            job.state.check()  # a result computed after cancel is stale
        except Cancelled:
            self._finish(job, JobStatus.CANCELLED)
        except BaseException as exc:  # delivered to the UI, which decides bug vs message
            self._finish(job, JobStatus.FAILED, error=exc)
        else:
            self._finish(job, JobStatus.DONE, result=result)

    def _finish(
        self,
        job: Job[Any],
        status: JobStatus,
        *,
        result: object = None,
        error: BaseException | None = None,
    ) -> None:
        job.status = status
        with self._lock:
            self._jobs.pop(job.job_id, None)
            if job.group is not None and self._groups.get(job.group) == job.job_id:
                del self._groups[job.group]
        if error is not None:
            job.future.set_exception(error)
        elif status is JobStatus.CANCELLED:
            job.future.cancel()
        else:
            job.future.set_result(result)
        fraction = 1.0 if status is JobStatus.DONE else job.state.fraction
        self._emit(JobEvent(job.job_id, job.title, status, fraction, job.state.text, result, error))

    def active(self) -> list[Job[Any]]:
        with self._lock:
            return list(self._jobs.values())

    def cancel(self, job_id: int) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None:
            job.cancel()

    def shutdown(self, *, cancel: bool = True) -> None:
        if cancel:
            for job in self.active():
                job.cancel()
        self._pool.shutdown(wait=True, cancel_futures=cancel)
