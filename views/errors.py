"""One place where every failure reaches the user.

Sources: `sys.excepthook` (exceptions escaping Qt slots), `threading.excepthook`
(stray threads) and job failures without their own handler. Expected failures
(`CandorError`) become a message box with message and hint; `Cancelled` is
silent; anything else is a bug and opens the crash dialog.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from analysis.errors import Cancelled, CandorError
from views.crash import CrashDialog

log = logging.getLogger("candor.views.errors")

RecentLines = Callable[[int], list[str]]


def show_message(parent: QWidget | None, error: CandorError) -> QMessageBox:
    """A non-blocking warning box for an expected failure (message + hint)."""
    box = QMessageBox(parent)
    box.setObjectName("errorMessage")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Candor")
    box.setText(error.message)
    if error.hint:
        box.setInformativeText(error.hint)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class ErrorRouter(QObject):
    """Routes exceptions to a message box or the crash dialog, always on the UI thread.

    `presented` carries each dialog shown (tests and the main window listen to it).
    """

    presented = Signal(QWidget)
    _relay = Signal(object)

    def __init__(
        self,
        recent_lines: RecentLines,
        *,
        log_line_count: int = 50,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._recent_lines = recent_lines
        self._log_line_count = log_line_count
        self._window: QWidget | None = None
        self._previous_hooks: tuple[object, object] | None = None
        self._relay.connect(self.handle, Qt.ConnectionType.QueuedConnection)

    def set_window(self, window: QWidget | None) -> None:
        """Parent for dialogs (the main window once it exists)."""
        self._window = window

    def report(self, exc: BaseException) -> None:
        """Thread-safe entry point: the dialog opens on the UI thread."""
        self._relay.emit(exc)

    def handle(self, exc: BaseException) -> None:
        """UI thread only."""
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, CandorError):
            log.info("expected failure shown to the user: %s", type(exc).__name__)
            self.presented.emit(show_message(self._window, exc))
            return
        where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        location = f" at {where[0].filename}:{where[0].lineno}" if where else ""
        log.error("unexpected %s%s", type(exc).__name__, location)
        dialog = CrashDialog(exc, self._recent_lines(self._log_line_count), self._window)
        dialog.show()
        self.presented.emit(dialog)

    # -- global hooks -------------------------------------------------------------

    def install(self) -> None:
        """Take over `sys.excepthook` and `threading.excepthook` until `uninstall()`."""
        if self._previous_hooks is None:
            self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._sys_hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks  # type: ignore[assignment]
            self._previous_hooks = None

    def _sys_hook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report(exc.with_traceback(tb))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            self.report(args.exc_value)
