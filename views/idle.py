"""Notices when nobody has touched the app for a while (for the idle lock)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once after `interval_ms` without keyboard, mouse or touch input.

    An application-wide event filter restarts the timer on every input event, so
    activity in any window (dialogs included) counts.
    """

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Coarse timers may be re-aligned by up to 5 % of a long interval; keep it exact.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.idle)
        self._installed = False

    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval_ms(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def remaining_ms(self) -> int:
        """Milliseconds until `idle` fires; -1 when stopped."""
        return self._timer.remainingTime()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False
