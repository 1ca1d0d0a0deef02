"""What every part of the Reports page shares: a heading, help text, messages, and jobs.

A section runs its slow work through the job runner in its own group (one job per
section at a time), keeps its buttons disabled meanwhile, shows expected failures
(`CandorError`) inline and hands anything else to the error router.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.reports.hub import CandidateChoice
from app.screening.roles import RoleSummary
from app.workspace import Session
from views.empty_state import EmptyState
from views.forms import message_label
from views.jobs import QtJobRunner
from views.reports.folder import FolderOffer
from views.screening.file_dialogs import FileChooser

T = TypeVar("T")

NOTICE_STYLE = "color: #1f5f3a"


class Section(QWidget):
    """`changed()` after this section changed data others show (requests, holds, exports)."""

    changed = Signal()

    #: Shown in the page's list of sections.
    title = "Section"

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChooser,
        offer: FolderOffer,
        help_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = runner
        self.chooser = chooser
        self.offer = offer
        self.busy = False
        self.heading = QLabel(self.title)
        self.heading.setObjectName("sectionHeading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600")
        self.help = QLabel(help_text)
        self.help.setObjectName("sectionHelp")
        self.help.setWordWrap(True)
        self.message = message_label("sectionMessage")
        self.message.setVisible(False)
        self.notice = QLabel()
        self.notice.setObjectName("sectionNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setVisible(False)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.help)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)

    # -- messages -------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        if text:
            self.message.setVisible(False)

    def fail(self, exc: BaseException) -> None:
        """Expected failures inline (message and hint); anything else to the error router."""
        if isinstance(exc, CandorError):
            self.message.setText(exc.user_text())
            self.message.setVisible(True)
            self.notice.setVisible(False)
        else:
            self.runner.report_error(exc)

    # -- jobs -----------------------------------------------------------------------------

    def start(
        self,
        title: str,
        work: Callable[[Task], T],
        done: Callable[[T], None],
        *,
        quiet: bool = False,
    ) -> None:
        """Run an action as this section's job; `done(result)` on the UI thread afterwards.

        Buttons stay disabled until it ends; `quiet` leaves out the "running" notice.
        """
        if self.busy:
            return
        self.busy = True
        self.message.setVisible(False)
        if not quiet:
            self.say(f"{title}: running in the background (progress and Cancel: Ctrl+J).")
        self.refresh_buttons()

        def finished(result: T) -> None:
            self._finish()
            if not quiet:
                self.say("")
            done(result)

        def cancelled() -> None:
            self._finish()
            self.say(f"{title}: cancelled.")

        def failed(exc: BaseException) -> None:
            self._finish()
            self.fail(exc)

        self.runner.submit(
            title, work, on_done=finished, on_error=failed, on_cancel=cancelled,
            group=self.job_group,
        )  # fmt: skip

    def load(self, title: str, work: Callable[[Task], T], done: Callable[[T], None]) -> None:
        """Read data for display: a newer load replaces an older one; actions go on."""
        self.runner.submit(
            title, work, on_done=done, on_error=self.fail, group=f"{self.job_group}:load"
        )

    @property
    def job_group(self) -> str:
        """The section's job group: the runner cancels a group's previous job, so a
        section submits one job at a time (`busy`) and never cuts its own work short."""
        return f"reports:{type(self).__name__}"

    def _finish(self) -> None:
        self.busy = False
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        """Enable what may be used now (sections override)."""

    def ask_folder(self, caption: str, then: Callable[[Path], None]) -> None:
        self.chooser.open_folder(self, caption, lambda paths: then(paths[0]) if paths else None)

    def offer_folder(self, folder: Path, written: Sequence[Path]) -> None:
        count = len(written)
        self.say(f"Wrote {count} file{'s' if count != 1 else ''} to {folder}.")
        self.offer.offer(
            self, folder, f"Wrote {count} file{'s' if count != 1 else ''} to {folder}."
        )
        self.changed.emit()

    def reload(self) -> None:
        """Read fresh data for the section (sections override)."""

    def set_roles(self, roles: Sequence[RoleSummary]) -> None:
        """The workspace's roles, read by the page (sections that need them override)."""

    def set_candidates(self, choices: Sequence[CandidateChoice], *, blind_names: bool) -> None:
        """The candidates, read by the page (sections that need them override)."""


def table(name: str, headers: Sequence[str], stretch: int = -1) -> QTableWidget:
    """A read-only, row-selecting table; `stretch` names the column that takes the slack."""
    made = QTableWidget(0, len(headers))
    made.setObjectName(name)
    made.setAccessibleName(name)
    made.setHorizontalHeaderLabels(list(headers))
    made.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    made.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    made.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    made.setAlternatingRowColors(True)
    made.verticalHeader().setVisible(False)
    header = made.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(stretch < 0)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return made


def fill(widget: QTableWidget, rows: Sequence[Sequence[Any]], keys: Sequence[Any] = ()) -> None:
    """Replace the rows; `keys[i]` is kept as row i's user data (column 0)."""
    widget.setRowCount(0)
    widget.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if c == 0 and r < len(keys):
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            widget.setItem(r, c, item)


def selected_key(widget: QTableWidget) -> Any:
    row = widget.currentRow()
    item = widget.item(row, 0) if row >= 0 else None
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def role_picker(name: str, min_chars: int) -> QComboBox:
    """A role chooser for a section's form; `fill_roles` loads it."""
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName("Role")
    box.setMinimumContentsLength(min_chars)
    return box


def fill_roles(
    box: QComboBox, roles: Sequence[RoleSummary], label: Callable[[RoleSummary], str]
) -> None:
    """Reload the roles, keeping the chosen one when it is still there."""
    keep = box.currentData()
    box.clear()
    for role in roles:
        box.addItem(label(role), role.id)
    index = box.findData(keep)
    box.setCurrentIndex(max(index, 0) if roles else -1)


def tab_order(*widgets: QWidget) -> None:
    """Tab moves through `widgets` in this order (the order they are read on screen)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def locked(title: str, reason: str) -> EmptyState:
    """What a section shows to a role that may not use it."""
    state = EmptyState(title, reason, "Ask an administrator if you need this done.")
    state.setObjectName("sectionLocked")
    return state
