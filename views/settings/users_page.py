"""Settings → Users (administrators only): list, add, disable, reset passwords.

Adding a user and resetting a password derive keys with Argon2 (slow on
purpose), so both run as jobs. Dialogs are non-modal (`open()`), never `exec()`.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.accounts import Role, User
from app.workspace import Session
from views.forms import busy_bar, check_new_password, message_label, password_field
from views.jobs import QtJobRunner

ROLE_HELP = {
    Role.ADMINISTRATOR: "manages users, policy and models; sees everything",
    Role.RECRUITER: "defines roles, imports resumes, reviews and decides",
    Role.REVIEWER: "reads reports (blind by default), rates and comments",
    Role.KIOSK: "runs the interview flow only; sees no candidate data",
}


class PasswordDialog(QDialog):
    """Collects a user (name and role, when `with_identity`) and a password typed twice.

    Emits `submitted(name, role, password)`; the page runs the job and calls
    `finish()` or `fail(text)`.
    """

    submitted = Signal(str, object, str)

    def __init__(
        self, title: str, parent: QWidget | None = None, *, user_name: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("passwordDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._fixed_name = user_name
        self.name = QLineEdit(user_name or "")
        self.name.setObjectName("userName")
        self.name.setAccessibleName("User name")
        self.name.setReadOnly(user_name is not None)
        self.role = QComboBox()
        self.role.setObjectName("userRole")
        self.role.setAccessibleName("Role")
        for role in Role:
            self.role.addItem(f"{role.value} — {ROLE_HELP.get(role, '')}", role)
        self.role.setCurrentIndex(self.role.findData(Role.RECRUITER))
        self.password = password_field("userPassword", "Password")
        self.repeat = password_field("userRepeat", "Repeat password")
        self.message = message_label("userMessage")
        self.busy = busy_bar("userBusy")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        if user_name is None:
            form.addRow("&Role:", self.role)
        form.addRow("&Password:", self.password)
        form.addRow("R&epeat password:", self.repeat)
        form.addRow(self.message)
        form.addRow(self.busy)
        form.addRow(self.buttons)

    def _submit(self) -> None:
        name = self.name.text().strip()
        problem = check_new_password(self.password.text(), self.repeat.text())
        if not name:
            problem = "Enter a user name."
        if problem:
            self.message.setText(problem)
            return
        self.message.clear()
        self._set_busy(True)
        self.submitted.emit(name, self.role.currentData(), self.password.text())

    def finish(self) -> None:
        self._set_busy(False)
        self.accept()

    def fail(self, text: str) -> None:
        self._set_busy(False)
        self.message.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.buttons.setEnabled(not busy)


class UsersPage(QWidget):
    """`dialog_opened(QDialog)` fires for each dialog it opens (tests use it)."""

    dialog_opened = Signal(QWidget)
    COLUMNS = ("Name", "Role", "Status")

    def __init__(
        self, session: Session, runner: QtJobRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self.users: list[User] = []

        intro = QLabel(
            "Each person signs in with their own name and password. A disabled user can no "
            "longer sign in; their past actions stay in the audit log."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._refresh_buttons)

        self.add_button = QPushButton("&Add user…")
        self.disable_button = QPushButton("&Disable")
        self.reset_button = QPushButton("&Reset password…")
        self.add_button.clicked.connect(self.open_add_dialog)
        self.disable_button.clicked.connect(self.confirm_disable)
        self.reset_button.clicked.connect(self.open_reset_dialog)
        self.message = message_label("usersMessage")

        buttons = QHBoxLayout()
        for button in (self.add_button, self.disable_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.reload()

    # -- list -----------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected_user()
        self.users = sorted(self._session.users.list(), key=lambda u: u.name.casefold())
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            for column, text in enumerate(
                (user.name, str(user.role), "Disabled" if user.disabled else "Active")
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if selected is not None:
            self.select(selected.name)
        self._refresh_buttons()

    def select(self, name: str) -> None:
        for row, user in enumerate(self.users):
            if user.name == name:
                self.table.selectRow(row)
                return

    def selected_user(self) -> User | None:
        rows = self.table.selectionModel().selectedRows() if self.users else []
        return self.users[rows[0].row()] if rows else None

    def _refresh_buttons(self) -> None:
        user = self.selected_user()
        is_self = user is not None and user.name == self._session.user.name
        self.disable_button.setEnabled(user is not None and not user.disabled and not is_self)
        self.reset_button.setEnabled(user is not None)

    # -- actions ----------------------------------------------------------------------------

    def open_add_dialog(self) -> PasswordDialog:
        dialog = PasswordDialog("Add user", self)
        dialog.submitted.connect(
            lambda name, role, password: self._run(
                "Add user",
                lambda: self._session.users.add(name, role, password),
                dialog,
                select=name,
            )
        )
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def open_reset_dialog(self) -> PasswordDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = PasswordDialog(f"Reset the password of {user.name}", self, user_name=user.name)
        dialog.submitted.connect(
            lambda name, _role, password: self._run(
                "Reset password",
                lambda: self._session.users.reset_password(name, password),
                dialog,
                select=name,
            )
        )
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def confirm_disable(self) -> QMessageBox | None:
        user = self.selected_user()
        if user is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Disable user",
            f"Disable {user.name}? They will no longer be able to sign in.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirmDisable")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name = user.name

        def answered(button: object) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:  # type: ignore[arg-type]
                self.disable(name)

        box.buttonClicked.connect(answered)
        box.open()
        self.dialog_opened.emit(box)
        return box

    def disable(self, name: str) -> None:
        self._run("Disable user", lambda: self._session.users.disable(name), None, select=name)

    def _run(
        self,
        title: str,
        change: Callable[[], object],
        dialog: PasswordDialog | None,
        *,
        select: str,
    ) -> None:
        def work(task: Task) -> None:
            change()

        def open_dialog() -> PasswordDialog | None:
            # The user may have closed the dialog (Esc) while the job ran.
            return dialog if dialog is not None and shiboken6.isValid(dialog) else None

        def done(_result: object) -> None:
            if (still_open := open_dialog()) is not None:
                still_open.finish()
            self.message.clear()
            self.reload()
            self.select(select)

        def failed(exc: BaseException) -> None:
            still_open = open_dialog()
            if not isinstance(exc, CandorError):
                if still_open is not None:
                    still_open.fail("")
                self._runner.report_error(exc)
            elif still_open is not None:
                still_open.fail(exc.user_text())
            else:
                self.message.setText(exc.user_text())

        self._runner.submit(title, work, on_done=done, on_error=failed)
