"""Question sets: the list, a set's details, its questions in order, and one question's form.

Every read and write runs as a job (`session.interviews.question_sets`). The
questions are reordered by drag and drop (the list's model reports the move;
the new order is saved at once). A set that interviews already use is frozen:
its questions cannot change (their answers must keep meaning the question that
was asked), which the editor says, offering a copy to edit instead. People who
may only read candidates see the sets read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.accounts import Permission
from app.interviews import (
    PracticeSettings,
    QuestionBank,
    QuestionSet,
    QuestionSetDraft,
    QuestionSetSummary,
    list_banks,
)
from app.workspace import Session
from views.forms import message_label
from views.interviews.common import show_text
from views.jobs import QtJobRunner
from views.screening.common import confirm, file_slug

T = TypeVar("T")
Chosen = Callable[[list[Path]], None]
QUESTION_SET_FILTER = "Question sets (*.yaml *.yml);;All files (*)"
NOTE_STYLE = "color: #1d6b33"
FROZEN_STYLE = "QFrame#frozenBanner { background: #fff4e5; border: 1px solid #e0a040; }"
NEW_SET_NAME = "New question set"


class FileChoosing(Protocol):
    """What the panel needs of `views.screening.file_dialogs.FileChooser` (tests pass their own)."""

    def open_file(
        self, parent: QWidget, caption: str, name_filter: str, chosen: Chosen
    ) -> None: ...

    def save_file(
        self, parent: QWidget, caption: str, name_filter: str, suggested: str, chosen: Chosen
    ) -> None: ...


class QuestionSetsPanel(QWidget):
    """`sets_changed` after any set is created, changed or deleted; `dialog_opened(QWidget)`
    for each question box it opens (tests answer them)."""

    sets_changed = Signal()
    set_loaded = Signal(int)
    dialog_opened = Signal(QWidget)

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        chooser: FileChoosing,
        parent: QWidget | None = None,
    ) -> None:
        from views.interviews.question_form import QuestionForm

        super().__init__(parent)
        self.setObjectName("questionSetsPanel")
        self._repo = session.interviews.question_sets
        self._session = session
        self._runner = runner
        self._chooser = chooser
        self._can_manage = session.user.can(Permission.MANAGE_INTERVIEWS)
        self.sets: list[QuestionSetSummary] = []
        self.current: QuestionSet | None = None
        self._question_id: int | None = None  # the question in the form; None: a new one
        self._roles: list[tuple[int, str]] = []

        # Left: the sets.
        self.new_button = self._button("&New", self.new_set, "Create an empty question set")
        self.bank_button = self._button("From &bank", None, "Start from a default question bank")
        self.bank_menu = QMenu(self.bank_button)
        self.bank_menu.setObjectName("bankMenu")
        self.bank_button.setMenu(self.bank_menu)
        self.import_button = self._button(
            "&Import…", self.choose_import, "Import a question set from a YAML file"
        )
        self.export_button = self._button(
            "E&xport…", self.choose_export, "Save this question set as a YAML file", manage=False
        )
        self.duplicate_button = self._button("D&uplicate", self.duplicate_set)
        self.delete_button = self._button(
            "&Delete", self.confirm_delete_set, "Delete this question set"
        )
        self.set_list = QListWidget()
        self.set_list.setObjectName("questionSetList")
        self.set_list.setAccessibleName("Question sets")
        self.set_list.currentRowChanged.connect(self._set_chosen)

        # Right: the chosen set.
        self.set_title = QLabel("No question set chosen")
        self.set_title.setObjectName("setTitle")
        self.set_title.setStyleSheet("font-size: 14pt; font-weight: 600")
        self.frozen_banner = QFrame()
        self.frozen_banner.setObjectName("frozenBanner")
        self.frozen_banner.setStyleSheet(FROZEN_STYLE)
        self.frozen_text = QLabel()
        self.frozen_text.setObjectName("frozenText")
        self.frozen_text.setWordWrap(True)
        self.frozen_duplicate = self._button("Duplicate to edit", self.duplicate_set)
        banner = QHBoxLayout(self.frozen_banner)
        banner.addWidget(self.frozen_text, 1)
        banner.addWidget(self.frozen_duplicate)
        self.frozen_banner.setVisible(False)

        self.name = QLineEdit()
        self.name.setObjectName("setName")
        self.name.setAccessibleName("Question set name")
        self.role = QComboBox()
        self.role.setObjectName("setRole")
        self.role.setAccessibleName("Role")
        self.description = QPlainTextEdit()
        self.description.setObjectName("setDescription")
        self.description.setMaximumHeight(44)
        self.practice = QCheckBox("Start with a practice question (never stored)")
        self.practice.setObjectName("practiceEnabled")
        self.practice_text = QPlainTextEdit()
        self.practice_text.setObjectName("practiceText")
        self.practice_text.setAccessibleName("Practice question")
        self.practice_text.setMaximumHeight(44)
        self.practice.toggled.connect(self.practice_text.setEnabled)
        self.save_details_button = self._button("Save details", self.save_details)
        self.save_details_button.setObjectName("saveDetails")

        self.question_list = QListWidget()
        self.question_list.setObjectName("questionList")
        self.question_list.setAccessibleName("Questions, in the order they are asked")
        self.question_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.question_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.question_list.setMinimumHeight(120)
        self.question_list.setWordWrap(True)
        self.question_list.currentRowChanged.connect(self._question_chosen)
        self.question_list.model().rowsMoved.connect(self._questions_moved)
        self.add_question_button = self._button(
            "&Add", self.new_question, "Add a question at the end of the set"
        )
        self.delete_question_button = self._button(
            "Remove", self.confirm_delete_question, "Remove the chosen question from the set"
        )

        self.form = QuestionForm()
        self.form.edited.connect(self._refresh_buttons)
        # A pushed step is applied before the stack counts it: refresh once it does.
        self.form.undo_stack.indexChanged.connect(self._history_changed)
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.form.undo_stack.undo)
        self.redo_button = QPushButton("Redo")
        self.redo_button.clicked.connect(self.form.undo_stack.redo)
        self.save_question_button = self._button("&Save question", self.save_question)
        self.save_question_button.setObjectName("saveQuestion")
        self.message = message_label("questionSetsMessage")
        self.note = QLabel()
        self.note.setObjectName("questionSetsNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_list_side())
        splitter.addWidget(self._build_editor_side())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([230, 700])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        show_text(self.message, "")
        show_text(self.note, "")
        self._refresh_buttons()
        self.refresh()
        self._load_roles()
        if self._can_manage:
            self._load_banks()

    def _button(
        self,
        text: str,
        slot: Callable[[], object] | None,
        tip: str = "",
        *,
        manage: bool = True,
    ) -> QPushButton:
        button = QPushButton(text)
        if slot is not None:
            button.clicked.connect(slot)
        if tip:
            button.setToolTip(tip)
        button.setProperty("needsManage", manage)
        return button

    def _build_list_side(self) -> QWidget:
        top = QHBoxLayout()
        for button in (self.new_button, self.bank_button, self.import_button):
            top.addWidget(button)
        bottom = QHBoxLayout()
        for button in (self.export_button, self.duplicate_button, self.delete_button):
            bottom.addWidget(button)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 6, 0)
        column.addLayout(top)
        column.addWidget(self.set_list, 1)
        column.addLayout(bottom)
        return side

    def _build_editor_side(self) -> QWidget:
        details = QGroupBox("Details")
        form = QFormLayout(details)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 3)
        role_label = QLabel("&Role:")
        role_label.setBuddy(self.role)
        name_row.addWidget(role_label)
        name_row.addWidget(self.role, 2)
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name)
        form.addRow(name_label, name_row)
        form.addRow("Des&cription:", self.description)
        practice_row = QHBoxLayout()
        practice_row.addWidget(self.practice)
        practice_row.addStretch(1)
        practice_row.addWidget(self.save_details_button)
        form.addRow(practice_row)
        form.addRow("Practice &question:", self.practice_text)

        questions = QGroupBox("Questions — drag to change the order")
        listing = QVBoxLayout()
        listing.addWidget(self.question_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_question_button)
        row.addWidget(self.delete_question_button)
        row.addStretch(1)
        listing.addLayout(row)
        editing = QVBoxLayout()
        editing.addWidget(self.form)
        actions = QHBoxLayout()
        actions.addWidget(self.undo_button)
        actions.addWidget(self.redo_button)
        actions.addStretch(1)
        actions.addWidget(self.save_question_button)
        editing.addLayout(actions)
        editing.addStretch(1)
        side_by_side = QHBoxLayout(questions)
        side_by_side.addLayout(listing, 1)
        side_by_side.addLayout(editing, 3)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.set_title)
        layout.addWidget(self.frozen_banner)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addWidget(details)
        layout.addWidget(questions)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        return scroll

    # -- state ----------------------------------------------------------------------------

    def is_frozen(self) -> bool:
        return self.current is not None and self.current.interviews > 0

    def _editable(self) -> bool:
        return self._can_manage and self.current is not None and not self.is_frozen()

    def _refresh_buttons(self) -> None:
        has_set = self.current is not None
        for button in (self.new_button, self.bank_button, self.import_button):
            button.setEnabled(self._can_manage)
        self.export_button.setEnabled(has_set)
        self.duplicate_button.setEnabled(self._can_manage and has_set)
        self.frozen_duplicate.setEnabled(self._can_manage)
        self.delete_button.setEnabled(self._editable())
        self.save_details_button.setEnabled(self._can_manage and has_set)
        for widget in (self.name, self.description, self.practice_text):
            widget.setReadOnly(not (self._can_manage and has_set))
        self.practice.setEnabled(self._can_manage and has_set)
        self.role.setEnabled(self._can_manage and has_set)
        editable = self._editable()
        self.question_list.setDragEnabled(editable)
        self.question_list.setDragDropMode(
            QAbstractItemView.DragDropMode.InternalMove
            if editable
            else QAbstractItemView.DragDropMode.NoDragDrop
        )
        self.add_question_button.setEnabled(editable)
        self.delete_question_button.setEnabled(editable and self._question_id is not None)
        in_form = editable and (self._question_id is not None or self.form.is_dirty())
        self.form.set_read_only(not editable)
        self.save_question_button.setEnabled(in_form and self.form.is_dirty())
        self.undo_button.setEnabled(editable and self.form.undo_stack.canUndo())
        self.redo_button.setEnabled(editable and self.form.undo_stack.canRedo())

    def _history_changed(self, _index: int) -> None:
        # The stack also reports while the panel is being destroyed: ignore that.
        if shiboken6.isValid(self.save_question_button) and shiboken6.isValid(self.form):
            self._refresh_buttons()

    def _show_error(self, error: BaseException) -> None:
        if isinstance(error, CandorError):
            show_text(self.note, "")
            show_text(self.message, error.message + (f"\n{error.hint}" if error.hint else ""))
        else:
            self._runner.report_error(error)

    def _run(
        self,
        title: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        group: str | None = None,
    ) -> None:
        def job(task: Task) -> T:
            task.check()
            return work()

        self._runner.submit(title, job, on_done=on_done, on_error=self._show_error, group=group)

    # -- the list of sets -------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        repo = self._repo
        self._run(
            "Load question sets",
            repo.list,
            lambda sets: self._show_sets(sets, select),
            group="interviews:sets",
        )

    def _show_sets(self, sets: list[QuestionSetSummary], select: int | None) -> None:
        self.sets = sets
        keep = select if select is not None else (self.current.id if self.current else None)
        self.set_list.blockSignals(True)
        self.set_list.clear()
        for summary in sets:
            used = f" · used by {summary.interviews}" if summary.interviews else ""
            count = "1 question" if summary.questions == 1 else f"{summary.questions} questions"
            item = QListWidgetItem(f"{summary.name}\n{count}{used}")
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.set_list.addItem(item)
        self.set_list.blockSignals(False)
        row = next((n for n, s in enumerate(sets) if s.id == keep), 0 if sets else -1)
        if row >= 0:
            self.set_list.setCurrentRow(row)
            if keep != sets[row].id or self.current is None or select is not None:
                self.load_set(sets[row].id)
        else:
            self._show_set(None)

    def _set_chosen(self, row: int) -> None:
        if 0 <= row < len(self.sets) and (
            self.current is None or self.sets[row].id != self.current.id
        ):
            self.load_set(self.sets[row].id)

    def load_set(self, set_id: int, *, question: int | None = None) -> None:
        repo = self._repo
        self._run(
            "Open question set",
            lambda: repo.get(set_id),
            lambda loaded: self._show_set(loaded, question),
            group="interviews:set",
        )

    def _show_set(self, loaded: QuestionSet | None, question: int | None = None) -> None:
        previous = self.current.id if self.current is not None else None
        self.current = loaded
        if loaded is None:
            self.set_title.setText("No question sets yet: create one, or start from a bank.")
            self.frozen_banner.setVisible(False)
            self.question_list.clear()
            self._question_id = None
            self.form.load(None)
            self._refresh_buttons()
            return
        if loaded.id != previous:
            show_text(self.message, "")
            show_text(self.note, "")
        self.set_title.setText(loaded.name)
        self.name.setText(loaded.name)
        self.description.setPlainText(loaded.description)
        self.practice.setChecked(loaded.practice.enabled)
        self.practice_text.setPlainText(loaded.practice.text)
        self.practice_text.setEnabled(loaded.practice.enabled)
        self._select_role(loaded.role_id)
        if loaded.interviews:
            noun = "interview uses" if loaded.interviews == 1 else "interviews use"
            self.frozen_text.setText(
                f"{loaded.interviews} {noun} this set, so its questions can no longer change: "
                "their answers must keep meaning the questions that were asked. The name, "
                "role and practice question can still change. Duplicate it to edit the questions."
            )
        self.frozen_banner.setVisible(bool(loaded.interviews))
        keep = question if question is not None else self._question_id
        self.question_list.blockSignals(True)
        self.question_list.clear()
        for q in loaded.questions:
            item = QListWidgetItem(_question_title(q.position, q.text))
            item.setData(Qt.ItemDataRole.UserRole, q.id)
            item.setToolTip(q.text)
            self.question_list.addItem(item)
        self.question_list.blockSignals(False)
        ids = [q.id for q in loaded.questions]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        self._question_id = None
        if row >= 0:
            self.question_list.setCurrentRow(row)
            self._load_question(row)
        else:
            self.form.load(None)
        self._refresh_buttons()
        self.set_loaded.emit(loaded.id)

    # -- roles and banks ------------------------------------------------------------------------

    def _load_roles(self) -> None:
        roles = self._session.roles

        def work() -> list[tuple[int, str]]:
            return [(r.id, r.title) for r in roles.list()]

        def failed(error: BaseException) -> None:
            if not isinstance(error, CandorError):
                self._runner.report_error(error)  # a reader without role rights: no roles

        self._runner.submit(
            "Load roles", lambda task: work(), on_done=self._show_roles, on_error=failed
        )
        self._show_roles([])

    def _show_roles(self, roles: list[tuple[int, str]]) -> None:
        self._roles = roles
        self.role.blockSignals(True)
        self.role.clear()
        self.role.addItem("(no role)", None)
        for role_id, title in roles:
            self.role.addItem(title, role_id)
        self.role.blockSignals(False)
        self._select_role(self.current.role_id if self.current is not None else None)

    def _select_role(self, role_id: int | None) -> None:
        index = self.role.findData(role_id) if role_id is not None else 0
        if index < 0:
            self.role.addItem(f"Role #{role_id}", role_id)
            index = self.role.count() - 1
        self.role.setCurrentIndex(index)

    def _load_banks(self) -> None:
        self._run("Load question banks", list_banks, self._show_banks)

    def _show_banks(self, banks: list[QuestionBank]) -> None:
        self.bank_menu.clear()
        for bank in banks:
            action = self.bank_menu.addAction(f"{bank.name} ({bank.questions} questions)")
            action.setToolTip(bank.description)
            action.setData(bank.id)
            action.triggered.connect(lambda _=False, b=bank.id: self.import_bank(b))

    # -- set actions ----------------------------------------------------------------------------

    def new_set(self) -> None:
        repo = self._repo
        self._write(
            "Create question set",
            lambda: repo.create(QuestionSetDraft(NEW_SET_NAME, ())),
            "Created. Name it, then add its questions.",
        )

    def import_bank(self, bank_id: str) -> None:
        repo = self._repo
        self._write(
            "Import question bank",
            lambda: repo.import_bank(bank_id),
            "Copied from the bank. Edit the copy freely.",
        )

    def choose_import(self) -> None:
        self._chooser.open_file(
            self, "Import a question set", QUESTION_SET_FILTER, self._import_chosen
        )

    def _import_chosen(self, paths: list[Path]) -> None:
        if paths:
            repo, path = self._repo, paths[0]
            self._write("Import question set", lambda: repo.import_file(path), "Imported.")

    def choose_export(self) -> None:
        if self.current is None:
            return
        suggested = f"{file_slug(self.current.name, 'question-set')}.yaml"
        self._chooser.save_file(
            self, "Export the question set", QUESTION_SET_FILTER, suggested, self._export_chosen
        )

    def _export_chosen(self, paths: list[Path]) -> None:
        if not paths or self.current is None:
            return
        repo, set_id, path = self._repo, self.current.id, paths[0]

        def work() -> Path:
            text = repo.export_yaml(set_id)
            try:
                path.write_text(text, encoding="utf-8")
            except OSError:
                raise CandorError(
                    f'The file "{path.name}" could not be written.',
                    "Choose a folder you may write to.",
                ) from None
            return path

        self._run("Export question set", work, lambda p: self._say(f"Exported to {p.name}."))

    def duplicate_set(self) -> None:
        if self.current is not None:
            repo, set_id = self._repo, self.current.id
            self._write("Duplicate question set", lambda: repo.duplicate(set_id), "Duplicated.")

    def confirm_delete_set(self) -> None:
        if self.current is None:
            return
        repo, set_id = self._repo, self.current.id

        def delete() -> None:
            self._run("Delete question set", lambda: repo.delete(set_id), self._deleted)

        box = confirm(
            self, "Delete question set", f'Delete "{self.current.name}" and its questions?',
            "Delete", delete,
        )  # fmt: skip
        self.dialog_opened.emit(box)

    def _deleted(self, _: object) -> None:
        self.current = None
        self._say("Deleted.")
        self.refresh()
        self.sets_changed.emit()

    def save_details(self) -> None:
        if self.current is None:
            return
        repo, current = self._repo, self.current
        name, description = self.name.text(), self.description.toPlainText()
        practice = PracticeSettings(
            enabled=self.practice.isChecked(),
            text=self.practice_text.toPlainText().strip(),
            think_seconds=current.practice.think_seconds,
            answer_seconds=current.practice.answer_seconds,
        )
        role = self.role.currentData()

        def work() -> QuestionSet:
            saved = repo.update_details(
                current.id, name=name, description=description, practice=practice
            )
            if role != current.role_id:
                saved = repo.set_role(current.id, role)
            return saved

        self._write("Save question set details", work, "Details saved.")

    def _write(self, title: str, work: Callable[[], QuestionSet], done_text: str) -> None:
        def done(saved: QuestionSet) -> None:
            self._say(done_text)
            self.refresh(select=saved.id)
            self.sets_changed.emit()

        self._run(title, work, done)

    def _say(self, text: str) -> None:
        show_text(self.message, "")
        show_text(self.note, text)

    # -- questions --------------------------------------------------------------------------------

    def _question_chosen(self, row: int) -> None:
        if self.current is None or not 0 <= row < len(self.current.questions):
            return
        chosen = self.current.questions[row].id
        if chosen == self._question_id:
            return
        if self.form.is_dirty():
            self._reselect_question()
            box = confirm(
                self, "Unsaved question",
                "The question in the form has changes that are not saved. Discard them?",
                "Discard changes", lambda: self._discard_and_show(chosen),
            )  # fmt: skip
            self.dialog_opened.emit(box)
            return
        self._load_question(row)

    def _discard_and_show(self, question_id: int) -> None:
        assert self.current is not None
        ids = [q.id for q in self.current.questions]
        if question_id in ids:
            self.form.mark_saved()
            self.question_list.setCurrentRow(ids.index(question_id))
            self._load_question(ids.index(question_id))

    def _reselect_question(self) -> None:
        assert self.current is not None
        ids = [q.id for q in self.current.questions]
        self.question_list.blockSignals(True)
        if self._question_id in ids:
            self.question_list.setCurrentRow(ids.index(self._question_id))
        else:
            self.question_list.clearSelection()
        self.question_list.blockSignals(False)

    def _load_question(self, row: int) -> None:
        assert self.current is not None
        question = self.current.questions[row]
        self._question_id = question.id
        self.form.load(question)
        self._refresh_buttons()

    def new_question(self) -> None:
        if not self._editable():
            return
        self._question_id = None
        self.question_list.blockSignals(True)
        self.question_list.clearSelection()
        self.question_list.setCurrentRow(-1)
        self.question_list.blockSignals(False)
        self.form.load(None)
        self._say("A new question: write it, then save it.")
        self._refresh_buttons()
        self.form.text.setFocus()

    def save_question(self) -> None:
        if self.current is None:
            return
        repo, set_id, question_id = self._repo, self.current.id, self._question_id
        draft = self.form.draft()

        def work() -> Any:
            if question_id is None:
                return repo.add_question(set_id, draft)
            return repo.update_question(question_id, draft)

        def done(saved: Any) -> None:
            self.form.mark_saved()
            self._say("Question saved.")
            self.load_set(set_id, question=saved.id)
            self.sets_changed.emit()

        self._run("Save question", work, done)

    def confirm_delete_question(self) -> None:
        if self.current is None or self._question_id is None:
            return
        repo, set_id, question_id = self._repo, self.current.id, self._question_id

        def delete() -> None:
            def done(_: object) -> None:
                self._question_id = None
                self.form.mark_saved()
                self._say("Question deleted.")
                self.load_set(set_id)
                self.sets_changed.emit()

            self._run("Delete question", lambda: repo.delete_question(question_id), done)

        box = confirm(
            self, "Delete question", "Delete this question from the set?", "Delete", delete
        )
        self.dialog_opened.emit(box)

    def question_order(self) -> list[int]:
        """The question ids in the order the list shows them."""
        return [
            int(self.question_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.question_list.count())
        ]

    def _questions_moved(
        self,
        parent: QModelIndex | QPersistentModelIndex,
        start: int,
        end: int,
        destination: QModelIndex | QPersistentModelIndex,
        row: int,
    ) -> None:
        if self.current is None:
            return
        repo, set_id, order = self._repo, self.current.id, self.question_order()

        def failed(error: BaseException) -> None:
            self._show_error(error)
            self.load_set(set_id)  # show the order that is really stored

        self._runner.submit(
            "Reorder questions",
            lambda task: repo.reorder(set_id, order),
            on_done=lambda saved: self._show_set(saved),
            on_error=failed,
        )


def _question_title(position: int, text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    short = flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
    return f"{position + 1}. {short}"
