"""Ways into the kiosk: a kiosk account's sign-in, and the main window's File → Start kiosk….

From the main window the kiosk covers it: the main window locks first (so the
way back needs the signed-in user's password, not only the operator PIN) and
hides; once staff leave the kiosk with the PIN it comes back, still locked. Without an
operator PIN the kiosk does not start; a user allowed to set one is offered to, there.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from app import paths
from app.accounts import Permission
from app.interviews import PinNotSet
from views.errors import show_message
from views.jobs import QtJobRunner
from views.settings.pin_dialog import SetPinDialog, open_pin_dialog

if TYPE_CHECKING:
    from app.workspace import Session
    from views.app_window import MainWindow
    from views.kiosk.window import KioskWindow

log = logging.getLogger("candor.views.kiosk")


def kiosk_window(
    session: Session, runner: QtJobRunner, *, model_dir: Path | None, fullscreen: bool = True
) -> KioskWindow:
    """The kiosk for `session` (a kiosk account, or staff starting it), shown."""
    # imported here: the kiosk pulls in capture (PyAV, OpenCV), which start-up need not pay for
    from views.kiosk.window import KioskWindow

    window = KioskWindow(session, runner, fullscreen=fullscreen, model_dir=model_dir)
    window.present()
    return window


class KioskLauncher(QObject):
    """File → Start kiosk… of the main window, for users allowed to run the kiosk.

    `dialog_opened(QWidget)` fires for the question and the PIN dialog it opens (tests use it).
    """

    dialog_opened = Signal(QWidget)

    def __init__(
        self,
        host: MainWindow,
        session: Session,
        runner: QtJobRunner,
        *,
        model_dir: Path | None = None,
        fullscreen: bool = True,
    ) -> None:
        super().__init__(host)
        self._host = host
        self._session = session
        self._runner = runner
        self._model_dir = model_dir or paths.model_dir()
        self._fullscreen = fullscreen
        self.window: KioskWindow | None = None
        self.action = QAction("Start &kiosk…", host)
        self.action.setObjectName("startKioskAction")
        self.action.setStatusTip(
            "Full screen interview mode for a candidate (asks for a login code)"
        )
        self.action.triggered.connect(self.start)
        self.action.setVisible(session.user.can(Permission.RUN_KIOSK))

    def start(self) -> KioskWindow | None:
        if self.window is not None:
            self.window.present()
            return self.window
        if not self._session.interviews.kiosk_pin_is_set():
            # Without a PIN nobody could leave the kiosk once a candidate has started.
            if self._session.user.can(Permission.SET_KIOSK_PIN):
                self.offer_pin()
            else:
                show_message(self._host, PinNotSet())
            return None
        self._host.lock()
        self._host.hide()
        window = kiosk_window(
            self._session, self._runner, model_dir=self._model_dir, fullscreen=self._fullscreen
        )
        window.left.connect(self._returned)
        self.window = window
        log.info("kiosk started from the main window")
        return window

    def offer_pin(self) -> QMessageBox:
        """Ask to set the PIN now; once it is stored, the kiosk starts."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Start kiosk",
            "No operator PIN is set. Staff need it to leave the kiosk, so the kiosk cannot "
            "start without one. Set it now?",
            QMessageBox.StandardButton.NoButton,
            self._host,
        )
        box.setObjectName("offerKioskPin")
        set_now = box.addButton("&Set PIN…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(set_now)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if button is set_now:
                self.open_pin_dialog()

        box.buttonClicked.connect(answered)
        box.open()
        self.dialog_opened.emit(box)
        return box

    def open_pin_dialog(self) -> SetPinDialog:
        dialog = open_pin_dialog(self._session.interviews.set_kiosk_pin, self._runner, self._host)
        dialog.pin_set.connect(self.start)
        self.dialog_opened.emit(dialog)
        return dialog

    def _returned(self) -> None:
        window, self.window = self.window, None
        self._host.show()  # before the kiosk closes, so the app never runs out of windows
        self._host.activateWindow()
        if window is not None:
            window.deleteLater()
