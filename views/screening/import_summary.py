"""After an import: one line per file with its status and the specific message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.screening.importing import ImportReport

COLUMNS = ("File", "Status", "Message")
STATUS_TEXT = {"parsed": "Imported", "duplicate": "Duplicate", "cancelled": "Not imported"}
PROBLEM_BACKGROUND = QColor("#fde7e9")
DUPLICATE_BACKGROUND = QColor("#fff4d6")


def status_text(status: str) -> str:
    return STATUS_TEXT.get(status, status.replace("_", " ").capitalize())


def summary_line(report: ImportReport) -> str:
    total = len(report.files)
    imported = sum(1 for f in report.files if f.candidate_id is not None)
    problems = total - imported
    text = f"{imported} of {total} files imported"
    if problems:
        text += f"; {problems} need attention (see their messages)"
    if report.cancelled:
        text += ". The import was cancelled: files after that point were not read"
    return text + "."


class ImportSummaryDialog(QDialog):
    """Non-modal: the candidate list stays usable while it is open."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle("Import summary")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 420)
        self.report = report
        self.summary = QLabel(summary_line(report))
        self.summary.setObjectName("importSummaryLine")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(report.files), len(COLUMNS))
        self.table.setObjectName("importSummaryTable")
        self.table.setAccessibleName("Imported files")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, item in enumerate(report.files):
            background = None
            if item.candidate_id is None:
                background = PROBLEM_BACKGROUND
            elif item.status == "duplicate":
                background = DUPLICATE_BACKGROUND
            for column, text in enumerate((item.name, status_text(item.status), item.message)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if background is not None:
                    cell.setBackground(background)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]
