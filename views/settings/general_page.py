"""Settings → General: when the window locks itself."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QWidget

from app.workspace import Session

IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 240


def idle_lock_minutes(value: str | None) -> int:
    """The stored setting, or the default when it is absent or unreadable."""
    try:
        minutes = int(value) if value is not None else DEFAULT_IDLE_LOCK_MINUTES
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES
    return min(MAX_IDLE_LOCK_MINUTES, max(1, minutes))


class GeneralPage(QWidget):
    """Emits `idle_lock_minutes_changed(int)` after the new value is stored."""

    idle_lock_minutes_changed = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idleLockMinutes")
        self.idle_spin.setRange(1, MAX_IDLE_LOCK_MINUTES)
        self.idle_spin.setSuffix(" min")
        self.idle_spin.setAccessibleName("Lock after idle minutes")
        self.idle_spin.setValue(idle_lock_minutes(session.get_setting(IDLE_LOCK_SETTING)))
        self.idle_spin.valueChanged.connect(self._store)

        help_text = QLabel(
            "Candor hides everything behind the lock screen when nobody has used it for "
            "this long. Lock it yourself at any time with Ctrl+L."
        )
        help_text.setWordWrap(True)
        form = QFormLayout(self)
        label = QLabel("&Lock after idle:")
        label.setBuddy(self.idle_spin)
        form.addRow(label, self.idle_spin)
        form.addRow(help_text)

    def _store(self, minutes: int) -> None:
        self._session.set_setting(IDLE_LOCK_SETTING, str(minutes))
        self.idle_lock_minutes_changed.emit(minutes)
