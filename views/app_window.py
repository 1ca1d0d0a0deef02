"""The main window: navigation, pages, status bar, jobs panel, lock screen.

Locking swaps the central area for the lock screen, hides the jobs panel and
every other top-level window, and disables navigation, so nothing about
candidates stays visible until the signed-in user's password is given again.
"""

from __future__ import annotations

import base64
import binascii
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from analysis.models import ModelRegistry
from app import paths, state
from app.compliance.retention import RetentionReport
from app.workspace import Session
from views.help import HelpDialog
from views.idle import IdleWatcher
from views.interrupted_bar import InterruptedBar
from views.interviews import InterviewsPage
from views.jobs import QtJobRunner
from views.jobs_panel import JobsPanel
from views.kiosk.launch import KioskLauncher
from views.lock import LockScreen, Verify
from views.reports.daily import ComplianceWatch
from views.reports.page import ReportsPage
from views.reports.requests_section import RequestsSection
from views.reports.retention_section import sweep_text
from views.screening.candidates_page import CandidatesPage
from views.screening.roles_page import RolesPage
from views.settings.general_page import IDLE_LOCK_SETTING, idle_lock_minutes
from views.settings.models_page import devices_in_use
from views.settings.settings_page import SettingsPage

log = logging.getLogger("candor.views.main")

PAGE_NAMES = ("Roles", "Candidates", "Interviews", "Reports", "Settings")
_GEOMETRY_KEY = "main_window_geometry"


def reopen_verifier(session: Session) -> Verify:
    """Check the signed-in user's password (same Argon2 path, back-off and audit as sign-in)."""
    return session.reauthenticate


