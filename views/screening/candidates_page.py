"""Candidates of a role: the ranked table, import, export, and the candidate page.

Everything slow (reading rows, importing files, opening a candidate, writing an
export) runs as a job; results are applied in UI-thread callbacks. Each role
change cancels the previous role's row load (job groups), so a slow answer never
overwrites a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.models import ModelRegistry
from analysis.tasks import Task
from app.accounts import Permission
from app.screening.importing import ImportReport, import_resumes
from app.screening.roles import RoleSummary
from app.screening.screenings import CandidateDetail, CandidateRow
from app.workspace import Session
from views.forms import message_label
from views.jobs import QtJobRunner
from views.screening.blind import BlindMode
from views.screening.candidate_view import CandidateView
from views.screening.candidates_model import (
    COLUMNS,
    RANK,
    CandidatesFilter,
    CandidatesModel,
)
from views.screening.common import empty_state_with_buttons
from views.screening.export_bar import ExportBar
from views.screening.file_dialogs import RESUME_FILTER, FileChooser
from views.screening.import_summary import ImportSummaryDialog


class CandidatesPage(QWidget):
    """`dialog_opened(QWidget)` for each dialog it opens; `rows_loaded(role_id)` after
    a role's rows arrive; `candidate_opened(candidate_id)` when the candidate page shows."""

    dialog_opened = Signal(QWidget)
    rows_loaded = Signal(int)
    candidate_opened = Signal(int)

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        registry: ModelRegistry,
        *,
        blind: BlindMode | None = None,
        chooser: FileChooser | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("candidatesPage")
        self._session = session
        self._runner = runner
        self._registry = registry
        self._chooser = chooser or FileChooser()
        self.blind = blind or BlindMode(session.user, self)
        self._can_import = session.user.can(Permission.ADD_CANDIDATES)
        self._can_rescore = session.user.can(Permission.MANAGE_ROLES)
        self.roles: list[RoleSummary] = []
        self._role_id: int | None = None
        self._rows_role: int | None = None
        self._importing = False
        self._rows_stale = False  # rows wait until the page is seen (each listing is audited)
        self.setAcceptDrops(self._can_import)

        self.role_box = QComboBox()
        self.role_box.setObjectName("roleSelector")
        self.role_box.setAccessibleName("Role")
        self.role_box.setMinimumContentsLength(24)
        self.role_box.currentIndexChanged.connect(self._role_chosen)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("candidateFilter")
        self.filter_edit.setAccessibleName("Filter candidates")
        self.filter_edit.setPlaceholderText("Filter (Ctrl+F): label, education, status…")
        self.filter_edit.setClearButtonEnabled(True)
        self.must_haves_only = QCheckBox("Meets all must-haves only")
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.must_haves_only.toggled.connect(self._filter_changed)

        self.import_files_button = QPushButton("&Import files…")
        self.import_files_button.setToolTip("Import resumes: PDF, DOCX, ODT or TXT (Ctrl+I)")
        self.import_files_button.clicked.connect(self.choose_files)
        self.import_folder_button = QPushButton("Import &folder…")
        self.import_folder_button.clicked.connect(self.choose_folder)
        self.rescore_button = QPushButton("Re-&score")
        self.rescore_button.setToolTip("Score every candidate against the role's current criteria")
        self.rescore_button.clicked.connect(self.rescore)
        self.export_bar = ExportBar(session, runner, self._chooser, self.blind, self._export_role)
        self.export_bar.exported.connect(self._exported)
        self.export_bar.failed.connect(self._failed)
        self.exported = self.export_bar.exported  # the Path written

        self.model = CandidatesModel(self)
        self.proxy = CandidatesFilter(self.model, self)
        self.table = QTableView()
        self.table.setObjectName("candidatesTable")
        self.table.setAccessibleName("Candidates")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RANK, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights and interactive column widths: no per-row size measuring.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((56, 200, 64, 280, 60, 100, 90)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COLUMNS.index("Label"), QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._row_activated)
        self.count_label = QLabel()
        self.count_label.setObjectName("candidateCount")
        self.notice = QLabel()
        self.notice.setObjectName("candidatesNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #a35200")
        self.message = message_label("candidatesMessage")
        self.message.setVisible(False)
        self.notice.setVisible(False)

        self.candidate_view = CandidateView()
        self.candidate_view.back_requested.connect(self.back_to_list)

        self._build_actions()
        self._build_layout()
        self.blind.changed.connect(self._blind_changed)
        self.model.set_blind(self.blind.is_on())
        self._refresh_buttons()
        if session.user.can(Permission.READ_CANDIDATES):
            self.refresh_roles()

    # -- building ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(shortcut))
            made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        self.import_action = action("&Import resumes…", "Ctrl+I", self.choose_files)
        self.filter_action = action("&Filter candidates", "Ctrl+F", self.focus_filter)
        self.addAction(self.blind.action)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("&Role:"))
        top.itemAt(0).widget().setBuddy(self.role_box)  # type: ignore[union-attr]
        top.addWidget(self.role_box)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.must_haves_only)
        tools = QHBoxLayout()
        for button in (self.import_files_button, self.import_folder_button, self.rescore_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.export_bar)

        self.list_view = QWidget()
        list_layout = QVBoxLayout(self.list_view)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(top)
        list_layout.addLayout(tools)
        list_layout.addWidget(self.message)
        list_layout.addWidget(self.notice)
        self.list_stack = QStackedWidget()
        import_button = QPushButton("Import resumes…")
        import_button.clicked.connect(self.choose_files)
        import_button.setEnabled(self._can_import)
        self.no_candidates = empty_state_with_buttons(
            "No candidates for this role yet",
            "Import resumes (PDF, DOCX, ODT or TXT): each is read, parsed and scored against "
            "the role's criteria in the background, and listed here best first.",
            "Drop files or a folder here, or use Import files… (Ctrl+I). Review is blind "
            "by default: names and contact details stay hidden.",
            [import_button],
        )
        self.no_candidates.setObjectName("noCandidates")
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.no_candidates)
        list_layout.addWidget(self.list_stack, 1)
        list_layout.addWidget(self.count_label)

        self.no_roles = empty_state_with_buttons(
            "Candidates",
            "No roles yet. Candidates are imported for a role and scored against its "
            "criteria, so create a role first.",
            "Go to Roles (Ctrl+1) and create one with New role (Ctrl+N).",
            [],
        )
        self.no_roles.setObjectName("noRoles")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.candidate_view)
        self.stack.addWidget(self.no_roles)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- state ------------------------------------------------------------------------------

    def current_role_id(self) -> int | None:
        return self._role_id

    def showing(self) -> str:
        """Which view is up: "no roles", "no candidates", "table" or "candidate"."""
        if self.stack.currentWidget() is self.no_roles:
            return "no roles"
        if self.stack.currentWidget() is self.candidate_view:
            return "candidate"
        return "no candidates" if self.list_stack.currentWidget() is self.no_candidates else "table"

    def _refresh_buttons(self) -> None:
        has_role = self._role_id is not None
        has_rows = self.model.rowCount() > 0
        for widget in (self.import_files_button, self.import_folder_button):
            widget.setEnabled(has_role and self._can_import and not self._importing)
        self.import_action.setEnabled(has_role and self._can_import and not self._importing)
        self.rescore_button.setEnabled(has_role and has_rows and self._can_rescore)
        self.export_bar.set_available(has_role and has_rows)

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        text = f"{total} candidate{'s' if total != 1 else ''}"
        if self.proxy.is_filtering():
            text += f", {shown} shown"
        self.count_label.setText(text)

    # -- roles and rows ----------------------------------------------------------------------

    def refresh_roles(self) -> None:
        roles = self._session.roles
        self._runner.submit(
            "Load roles",
            lambda task: roles.list(),
            on_done=self._show_roles,
            group="candidates:roles",
        )

    def _show_roles(self, roles: list[RoleSummary]) -> None:
        self.roles = roles
        keep = self._role_id
        self.role_box.blockSignals(True)
        self.role_box.clear()
        for role in roles:
            self.role_box.addItem(f"{role.title} (v{role.version})", role.id)
        index = self.role_box.findData(keep) if keep is not None else -1
        self.role_box.setCurrentIndex(index if index >= 0 else (0 if roles else -1))
        self.role_box.blockSignals(False)
        if not roles:
            self._role_id = None
            self.model.set_rows([])
            self.stack.setCurrentWidget(self.no_roles)
            self._refresh_buttons()
            return
        if self.stack.currentWidget() is self.no_roles:
            self.stack.setCurrentWidget(self.list_view)
        self._role_chosen(self.role_box.currentIndex())

    def select_role(self, role_id: int) -> None:
        index = self.role_box.findData(role_id)
        if index >= 0:
            self.role_box.setCurrentIndex(index)

    def _role_chosen(self, index: int) -> None:
        role_id = self.role_box.itemData(index) if index >= 0 else None
        self._role_id = role_id if isinstance(role_id, int) else None
        self._say(self.message, "")
        if self._role_id is not None:
            self.reload_rows()
        self._refresh_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._rows_stale:
            self.reload_rows()

    def reload_rows(self) -> None:
        role_id = self._role_id
        if role_id is None:
            return
        self._rows_stale = not self.isVisible()
        if self._rows_stale:
            return
        screenings = self._session.screenings
        self._runner.submit(
            "Load candidates",
            lambda task: screenings.rows(role_id),
            on_done=lambda rows: self._show_rows(role_id, rows),
            on_error=self._failed,
            group="candidates:rows",
        )

    def _show_rows(self, role_id: int, rows: list[CandidateRow]) -> None:
        if role_id != self._role_id:
            return  # the user moved on to another role meanwhile
        selected = self._selected_candidate()
        self._rows_role = role_id
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.proxy.refilter()
        self.list_stack.setCurrentWidget(self.table if rows else self.no_candidates)
        if selected is not None:
            self.select_candidate(selected)
        elif rows:
            self.table.selectRow(0)
        self._update_count()
        self._show_version_notice(role_id, rows)
        self._refresh_buttons()
        self.rows_loaded.emit(role_id)

    def _show_version_notice(self, role_id: int, rows: list[CandidateRow]) -> None:
        role = next((r for r in self.roles if r.id == role_id), None)
        stale = sum(1 for r in rows if role is not None and r.criteria_version != role.version)
        if role is None or not stale:
            self._say(self.notice, "")
            return
        self._say(
            self.notice,
            f"{stale} candidate{'s were' if stale != 1 else ' was'} scored against older "
            f"criteria than version {role.version}. Re-score to rank everyone by the current ones.",
        )

    def _filter_changed(self, *_args: Any) -> None:
        self.proxy.set_filter(self.filter_edit.text(), self.must_haves_only.isChecked())
        self._update_count()

    def focus_filter(self) -> None:
        if self.stack.currentWidget() is self.candidate_view:
            self.back_to_list()
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _selected_candidate(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.candidate_id(self.proxy.mapToSource(index).row())

    def select_candidate(self, candidate_id: int) -> bool:
        row = self.model.row_of(candidate_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    # -- the candidate page -------------------------------------------------------------------

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_candidate(self.model.candidate_id(self.proxy.mapToSource(index).row()))

    def open_candidate(self, candidate_id: int) -> None:
        role_id = self._role_id
        if role_id is None:
            return
        screenings = self._session.screenings
        self._runner.submit(
            "Open candidate",
            lambda task: screenings.detail(role_id, candidate_id),
            on_done=self._show_candidate,
            on_error=self._failed,
            group="candidates:detail",
        )

    def _show_candidate(self, detail: CandidateDetail) -> None:
        if detail.role_id != self._role_id:
            return
        self.candidate_view.show_detail(detail, blind=self.blind.is_on())
        self.stack.setCurrentWidget(self.candidate_view)
        self.candidate_view.text.setFocus()
        self.candidate_opened.emit(detail.candidate_id)

    def back_to_list(self) -> None:
        shown = self.candidate_view.candidate_id()
        self.stack.setCurrentWidget(self.list_view)
        if shown is not None:
            self.select_candidate(shown)
        self.table.setFocus()

    def _blind_changed(self, on: bool) -> None:
        self.model.set_blind(on)
        self.candidate_view.set_blind(on)

    # -- import ----------------------------------------------------------------------------------

    def choose_files(self) -> None:
        if self._role_id is not None and self._can_import and not self._importing:
            self._chooser.open_files(self, "Import resumes", RESUME_FILTER, self.import_paths)

    def choose_folder(self) -> None:
        if self._role_id is not None and self._can_import and not self._importing:
            self._chooser.open_folder(self, "Import a folder of resumes", self.import_paths)

    def import_paths(self, paths: list[Path]) -> None:
        role_id = self._role_id
        if role_id is None or not paths or not self._can_import or self._importing:
            return
        session, registry, chosen = self._session, self._registry, list(paths)

        def work(task: Task) -> ImportReport:
            return import_resumes(session, role_id, chosen, task, registry=registry)

        def finished() -> None:
            self._importing = False
            self._say(self.notice, "")
            self._refresh_buttons()
            self.refresh_roles()  # candidate counts changed; rows reload with the role

        def done(report: ImportReport) -> None:
            finished()
            self.show_import_summary(report)

        def failed(exc: BaseException) -> None:
            finished()
            self._failed(exc)

        self._importing = True
        self._refresh_buttons()
        self._say(self.message, "")
        self._say(
            self.notice,
            f"Importing {len(chosen)} item{'s' if len(chosen) != 1 else ''} in the background; "
            "progress and Cancel are in the Jobs panel (Ctrl+J).",
        )
        self._runner.submit(
            f"Import {len(chosen)} item{'s' if len(chosen) != 1 else ''}",
            work,
            on_done=done,
            on_error=failed,
            on_cancel=finished,
        )

    def show_import_summary(self, report: ImportReport) -> ImportSummaryDialog:
        dialog = ImportSummaryDialog(report, self)
        dialog.show()
        self.dialog_opened.emit(dialog)
        return dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event.mimeData().hasUrls(), event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if not self._accepts(event.mimeData().hasUrls(), urls):
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths([Path(url.toLocalFile()) for url in urls if url.isLocalFile()])

    def _accepts(self, has_urls: bool, urls: list[Any]) -> bool:
        return (
            has_urls
            and self._can_import
            and not self._importing
            and self._role_id is not None
            and any(url.isLocalFile() for url in urls)
        )

    # -- re-score (exports: ExportBar) --------------------------------------------------------

    def rescore(self) -> None:
        role_id = self._role_id
        if role_id is None or not self._can_rescore:
            return
        screenings, registry = self._session.screenings, self._registry
        self._runner.submit(
            "Re-score candidates",
            lambda task: screenings.rescore(role_id, task, registry=registry),
            on_done=lambda _count: self.reload_rows(),
            on_error=self._failed,
            on_cancel=self.reload_rows,
        )

    def _export_role(self) -> tuple[int, str] | None:
        role = next((r for r in self.roles if r.id == self._role_id), None)
        return None if role is None else (role.id, role.title)

    def _exported(self, written: Path) -> None:
        self._say(self.message, "")
        self._say(self.notice, f"Exported to {written}")

    @staticmethod
    def _say(label: QLabel, text: str) -> None:
        """Show a message line only while it has something to say."""
        label.setText(text)
        label.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CandorError):
            self._say(self.message, exc.user_text())
        else:
            self._runner.report_error(exc)
