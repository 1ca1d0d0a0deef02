"""Keeps the candidate inside the kiosk window, as far as Qt can see.

An application-wide event filter, active while the kiosk window is shown:

- keys that usually leave or switch windows (Esc, Alt+F4, Alt+Tab, the Windows/
  Super key, Ctrl+W, Ctrl+Q, ...) pressed inside the kiosk window are swallowed
  and reported (`refused`), before any shortcut can act on them;
- shortcuts that belong to other windows of the app (the main window's
  application-wide Ctrl+Q, F1, Ctrl+1...) do not fire.

What the operating system handles itself (Ctrl+Alt+Del, a window manager's own
Alt+Tab) never reaches Qt: a kiosk computer locks those down at system level.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

Mod = Qt.KeyboardModifier
_META_KEYS = {Qt.Key.Key_Meta, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Menu}
_ALT_KEYS = {Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape}
_CTRL_KEYS = {Qt.Key.Key_W, Qt.Key.Key_Q, Qt.Key.Key_Escape, Qt.Key.Key_F4}
OPERATOR_KEYS = "Ctrl+Alt+Shift+Q"


def is_operator_key(event: QKeyEvent) -> bool:
    wanted = Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier
    return event.key() == Qt.Key.Key_Q and (event.modifiers() & wanted) == wanted


def is_leave_key(event: QKeyEvent) -> bool:
    """A key or combination that usually closes or leaves a window."""
    if is_operator_key(event):
        return False
    key, mods = event.key(), event.modifiers()
    if key == Qt.Key.Key_Escape or key in _META_KEYS or mods & Mod.MetaModifier:
        return True
    if mods & Mod.AltModifier and key in _ALT_KEYS:
        return True
    return bool(mods & Mod.ControlModifier and key in _CTRL_KEYS)


class ExitGuard(QObject):
    refused = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._installed = False

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Shortcut:
            return not self._owns(watched)  # another window's shortcut: swallowed
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(event, QKeyEvent) or not self._inside(watched):
            return False
        if not is_leave_key(event):
            return False
        # Accepting the override keeps every shortcut off this key; the press is then dropped.
        event.accept()
        if kind == QEvent.Type.KeyPress:
            self.refused.emit()
        return True

    def _inside(self, watched: QObject) -> bool:
        """A widget of the kiosk window itself (its dialogs are windows of their own)."""
        return isinstance(watched, QWidget) and watched.window() is self._window

    def _owns(self, watched: QObject) -> bool:
        node: QObject | None = watched
        while node is not None:
            if node is self._window:
                return True
            node = node.parent()
        return False
