"""The crash dialog: what went wrong (type, message, traceback) and recent log lines.

No local variables are ever included (tracebacks are formatted without them),
and Candor's loggers never carry candidate data, so a saved report can be
shared with support.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger("candor.views.crash")


def exception_summary(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def crash_report(exc: BaseException, log_lines: list[str]) -> str:
    """Plain-text report: versions, the exception with its traceback, recent log lines."""
    from PySide6 import __version__ as pyside_version

    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()
    header = (
        f"Candor crash report\n"
        f"Python {sys.version.split()[0]}, PySide6 {pyside_version}, {platform.platform()}\n"
    )
    recent = "\n".join(log_lines) if log_lines else "(no log lines recorded)"
    return (
        f"{header}\n{exception_summary(exc)}\n\nTraceback:\n{trace}\n\n"
        f"Last {len(log_lines)} log lines:\n{recent}\n"
    )


class CrashDialog(QDialog):
    """Non-modal: the app keeps running, the user can copy or save the report."""

    def __init__(
        self, exc: BaseException, log_lines: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Candor: unexpected problem")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 480)
        self._report = crash_report(exc, log_lines)

        intro = QLabel(
            "Candor ran into a problem it did not expect. Your data is safe: "
            "nothing was lost by this message. Please copy or save the report below "
            "and send it to your administrator or support. It contains no candidate data."
        )
        intro.setWordWrap(True)
        summary = QLabel(exception_summary(exc))
        summary.setObjectName("crashSummary")
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary.setStyleSheet("font-weight: bold")

        self.details = QPlainTextEdit(self._report)
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy")
        self.save_button = QPushButton("&Save report…")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_report)
        self.save_button.clicked.connect(self._ask_save)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def report_text(self) -> str:
        return self._report

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self._report)

    def save_to(self, path: Path) -> None:
        path.write_text(self._report, encoding="utf-8")
        log.info("crash report saved")

    def _ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save crash report", "candor-crash-report.txt", "Text files (*.txt)"
        )
        if name:
            self.save_to(Path(name))
