"""Start the desktop app: error routing, sign-in or first run, then the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from app import logging_setup, paths, state
from app.accounts import Role
from app.workspace import Session
from views.app_window import MainWindow
from views.errors import ErrorRouter
from views.jobs import QtJobRunner
from views.kiosk.launch import kiosk_window
from views.welcome import WelcomeWindow

if TYPE_CHECKING:
    from views.kiosk.window import KioskWindow

log = logging.getLogger("candor.views.gui")


class CandorGui(QObject):
    """The app's flow between windows; owns the open session and closes it on exit."""

    def __init__(
        self,
        runner: QtJobRunner,
        router: ErrorRouter,
        *,
        workspace: Path | None = None,
        user: str | None = None,
        note: str = "",
        model_dir: Path | None = None,
        idle_lock_ms: int | None = None,
    ) -> None:
        super().__init__()
        self.runner = runner
        self.router = router
        self._workspace = workspace
        self._user = user
        self._note = note
        self._model_dir = model_dir
        self._idle_lock_ms = idle_lock_ms
        self.session: Session | None = None
        self.welcome: WelcomeWindow | None = None
        self.main_window: MainWindow | None = None
        self.kiosk_window: KioskWindow | None = None

    def start(self) -> None:
        self.welcome = WelcomeWindow(
            self.runner, workspace=self._workspace, user=self._user, note=self._note
        )
        self.welcome.session_opened.connect(self._opened)
        self.router.set_window(self.welcome)
        self.welcome.show()

    def _opened(self, session: Session) -> None:
        self.session = session
        state.update(last_workspace=str(session.path), last_user=session.user.name)
        log.info("session opened (role %s)", session.user.role)
        if session.user.role is Role.KIOSK:  # the interview flow and nothing else
            self.kiosk_window = kiosk_window(
                session, self.runner, model_dir=self._model_dir or paths.model_dir()
            )
            self.kiosk_window.left.connect(self.sign_out)
            self.router.set_window(self.kiosk_window)
            self._close_welcome()
            return
        self.main_window = MainWindow(
            session,
            self.runner,
            model_dir=self._model_dir or paths.model_dir(),
            idle_lock_ms=self._idle_lock_ms,
        )
        self.main_window.sign_out_requested.connect(self.sign_out)
        self.router.set_window(self.main_window)
        self.main_window.show()
        self._close_welcome()

    def _close_welcome(self) -> None:
        if self.welcome is not None:
            self.welcome.close()
            self.welcome.deleteLater()
            self.welcome = None

    def sign_out(self) -> None:
        window: QWidget | None = (
            self.main_window if self.main_window is not None else self.kiosk_window
        )
        self.main_window, self.kiosk_window = None, None
        self._workspace, self._user, self._note = None, None, ""
        self.start()  # shown before the main window closes, so the app does not quit
        if window is not None:
            window.close()
            window.deleteLater()
        self.close_session()

    def close_session(self) -> None:
        for job in self.runner.active():
            job.cancel()
        if self.session is not None:
            self.session.close()
            self.session = None

    def shutdown(self) -> None:
        """Stop jobs (waiting for them), then close the session."""
        self.runner.shutdown()
        self.close_session()


def run_gui(
    workspace: Path | None = None, *, demo: bool = False, demo_user: str | None = None
) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Candor")
    app.setOrganizationName("Candor")
    ring = logging_setup.configure()
    router = ErrorRouter(ring.recent)
    router.install()
    runner = QtJobRunner(error_sink=router.handle)
    note = ""
    if demo or demo_user:
        from app.demo import DEMO_ADMIN, DEMO_PASSWORD

        demo_user = demo_user or DEMO_ADMIN
        note = f"Demo workspace: sign in as “{demo_user}” with the password “{DEMO_PASSWORD}”."
    gui = CandorGui(runner, router, workspace=workspace, user=demo_user, note=note)
    gui.start()
    try:
        return app.exec()
    finally:
        gui.shutdown()
        router.uninstall()
