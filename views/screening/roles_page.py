"""Roles: the list of openings, and the criteria form with its version history.

Every read and write of roles runs as a job (the database and the taxonomy are
never touched on the UI thread). Saving always creates a new version; invalid
criteria are shown next to the form and nothing is saved. Reviewers see the
roles and their criteria read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.scoring import RoleCriteria, validate_criteria
from analysis.tasks import Task
from app.accounts import Permission
from app.screening.roles import RoleSummary, RoleVersion
from app.workspace import Session
from views.forms import message_label
from views.jobs import QtJobRunner
from views.screening.common import confirm, empty_state_with_buttons, file_slug
from views.screening.criteria_editor import CriteriaEditor
from views.screening.file_dialogs import YAML_FILTER, FileChooser
from views.screening.skill_lookup import SkillLookup

COLUMNS = ("Title", "Version", "Candidates", "Updated")
NOTE_STYLE = "color: #1d6b33"


@dataclass(frozen=True)
class _LoadedRole:
    role_id: int
    criteria: RoleCriteria
    versions: list[RoleVersion]
    latest: int


class RolesPage(QWidget):
    """`roles_changed` after a role is created, saved, imported or archived.
    `dialog_opened(QWidget)` for each question box it opens (tests use it)."""

    roles_changed = Signal()
    dialog_opened = Signal(QWidget)
    role_loaded = Signal(int)

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        *,
        chooser: FileChooser | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rolesPage")
        self._session = session
        self._runner = runner
        self._chooser = chooser or FileChooser()
        self._can_manage = session.user.can(Permission.MANAGE_ROLES)
        self.roles: list[RoleSummary] = []
        self._role_id: int | None = None  # the role in the editor; None for a new one
        self._editing_new = False

        self.new_action = QAction("&New role", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_action.triggered.connect(self.new_role)
        self.addAction(self.new_action)

        self.new_button = QPushButton("&New role")
        self.new_button.setToolTip("Create a role (Ctrl+N)")
        self.new_button.clicked.connect(self.new_role)
        self.import_button = QPushButton("&Import YAML…")
        self.import_button.clicked.connect(self.choose_import)
        self.export_button = QPushButton("E&xport YAML…")
        self.export_button.clicked.connect(self.choose_export)
        self.archive_button = QPushButton("&Archive")
        self.archive_button.setToolTip("Hide the role from the list; its candidates stay")
        self.archive_button.clicked.connect(self.confirm_archive)
        self.show_archived = QCheckBox("Show archived")
        self.show_archived.toggled.connect(lambda _on: self.refresh())

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("rolesTable")
        self.table.setAccessibleName("Roles")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.editor = CriteriaEditor()
        self.editor.edited.connect(self._refresh_buttons)
        self.editor.undo_stack.cleanChanged.connect(lambda _clean: self._refresh_buttons())
        self.editor_title = QLabel()
        self.editor_title.setObjectName("editorTitle")
        self.editor_title.setStyleSheet("font-size: 14pt; font-weight: 600")
        self.save_button = QPushButton("&Save as new version")
        self.save_button.setObjectName("saveCriteria")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.editor.undo_stack.undo)
        self.redo_button = QPushButton("Redo")
        self.redo_button.clicked.connect(self.editor.undo_stack.redo)
        self.editor.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.editor.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.versions = QListWidget()
        self.versions.setObjectName("versionHistory")
        self.versions.setAccessibleName("Version history")
        self.versions.setMaximumHeight(90)
        self.versions.itemActivated.connect(self._version_chosen)
        self.versions.itemClicked.connect(self._version_chosen)
        self.message = message_label("rolesMessage")
        self.note = QLabel()
        self.note.setObjectName("rolesNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)

        self.stack = QStackedWidget()
        self.empty = empty_state_with_buttons(
            "Roles",
            "No roles yet. A role describes an opening: must-have and preferred skills "
            "with weights, experience, education and keywords. Resumes are scored against it.",
            "Create a role (Ctrl+N) or import one from a YAML file. Every save keeps a "
            "new version, and each score names the version it used.",
            [
                self._button("New role", self.new_role),
                self._button("Import YAML…", self.choose_import),
            ],
        )
        self.empty.setObjectName("rolesEmpty")
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self._build_main())
        self.stack.setCurrentIndex(1)  # until the list arrives: no "no roles" flash
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._apply_permissions()
        self._refresh_buttons()
        if session.user.can(Permission.READ_CANDIDATES):
            self.refresh()
            self._load_taxonomy()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setEnabled(self._can_manage)
        return button

    def _build_main(self) -> QWidget:
        tools = QHBoxLayout()
        for button in (
            self.new_button,
            self.import_button,
            self.export_button,
            self.archive_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.show_archived)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        actions.addWidget(self.undo_button)
        actions.addWidget(self.redo_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.editor_title)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.editor, 1)
        right_layout.addLayout(actions)
        right_layout.addWidget(QLabel("Version history (click one to load it into the form):"))
        right_layout.addWidget(self.versions)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _apply_permissions(self) -> None:
        for widget in (self.new_button, self.import_button, self.archive_button, self.save_button):
            widget.setEnabled(self._can_manage)
        self.new_action.setEnabled(self._can_manage)
        self.editor.set_read_only(not self._can_manage)
        if not self._can_manage:
            self.note.setText(
                "Your role can read criteria; a recruiter or administrator edits them."
            )

    def _load_taxonomy(self) -> None:
        roles = self._session.roles
        self._runner.submit(
            "Load the skills taxonomy",
            lambda task: SkillLookup(roles.taxonomy()),
            on_done=self.editor.set_lookup,
            group="roles:taxonomy",
        )

    # -- state ----------------------------------------------------------------------------

    def current_role_id(self) -> int | None:
        return self._role_id

    def is_showing_empty_state(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def _refresh_buttons(self) -> None:
        has_role = self._role_id is not None
        self.export_button.setEnabled(has_role)
        self.archive_button.setEnabled(has_role and self._can_manage)
        self.save_button.setEnabled(
            self._can_manage and (self.editor.is_dirty() or self._role_id is None)
        )
        self.undo_button.setEnabled(self.editor.can_undo())
        self.redo_button.setEnabled(self.editor.can_redo())

    def _show_page(self) -> None:
        if self.roles or self._editing_new:
            self.stack.setCurrentIndex(1)
        else:
            self.stack.setCurrentWidget(self.empty)

    # -- list -------------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        include_archived = self.show_archived.isChecked()
        roles = self._session.roles
        self._runner.submit(
            "Load roles",
            lambda task: roles.list(include_archived=include_archived),
            on_done=lambda result: self._show_roles(result, select),
            group="roles:list",
        )

    def _show_roles(self, roles: list[RoleSummary], select: int | None) -> None:
        self.roles = roles
        keep = select if select is not None else self._role_id
        self.table.blockSignals(True)
        self.table.setRowCount(len(roles))
        for row, role in enumerate(roles):
            title = f"{role.title} (archived)" if role.archived else role.title
            cells = (
                title,
                str(role.version),
                str(role.candidate_count),
                role.updated_at[:16].replace("T", " "),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, role.id)
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        self.table.blockSignals(False)
        row = self._row_of(keep)
        if row >= 0:
            self.table.blockSignals(True)
            self.table.selectRow(row)
            self.table.blockSignals(False)
            if self._role_id != keep:
                self.load_role(keep)  # type: ignore[arg-type]
        elif roles and self._role_id is None and not self.editor.is_dirty():
            self.table.selectRow(0)  # opens the newest role
        self._show_page()
        self._refresh_buttons()

    def _row_of(self, role_id: int | None) -> int:
        for row, role in enumerate(self.roles):
            if role.id == role_id:
                return row
        return -1

    def _selected_role(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.roles[rows[0].row()].id if rows and self.roles else None

    def _selection_changed(self) -> None:
        chosen = self._selected_role()
        if chosen is None or chosen == self._role_id:
            return
        self._unless_unsaved(lambda: self.load_role(chosen), undo=self._reselect_current)

    def _reselect_current(self) -> None:
        self.table.blockSignals(True)
        row = self._row_of(self._role_id)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)

    def _unless_unsaved(
        self, then: Callable[[], None], undo: Callable[[], None] | None = None
    ) -> None:
        """Run `then` now, or after the user agrees to drop unsaved edits."""
        if not self.editor.is_dirty():
            then()
            return
        if undo is not None:
            undo()
        box = confirm(
            self,
            "Unsaved changes",
            "The criteria in the form have changes that are not saved. Discard them?",
            "Discard changes",
            then,
        )
        self.dialog_opened.emit(box)

    # -- editing ---------------------------------------------------------------------------

    def new_role(self) -> None:
        if not self._can_manage:
            return

        def start() -> None:
            self._role_id = None
            self._editing_new = True
            self.table.blockSignals(True)
            self.table.clearSelection()
            self.table.blockSignals(False)
            self.editor.load(None)
            self.versions.clear()
            self.editor_title.setText("New role")
            self.note.setText("Saving creates the role with its criteria as version 1.")
            self.message.clear()
            self.stack.setCurrentIndex(1)
            self._refresh_buttons()
            self.editor.title.setFocus()

        self._unless_unsaved(start)

    def load_role(self, role_id: int, version: int | None = None) -> None:
        roles = self._session.roles

        def work(task: Task) -> _LoadedRole:
            return _LoadedRole(
                role_id,
                roles.get(role_id, version),
                roles.versions(role_id),
                roles.current_version(role_id),
            )

        self._runner.submit(
            "Open role", work, on_done=self._show_role, on_error=self._failed, group="roles:load"
        )

    def _show_role(self, loaded: _LoadedRole) -> None:
        self._role_id = loaded.role_id
        self._editing_new = False
        criteria = loaded.criteria
        self.editor.load(criteria)
        self.editor_title.setText(f"{criteria.title} — version {criteria.version}")
        if criteria.version != loaded.latest:
            self.note.setText(
                f"Showing version {criteria.version}. Saving makes these criteria version "
                f"{loaded.latest + 1}."
            )
        elif self._can_manage:
            self.note.setText(f"Saving makes version {loaded.latest + 1}.")
        self.versions.clear()
        for entry in reversed(loaded.versions):
            when = entry.saved_at[:16].replace("T", " ")
            item = QListWidgetItem(f"Version {entry.version} — {when} by {entry.saved_by}")
            item.setData(Qt.ItemDataRole.UserRole, entry.version)
            self.versions.addItem(item)
            if entry.version == criteria.version:
                self.versions.setCurrentItem(item)
        self.message.clear()
        self._show_page()
        self._refresh_buttons()
        self.role_loaded.emit(loaded.role_id)

    def _version_chosen(self, item: QListWidgetItem) -> None:
        version = item.data(Qt.ItemDataRole.UserRole)
        role_id = self._role_id
        if (
            role_id is not None
            and isinstance(version, int)
            and version != self.editor.criteria().version
        ):
            self._unless_unsaved(lambda: self.load_role(role_id, version))

    def save(self) -> None:
        if not self._can_manage:
            return
        criteria = self.editor.criteria()  # a frozen snapshot: the job never reads widgets
        role_id = self._role_id
        roles = self._session.roles

        def work(task: Task) -> tuple[int, int]:
            checked = validate_criteria(criteria, roles.taxonomy())
            if role_id is None:
                return roles.create(checked), 1
            return role_id, roles.save_version(role_id, checked)

        def done(result: tuple[int, int]) -> None:
            saved_role, version = result
            self._role_id = saved_role
            self.editor.mark_saved(version)
            self.message.clear()
            self.refresh(select=saved_role)
            self.load_role(saved_role)
            self.roles_changed.emit()

        self.save_button.setEnabled(False)
        self._runner.submit("Save role criteria", work, on_done=done, on_error=self._save_failed)

    def _save_failed(self, exc: BaseException) -> None:
        self._refresh_buttons()
        if isinstance(exc, CandorError):
            self.editor.show_problems(exc)
        else:
            self._runner.report_error(exc)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CandorError):
            self.message.setText(exc.user_text())
        else:
            self._runner.report_error(exc)

    # -- YAML and archive ---------------------------------------------------------------------

    def choose_import(self) -> None:
        if self._can_manage:
            self._chooser.open_file(
                self, "Import role criteria", YAML_FILTER, lambda paths: self.import_file(paths[0])
            )

    def import_file(self, path: Path) -> None:
        roles = self._session.roles

        def work(task: Task) -> int:
            return roles.import_yaml(_read_yaml(path))

        def done(role_id: int) -> None:
            self.message.clear()
            self._role_id = None
            self.refresh(select=role_id)
            self.roles_changed.emit()

        self._runner.submit(
            "Import role criteria", work, on_done=done, on_error=self._import_failed
        )

    def _import_failed(self, exc: BaseException) -> None:
        self._failed(exc)
        if isinstance(exc, CandorError) and self.stack.currentWidget() is self.empty:
            self.stack.setCurrentIndex(1)  # the message is on the list page

    def choose_export(self) -> None:
        role_id = self._role_id
        if role_id is None:
            return
        suggested = f"{file_slug(self.editor.criteria().title)}.yaml"
        self._chooser.save_file(
            self, "Export role criteria", YAML_FILTER, suggested,
            lambda paths: self.export_file(role_id, paths[0]),
        )  # fmt: skip

    def export_file(self, role_id: int, path: Path) -> None:
        roles = self._session.roles

        def work(task: Task) -> Path:
            text = roles.export_yaml(role_id)
            path.write_text(text, encoding="utf-8")
            return path

        def done(written: Path) -> None:
            self.message.clear()
            self.note.setText(f"Exported to {written}")

        self._runner.submit("Export role criteria", work, on_done=done, on_error=self._failed)

    def confirm_archive(self) -> None:
        role_id = self._role_id
        if role_id is None or not self._can_manage:
            return
        title = self.editor.criteria().title
        box = confirm(
            self,
            "Archive role",
            f"Archive “{title}”? It leaves the list; its candidates and scores are kept.",
            "Archive",
            lambda: self.archive(role_id),
        )
        self.dialog_opened.emit(box)

    def archive(self, role_id: int) -> None:
        roles = self._session.roles

        def done(_result: Any) -> None:
            if self._role_id == role_id:
                self._role_id = None
                self._editing_new = False
                self.editor.load(None)
                self.versions.clear()
                self.editor_title.setText("")
            self.refresh()
            self.roles_changed.emit()

        self._runner.submit(
            "Archive role", lambda task: roles.archive(role_id), on_done=done, on_error=self._failed
        )


MAX_YAML_BYTES = 1_000_000


def _read_yaml(path: Path) -> str:
    """The file's text; a missing, huge or non-UTF-8 file is an expected failure."""
    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            raise CandorError(
                f"{path.name} is too large to be role criteria.", "Choose the role's YAML file."
            )
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CandorError(
            f"{path.name} is not a text file.", "Choose a YAML file exported from Candor."
        ) from None
    except OSError as exc:
        raise CandorError(
            f"{path.name} could not be read ({exc.strerror or 'unreadable'}).",
            "Check that the file exists and that you may read it.",
        ) from None