class MainWindow(QMainWindow):
    """`locked_changed(bool)` fires on lock and unlock; `sign_out_requested` on File → Sign out."""

    locked_changed = Signal(bool)
    sign_out_requested = Signal()

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        *,
        model_dir: Path | None = None,
        idle_lock_ms: int | None = None,
        verify_password: Verify | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self._runner = runner
        self._locked = False
        self._hidden_while_locked: list[QWidget] = []
        self._jobs_visible_before_lock = True
        self._fixed_idle_ms = idle_lock_ms
        user = session.user
        self.setWindowTitle(f"Candor — {session.path.name}")
        self.resize(1100, 720)

        # Pages and navigation.
        models = model_dir or paths.model_dir()
        self.settings = SettingsPage(session, runner, models)
        self.roles = RolesPage(session, runner)
        self.candidates = CandidatesPage(session, runner, ModelRegistry(models))
        self.interrupted = InterruptedBar(session, runner, models)  # unfinished analyses
        self.reports = ReportsPage(session, runner, models, blind=self.candidates.blind)
        self.roles.roles_changed.connect(self.candidates.refresh_roles)
        self.roles.role_loaded.connect(self.candidates.select_role)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        for page in (
            self.roles,
            self.candidates,
            InterviewsPage(session, runner),
            self.reports,
            self.settings,
        ):
            self.pages.addWidget(page)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.addItems(list(PAGE_NAMES))
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet("QListWidget { font-size: 12pt } QListWidget::item { padding: 8px }")
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.workspace_view = QWidget()
        self.workspace_view.setObjectName("workspaceView")
        row = QHBoxLayout(self.workspace_view)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.interrupted.above(self.pages), 1)

        # Central area: the workspace, or the lock screen covering it.
        self.lock_screen = LockScreen(
            f"{user.name} ({user.role})", verify_password or reopen_verifier(session), runner
        )
        self.lock_screen.unlocked.connect(self.unlock)
        self.screens = QStackedWidget()
        self.screens.addWidget(self.workspace_view)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)

        # Jobs panel.
        self.jobs_panel = JobsPanel(runner)
        self.jobs_dock = QDockWidget("Jobs", self)
        self.jobs_dock.setObjectName("jobsDock")
        self.jobs_dock.setWidget(self.jobs_panel)
        self.jobs_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.jobs_dock)

        # Status bar: workspace, user and role, model device.
        self.workspace_label = QLabel(f"Workspace: {session.path.name}")
        self.workspace_label.setToolTip(str(session.path))
        self.user_label = QLabel(f"User: {user.name} ({user.role})")
        self.device_label = QLabel("Models: checking…")
        self.device_label.setObjectName("deviceLabel")
        self.device_label.setToolTip("Where the analysis models run (see Settings → Models)")
        # Administrators: overdue requests; the retention sweep now and daily.
        self.compliance = ComplianceWatch(session, runner, self)
        self.compliance.requests_wanted.connect(self.show_requests)
        self.compliance.swept.connect(self._swept)
        self.reports.requests_changed.connect(self.compliance.refresh)
        for label in (
            self.compliance.label,
            self.workspace_label,
            self.user_label,
            self.device_label,
        ):
            self.statusBar().addPermanentWidget(label)
        self.settings.models.statuses_loaded.connect(
            lambda statuses: self.device_label.setText(f"Models: {devices_in_use(statuses)}")
        )

        self._build_actions()

        # Idle lock.
        self.idle = IdleWatcher(self._idle_interval_ms(), self)
        self.idle.idle.connect(self.lock)
        self.settings.general.idle_lock_minutes_changed.connect(self._idle_minutes_changed)
        self.idle.start()

        self._help: HelpDialog | None = None
        self._restore_geometry()
        self.go_to(0)
        self.settings.models.refresh()
        self.interrupted.check()
        self.compliance.start()

    # -- actions ----------------------------------------------------------------------

    def _action(self, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.lock_action = self._action("&Lock", "Ctrl+L", self.lock)
        self.sign_out_action = self._action("Sign &out", "Ctrl+Shift+L", self.sign_out_requested)
        self.quit_action = self._action("&Quit", "Ctrl+Q", self.quit_app)
        self.kiosk_launcher = KioskLauncher(self, self.session, self._runner)
        file_menu.addActions([self.lock_action, self.sign_out_action, self.kiosk_launcher.action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.view_menu = menu.addMenu("&View")
        self.page_actions: list[QAction] = []
        for index, name in enumerate(PAGE_NAMES):
            action = self._action(
                f"&{index + 1} {name}", f"Ctrl+{index + 1}", lambda _=False, i=index: self.go_to(i)
            )
            self.page_actions.append(action)
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.jobs_action = self.jobs_dock.toggleViewAction()
        self.jobs_action.setText("&Jobs panel")
        self.jobs_action.setShortcut(QKeySequence("Ctrl+J"))
        self.view_menu.addAction(self.jobs_action)
        self.view_menu.addAction(self.candidates.blind.action)

        help_menu = menu.addMenu("&Help")
        self.help_action = self._action("&Help and about", "F1", self.show_help)
        help_menu.addAction(self.help_action)

    def quit_app(self) -> None:
        """Quit even when other windows (a crash dialog, help) are still open."""
        if self.close():
            QApplication.quit()

    def go_to(self, index: int) -> None:
        if not self._locked:
            self.nav.setCurrentRow(index)

    def current_page_name(self) -> str:
        return PAGE_NAMES[self.pages.currentIndex()]

    def show_help(self) -> HelpDialog:
        if self._help is None:
            self._help = HelpDialog(self)
        self._help.show()
        self._help.raise_()
        return self._help

    @property
    def help_dialog(self) -> HelpDialog | None:
        return self._help

    def show_requests(self) -> None:
        """Reports → Data-subject requests (from the overdue notice)."""
        self.go_to(PAGE_NAMES.index("Reports"))
        if RequestsSection.title in self.reports.sections:
            self.reports.show_section(RequestsSection.title)

    def _swept(self, report: RetentionReport) -> None:
        if report.changed:
            self.statusBar().showMessage(sweep_text(report), 30_000)
            self.reports.refresh_if_loaded()

    # -- lock ---------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self._locked

    def lock(self) -> None:
        if self._locked:
            return
        self._locked = True
        self.idle.stop()
        self._hidden_while_locked = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self and widget.isVisible() and widget.isWindow()
        ]
        for widget in self._hidden_while_locked:
            widget.hide()
        self._jobs_visible_before_lock = self.jobs_dock.isVisible()
        self.jobs_dock.hide()
        self.screens.setCurrentWidget(self.lock_screen)
        self.workspace_view.hide()
        self._set_navigation_enabled(False)
        self.lock_screen.reset()
        log.info("window locked")
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        if not self._locked:
            return
        self._locked = False
        self.workspace_view.show()
        self.screens.setCurrentWidget(self.workspace_view)
        self.jobs_dock.setVisible(self._jobs_visible_before_lock)
        for widget in self._hidden_while_locked:
            widget.show()
        self._hidden_while_locked = []
        self._set_navigation_enabled(True)
        self.idle.start()
        log.info("window unlocked")
        self.locked_changed.emit(False)

    def _set_navigation_enabled(self, enabled: bool) -> None:
        for action in [*self.page_actions, self.jobs_action, self.lock_action]:
            action.setEnabled(enabled)
        self.view_menu.setEnabled(enabled)

    def _idle_interval_ms(self) -> int:
        if self._fixed_idle_ms is not None:
            return self._fixed_idle_ms
        return idle_lock_minutes(self.session.get_setting(IDLE_LOCK_SETTING)) * 60_000

    def _idle_minutes_changed(self, minutes: int) -> None:
        if self._fixed_idle_ms is None:
            self.idle.set_interval_ms(minutes * 60_000)

    # -- geometry -----------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = state.load().get(_GEOMETRY_KEY)
        if isinstance(saved, str):
            try:
                self.restoreGeometry(QByteArray(base64.b64decode(saved, validate=True)))
            except (ValueError, binascii.Error):
                log.info("ignoring unreadable saved window geometry")

    def closeEvent(self, event: QCloseEvent) -> None:
        geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        state.update(**{_GEOMETRY_KEY: geometry})
        self.idle.stop()
        self.compliance.stop()
        if self._help is not None:
            self._help.close()
        super().closeEvent(event)
