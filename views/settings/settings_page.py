"""Settings: tabs for General, Policy, Models, Kiosk and — administrators only — Users."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.accounts import Role
from app.policy import load_policy
from app.workspace import Session
from views.jobs import QtJobRunner
from views.settings.general_page import GeneralPage
from views.settings.kiosk_page import KioskPage, sees_kiosk_page
from views.settings.models_page import ModelsPage
from views.settings.policy_page import PolicyPage
from views.settings.users_page import UsersPage


class SettingsPage(QWidget):
    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        model_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.general = GeneralPage(session)
        self.policy = PolicyPage(load_policy(session.policy_id))
        self.models = ModelsPage(runner, model_dir)
        self.tabs.addTab(self.general, "&General")
        self.tabs.addTab(self.policy, "&Policy")
        self.tabs.addTab(self.models, "&Models")
        self.kiosk: KioskPage | None = None
        if sees_kiosk_page(session.user):
            self.kiosk = KioskPage(session, runner)
            self.tabs.addTab(self.kiosk, "&Kiosk")
        self.users: UsersPage | None = None
        if session.user.role == Role.ADMINISTRATOR:
            self.users = UsersPage(session, runner)
            self.tabs.addTab(self.users, "&Users")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
