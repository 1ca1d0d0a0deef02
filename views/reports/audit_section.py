"""Bias audit (administrators): one role and a period, shown here and exported as a file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from analysis.tasks import Task
from app.fairness.audit import build_audit
from app.fairness.model import BiasAudit
from app.screening.roles import RoleSummary
from app.workspace import Session
from views.jobs import QtJobRunner
from views.reports.audit_html import audit_html
from views.reports.folder import FolderOffer
from views.reports.section import Section, fill_roles, role_picker, tab_order
from views.screening.common import file_slug
from views.screening.file_dialogs import FileChooser

HELP = (
    "Adverse impact for one role: for sex, race/ethnicity and both together, how many "
    "people, the share selected at screening and by a person, and each category's ratio "
    "to the highest one. Ratios under four-fifths (0.8) are flagged, small samples warned "
    "and tested (Fisher exact test). Demographics are voluntary and read only here."
)
FORMATS = (("pdf", "PDF with charts"), ("csv", "CSV"), ("json", "JSON"))


class AuditSection(Section):
    title = "Bias audit"

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        offer: FolderOffer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, runner, chooser, offer, HELP, parent)
        self.setObjectName("biasAudit")
        self.audit: BiasAudit | None = None
        self.role_box = role_picker("auditRole", 20)
        self.whole = QCheckBox("&Whole history")
        self.whole.setChecked(True)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addYears(-1))
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.whole.toggled.connect(self._whole_toggled)
        self.format_box = QComboBox()
        self.format_box.setObjectName("auditFormat")
        self.format_box.setAccessibleName("Format")
        for key, text in FORMATS:
            self.format_box.addItem(text, key)
        self.illinois = QCheckBox("&Illinois variant")
        self.illinois.setObjectName("auditIllinois")
        self.illinois.setToolTip(
            "The Illinois AI Video Interview Act's yearly report: race and ethnicity of "
            "applicants afforded an in-person interview or not"
        )
        self.preview_button = QPushButton("&Show audit")
        self.preview_button.setObjectName("showAudit")
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton("E&xport audit…")
        self.export_button.setObjectName("exportAudit")
        self.export_button.clicked.connect(self.choose)
        self.view = QTextBrowser()
        self.view.setObjectName("auditView")
        self.view.setAccessibleName("Bias audit")
        self.view.setPlaceholderText(
            "Choose a role and a period, then Show audit. Demographics come from the kiosk's "
            "voluntary self-identification step or an import (candor demographics import)."
        )
        first = QHBoxLayout()
        role_label = QLabel("&Role:")
        role_label.setBuddy(self.role_box)
        first.addWidget(role_label)
        first.addWidget(self.role_box, 1)
        first.addWidget(self.whole)
        first.addWidget(QLabel("From"))
        first.addWidget(self.date_from)
        first.addWidget(QLabel("to"))
        first.addWidget(self.date_to)
        second = QHBoxLayout()
        second.addWidget(self.preview_button)
        second.addStretch(1)
        format_label = QLabel("F&ormat:")
        format_label.setBuddy(self.format_box)
        second.addWidget(format_label)
        second.addWidget(self.format_box)
        second.addWidget(self.illinois)
        second.addWidget(self.export_button)
        self.body.addLayout(first)
        self.body.addLayout(second)
        self.body.addWidget(self.view, 1)
        tab_order(
            self.role_box,
            self.whole,
            self.date_from,
            self.date_to,
            self.preview_button,
            self.format_box,
            self.illinois,
            self.export_button,
            self.view,
        )
        self.refresh_buttons()

    def set_roles(self, roles: Sequence[RoleSummary]) -> None:
        fill_roles(self.role_box, roles, lambda role: role.title)
        self.refresh_buttons()

    def _whole_toggled(self, whole: bool) -> None:
        self.date_from.setEnabled(not whole)
        self.date_to.setEnabled(not whole)

    def period(self) -> tuple[date | None, date | None]:
        if self.whole.isChecked():
            return None, None
        return self.date_from.date().toPython(), self.date_to.date().toPython()  # type: ignore[return-value]

    def refresh_buttons(self) -> None:
        ready = self.role_box.currentIndex() >= 0 and not self.busy
        self.preview_button.setEnabled(ready)
        self.export_button.setEnabled(ready)

    def preview(self) -> None:
        role_id = self.role_box.currentData()
        if not isinstance(role_id, int):
            return
        session, (start, end) = self.session, self.period()
        self.start(
            "Bias audit",
            lambda task: build_audit(session, role_id, date_from=start, date_to=end),
            self._show,
            quiet=True,
        )

    def _show(self, audit: BiasAudit) -> None:
        self.audit = audit
        self.view.setHtml(audit_html(audit))

    def choose(self) -> None:
        if self.export_button.isEnabled():
            self.ask_folder("Folder for the bias audit", self.export_to)

    def export_to(self, folder: Path) -> None:
        from app.fairness.report import export_audit
        from app.reports.hub import check_folder

        role_id, fmt = self.role_box.currentData(), str(self.format_box.currentData())
        if not isinstance(role_id, int):
            return
        session, (start, end) = self.session, self.period()
        illinois = self.illinois.isChecked()
        stem = ("illinois-report-" if illinois else "bias-audit-") + file_slug(
            self.role_box.currentText(), "role"
        )

        def work(task: Task) -> tuple[BiasAudit, list[Path]]:
            check_folder(folder)
            audit = build_audit(session, role_id, date_from=start, date_to=end)
            task.check()
            path = folder / f"{stem}.{fmt}"
            return audit, [export_audit(session, audit, path, fmt, illinois=illinois)]

        def done(result: tuple[BiasAudit, list[Path]]) -> None:
            self._show(result[0])
            self.offer_folder(folder, result[1])

        self.start("Export bias audit", work, done)
