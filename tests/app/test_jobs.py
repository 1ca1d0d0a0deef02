from __future__ import annotations

import threading

import pytest

from analysis.errors import CandorError
from analysis.tasks import Task
from app.jobs import JobEvent, JobRunner, JobStatus


@pytest.fixture
def runner():
    r = JobRunner(max_workers=2)
    yield r
    r.shutdown()


def _collect(runner: JobRunner) -> tuple[list[JobEvent], threading.Event]:
    events: list[JobEvent] = []
    finished = threading.Event()

    def listen(event: JobEvent) -> None:
        events.append(event)
        if event.status in {JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED}:
            finished.set()

    runner.add_listener(listen)
    return events, finished


def test_job_reports_progress_then_result_off_the_calling_thread(runner: JobRunner) -> None:
    events, finished = _collect(runner)
    caller = threading.get_ident()
    threads: list[int] = []

    def work(task: Task) -> int:
        threads.append(threading.get_ident())
        for i in range(4):
            task.progress(i / 4, f"step {i}")
        return 42

    job = runner.submit("count", work)
    assert job.future.result(timeout=10) == 42
    assert finished.wait(10)
    assert threads and threads[0] != caller
    statuses = [e.status for e in events]
    assert statuses[0] is JobStatus.QUEUED and statuses[-1] is JobStatus.DONE
    running = [e for e in events if e.status is JobStatus.RUNNING]
    assert [e.text for e in running if e.text.startswith("step")] == [f"step {i}" for i in range(4)]
    assert events[-1].result == 42 and events[-1].fraction == 1.0


def test_cancel_stops_a_running_job_and_reports_cancelled(runner: JobRunner) -> None:
    events, finished = _collect(runner)
    started = threading.Event()

    def work(task: Task) -> None:
        started.set()
        while True:
            task.check()
            task.progress(0.1)

    job = runner.submit("forever", work)
    assert started.wait(10)
    runner.cancel(job.job_id)
    assert finished.wait(10)
    assert events[-1].status is JobStatus.CANCELLED
    assert job.future.cancelled()
    assert runner.active() == []


def test_errors_are_delivered_not_raised(runner: JobRunner) -> None:
    events, finished = _collect(runner)

    def work(task: Task) -> None:
        raise CandorError("The file is damaged.", "Try another file.")

    runner.submit("broken", work)
    assert finished.wait(10)
    assert events[-1].status is JobStatus.FAILED
    assert isinstance(events[-1].error, CandorError)


def test_a_new_job_in_a_group_cancels_the_previous_one(runner: JobRunner) -> None:
    _events, _ = _collect(runner)
    first_running = threading.Event()

    def slow(task: Task) -> str:
        first_running.set()
        while True:
            task.check()

    first = runner.submit("load page", slow, group="candidates-page")
    assert first_running.wait(10)
    second = runner.submit("load page", lambda task: "fresh", group="candidates-page")
    assert second.future.result(timeout=10) == "fresh"
    with pytest.raises(Exception):  # noqa: B017 - CancelledError
        first.future.result(timeout=10)
    assert first.future.cancelled()


def test_a_listener_that_raises_does_not_break_the_job(runner: JobRunner) -> None:
    def bad_listener(event: JobEvent) -> None:
        raise RuntimeError("listener bug")

    runner.add_listener(bad_listener)
    assert runner.submit("ok", lambda task: 1).future.result(timeout=10) == 1
