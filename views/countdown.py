"""A retry countdown for back-off after failed logins (TooManyAttempts)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal


class RetryCountdown(QObject):
    """Counts down to a deadline; `changed` fires on start, every tick and at the end.

    Owners disable their submit button while `active()` and show `text()`.
    """

    changed = Signal()

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        tick_ms: int = 250,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    def start(self, seconds: float) -> None:
        self._deadline = self._clock() + max(0.0, seconds)
        self._timer.start()
        self.changed.emit()

    def stop(self) -> None:
        self._deadline = 0.0
        self._timer.stop()
        self.changed.emit()

    def remaining(self) -> int:
        return max(0, math.ceil(self._deadline - self._clock()))

    def active(self) -> bool:
        return self.remaining() > 0

    def text(self) -> str:
        seconds = self.remaining()
        if seconds <= 0:
            return ""
        unit = "second" if seconds == 1 else "seconds"
        return f"Too many failed attempts. Try again in {seconds} {unit}."

    def _tick(self) -> None:
        if not self.active():
            self._timer.stop()
        self.changed.emit()
