"""The Reports page (Ctrl+4): everything that leaves Candor or concerns the whole workspace.

A list of sections on the left, the chosen section on the right. What a role may
not use is listed with the reason instead of its controls (reviewers get no new
section at all). Candidates and roles are read once when the page is first shown
(each listing is audit-logged) and again on F5 or after a change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.accounts import Permission
from app.reports import hub
from app.reports.hub import CandidateChoice
from app.screening.roles import RoleSummary
from app.workspace import Session
from views.empty_state import EmptyState
from views.jobs import QtJobRunner
from views.reports.audit_section import AuditSection
from views.reports.counterfactual_section import CounterfactualSection
from views.reports.folder import FolderOffer
from views.reports.interview_section import InterviewReportsSection
from views.reports.inventory_section import InventorySection
from views.reports.requests_section import RequestsSection
from views.reports.retention_section import RetentionSection
from views.reports.section import Section, locked
from views.reports.shortlist_section import ShortlistSection
from views.reports.summary_section import SummarySection
from views.screening.blind import BlindMode
from views.screening.file_dialogs import FileChooser

ADMIN_ONLY = "Administrators only: {what}."


class ReportsPage(QWidget):
    """`requests_changed()` when data-subject requests may have changed (the status bar)."""

    requests_changed = Signal()
    loaded = Signal()

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        model_dir: Path,
        *,
        blind: BlindMode | None = None,
        chooser: FileChooser | None = None,
        offer: FolderOffer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.session = session
        self.runner = runner
        self.blind = blind or BlindMode(session.user, self)
        self.chooser = chooser or FileChooser()
        self.offer = offer or FolderOffer()
        self._model_dir = model_dir
        self._loaded = False
        self._choices: list[CandidateChoice] = []
        self.sections: dict[str, Section] = {}
        self._locked: dict[str, str] = {}  # title -> why this role may not use it
        self.nav = QListWidget()
        self.nav.setObjectName("reportSections")
        self.nav.setAccessibleName("Report sections")
        self.nav.setFixedWidth(190)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet("QListWidget::item { padding: 6px }")
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if not session.user.can(Permission.EXPORT_CANDIDATE_DATA):
            self.nav.hide()
            self.stack.addWidget(_not_for_role(str(session.user.role)))
        else:
            self._build_sections()
            layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.setCurrentRow(0)
        refresh = QAction("&Refresh", self)
        refresh.setShortcut(QKeySequence("F5"))
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(self.reload)
        self.addAction(refresh)

    # -- building -------------------------------------------------------------------------

    def _build_sections(self) -> None:
        s, r, c, o = self.session, self.runner, self.chooser, self.offer
        admin = s.user.can(Permission.MANAGE_COMPLIANCE)
        locked: list[tuple[str, str]] = []
        self._add(InterviewReportsSection(s, r, c, o))
        self._add(ShortlistSection(s, r, c, o))
        if s.user.can(Permission.MANAGE_USERS):
            self._add(SummarySection(s, r, c, o, self._model_dir))
        else:
            locked.append((SummarySection.title, "the summary lists the user accounts"))
        if admin:
            self._add(AuditSection(s, r, c, o))
            self._add(CounterfactualSection(s, r, c, o, self._model_dir))
            self._add(RetentionSection(s, r, c, o))
        else:
            locked += [
                (AuditSection.title, "the audit reads the voluntary demographic answers"),
                (CounterfactualSection.title, "it belongs to the bias audit"),
                (RetentionSection.title, "retention removes data and sets legal holds"),
            ]
        requests = RequestsSection(s, r, c, o)
        requests.changed.connect(self.requests_changed)
        self._add(requests)
        self._add(InventorySection(s, r, c, o))
        if locked:
            self._add_header("Administrators only")
        for title, why in locked:
            self._add_locked(title, ADMIN_ONLY.format(what=why))
        for section in self.sections.values():
            section.changed.connect(self.reload)
        self.blind.changed.connect(lambda _on: self._show_choices())

    def _add(self, section: Section) -> None:
        self.sections[section.title] = section
        self.stack.addWidget(section)
        self.nav.addItem(section.title)

    def _add_header(self, text: str) -> None:
        """A heading in the list (never selected; its page is an empty placeholder)."""
        self.stack.addWidget(QWidget())
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.nav.addItem(item)

    def _add_locked(self, title: str, reason: str) -> None:
        self.stack.addWidget(locked(title, reason))
        item = QListWidgetItem(title)
        item.setToolTip(reason)
        item.setForeground(self.palette().placeholderText())
        item.setData(Qt.ItemDataRole.UserRole, reason)
        self.nav.addItem(item)
        self._locked[title] = reason

    # -- state ----------------------------------------------------------------------------

    def section_titles(self) -> list[str]:
        """The sections this role may use, in the list's order."""
        return list(self.sections)

    def locked_sections(self) -> dict[str, str]:
        """The sections listed for this role with the reason it may not use them."""
        return dict(self._locked)

    def show_section(self, title: str) -> Section:
        section = self.sections[title]
        self.nav.setCurrentRow(self.stack.indexOf(section))
        return section

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.reload()

    def refresh_if_loaded(self) -> None:
        """After a change elsewhere (the daily sweep): read again if already shown once."""
        if self._loaded:
            self.reload()

    def reload(self) -> None:
        """Read candidates and roles (one job) and hand them to the sections."""
        if not self.sections:
            return
        self._loaded = True
        session = self.session

        def work(task: Task) -> tuple[list[CandidateChoice], list[RoleSummary]]:
            return hub.candidate_choices(session), session.roles.list()

        self.runner.submit(
            "Load reports page", work, on_done=self._show, on_error=self._failed,
            group="reports:load",
        )  # fmt: skip
        for section in self.sections.values():
            section.reload()

    def _show(self, loaded: tuple[list[CandidateChoice], list[RoleSummary]]) -> None:
        self._choices, roles = loaded
        self._show_choices()
        for section in self.sections.values():
            section.set_roles(roles)
        self.loaded.emit()

    def _show_choices(self) -> None:
        blind = self.blind.is_on()
        for section in self.sections.values():
            section.set_candidates(self._choices, blind_names=blind)

    def _failed(self, exc: BaseException) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, Section) and isinstance(exc, CandorError):
            current.fail(exc)
        else:
            self.runner.report_error(exc)


def _not_for_role(role: str) -> EmptyState:
    state = EmptyState(
        "Reports",
        "Reports and exports are for recruiters and administrators: they put candidate "
        "data into files outside Candor's encryption.",
        f"Your role ({role}) reads and rates candidates on the Candidates and Interviews "
        "pages. Ask a recruiter or an administrator for a report.",
    )
    state.setObjectName("reportsNotForRole")
    return state
