"""First run: create a workspace, its administrator and its policy preset."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.policy import Policy, list_policies
from app.workspace import Session, Workspace
from views.forms import FolderField, busy_bar, check_new_password, message_label, password_field
from views.jobs import QtJobRunner


class CreateWorkspacePage(QWidget):
    """Emits `opened(Session)` once the workspace exists; `sign_in_requested` to go back."""

    opened = Signal(object)
    sign_in_requested = Signal()

    def __init__(self, runner: QtJobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._busy = False
        self._policies: list[Policy] = list_policies()

        title = QLabel("Create a Candor workspace")
        title.setStyleSheet("font-size: 16pt; font-weight: 600")
        intro = QLabel(
            "A workspace is one encrypted folder holding roles, candidates, interviews and "
            "reports. Choose an empty folder, name its administrator, and pick the policy "
            "preset for your jurisdiction."
        )
        intro.setWordWrap(True)
        self.folder = FolderField("createFolder", "Folder for the new workspace")
        self.admin = QLineEdit()
        self.admin.setObjectName("createAdmin")
        self.admin.setAccessibleName("Administrator name")
        self.password = password_field("createPassword", "Password")
        self.repeat = password_field("createRepeat", "Repeat password")
        self.repeat.returnPressed.connect(self.submit)
        self.policy = QComboBox()
        self.policy.setObjectName("createPolicy")
        self.policy.setAccessibleName("Policy preset")
        for preset in self._policies:
            self.policy.addItem(f"{preset.name} ({preset.id})", preset.id)
        self.policy_description = QLabel()
        self.policy_description.setObjectName("createPolicyDescription")
        self.policy_description.setWordWrap(True)
        self.policy.currentIndexChanged.connect(self._describe_policy)
        self._describe_policy()

        self.message = message_label("createMessage")
        self.busy = busy_bar("createBusy")
        self.create_button = QPushButton("&Create workspace")
        self.create_button.setObjectName("createButton")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        self.sign_in_button = QPushButton("&Open an existing workspace instead…")
        self.sign_in_button.setFlat(True)
        self.sign_in_button.clicked.connect(self.sign_in_requested)

        form = QFormLayout()
        for text, widget in (
            ("&Folder:", self.folder),
            ("&Administrator:", self.admin),
            ("Pass&word:", self.password),
            ("&Repeat password:", self.repeat),
            ("P&olicy preset:", self.policy),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.policy_description)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.create_button)
        layout.addStretch(1)
        layout.addWidget(self.sign_in_button)

    def policy_id(self) -> str:
        return str(self.policy.currentData())

    def _describe_policy(self) -> None:
        index = self.policy.currentIndex()
        if 0 <= index < len(self._policies):
            preset = self._policies[index]
            self.policy_description.setText(
                f"Jurisdiction: {preset.jurisdiction}\n{preset.description}"
            )

    def submit(self) -> None:
        if self._busy:
            return
        folder = self.folder.path()
        admin = self.admin.text().strip()
        password = self.password.text()
        problem = check_new_password(password, self.repeat.text())
        if folder is None:
            problem = "Choose a folder for the new workspace."
        elif not admin:
            problem = "Enter the administrator's name."
        if problem:
            self.message.setText(problem)
            return
        assert folder is not None
        policy_id = self.policy_id()

        def work(task: Task) -> Session:
            return Workspace.create(folder, admin, password, policy_id)

        self._set_busy(True)
        self.message.clear()
        self._runner.submit(
            "Create workspace", work, on_done=self._succeeded, on_error=self._failed
        )

    def _succeeded(self, session: Session) -> None:
        self._set_busy(False)
        self.password.clear()
        self.repeat.clear()
        self.opened.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, CandorError):
            self.message.setText(exc.user_text())
        else:
            self._runner.report_error(exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.folder,
            self.admin,
            self.password,
            self.repeat,
            self.policy,
            self.create_button,
            self.sign_in_button,
        ):
            widget.setEnabled(not busy)
        self.busy.setVisible(busy)
