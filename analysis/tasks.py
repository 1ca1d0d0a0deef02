"""The progress/cancel handle every long analysis step receives.

A step is a plain function `step(inputs, options, task) -> Result`. It reports
progress with `task.progress(fraction, text)` and calls `task.check()` between
units of work (faster-whisper has no abort of its own, so the check between
segments is the only way to stop it). Sub-steps get a slice of the range with
`task.slice(start, end)` so nested progress stays monotonic.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from analysis.errors import Cancelled

ProgressCallback = Callable[[float, str], None]


class Task(Protocol):
    def progress(self, fraction: float, text: str = "") -> None: ...

    def cancelled(self) -> bool: ...

    def check(self) -> None:
        """Raise `Cancelled` if the user asked this work to stop."""
        ...

    def slice(self, start: float, end: float) -> Task: ...


class TaskState:
    """A thread-safe `Task`: the worker writes progress, any thread may cancel."""

    def __init__(self, on_progress: ProgressCallback | None = None) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress
        self._lock = threading.Lock()
        self.fraction = 0.0
        self.text = ""

    def progress(self, fraction: float, text: str = "") -> None:
        fraction = min(1.0, max(0.0, fraction))
        with self._lock:
            self.fraction = fraction
            if text:
                self.text = text
        if self._on_progress is not None:
            self._on_progress(fraction, text or self.text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def slice(self, start: float, end: float) -> Task:
        return _SubTask(self, start, end)


class _SubTask:
    def __init__(self, parent: Task, start: float, end: float) -> None:
        self._parent = parent
        self._start = start
        self._span = end - start

    def progress(self, fraction: float, text: str = "") -> None:
        fraction = min(1.0, max(0.0, fraction))
        self._parent.progress(self._start + self._span * fraction, text)

    def cancelled(self) -> bool:
        return self._parent.cancelled()

    def check(self) -> None:
        self._parent.check()

    def slice(self, start: float, end: float) -> Task:
        return _SubTask(self, start, end)


class NullTask(TaskState):
    """For callers (CLI, tests) that need no progress and never cancel."""
