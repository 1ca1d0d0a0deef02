"""The form for one interview question, with undo and redo of every field edit.

Values live in `_values`; a user's edit becomes a `QuestionFieldEdit` on the
form's `QUndoStack` (typing into one field merges into one step), and
undo/redo write the value back into the widget. The fields' own per-widget undo
is off, so Ctrl+Z always means the form's history. The core checks the question
when it is saved (`QuestionSetInvalid` names the field).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.interviews import Question, QuestionDraft
from app.interviews.question_yaml import (
    MAX_ANSWER_SECONDS,
    MAX_RETAKES,
    MAX_THINK_SECONDS,
    MIN_ANSWER_SECONDS,
)

_MERGE_ID = 0x0C42
FIELD_LABELS = {
    "text": "question",
    "intro": "introduction",
    "think_seconds": "thinking time",
    "answer_seconds": "answer time limit",
    "retakes": "retakes",
    "key_points": "key points",
}


class QuestionFieldEdit(QUndoCommand):
    def __init__(self, form: QuestionForm, key: str, old: Any, new: Any) -> None:
        super().__init__(f"Change {FIELD_LABELS[key]}")
        self.form = form
        self.key = key
        self.old = old
        self.new = new

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, QuestionFieldEdit) or other.key != self.key:
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.form.apply(self.key, self.new)

    def undo(self) -> None:
        self.form.apply(self.key, self.old)


def key_points_from_text(text: str) -> tuple[str, ...]:
    """One key point per line; blank lines and repeats dropped."""
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def _seconds(low: int, high: int, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSuffix(" s")
    box.setSingleStep(5)
    box.setAccessibleName(name)
    return box


class QuestionForm(QWidget):
    """`edited` fires after every change of a value (user edit, undo, redo or load)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionForm")
        self._applying = False
        self._values: dict[str, Any] = {}
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")]
        )
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        self.text = QPlainTextEdit()
        self.text.setObjectName("questionText")
        self.text.setAccessibleName("Question")
        self.text.setPlaceholderText("What the candidate is asked (shown and read on the kiosk)")
        self.text.setMaximumHeight(64)
        self.intro = QLineEdit()
        self.intro.setObjectName("questionIntro")
        self.intro.setAccessibleName("Introduction")
        self.intro.setPlaceholderText("Optional: a line shown before the question")
        self.think = _seconds(0, MAX_THINK_SECONDS, "Thinking time in seconds")
        self.think.setObjectName("thinkSeconds")
        self.answer = _seconds(MIN_ANSWER_SECONDS, MAX_ANSWER_SECONDS, "Answer time limit")
        self.answer.setObjectName("answerSeconds")
        self.retakes = QSpinBox()
        self.retakes.setObjectName("retakes")
        self.retakes.setRange(0, MAX_RETAKES)
        self.retakes.setAccessibleName("Retakes allowed")
        self.key_points = QPlainTextEdit()
        self.key_points.setObjectName("keyPoints")
        self.key_points.setAccessibleName("Key points, one per line")
        self.key_points.setPlaceholderText("What you hope to hear, one point per line")
        self.key_points.setMaximumHeight(72)
        for edit in (self.text, self.key_points):
            edit.setUndoRedoEnabled(False)
            edit.setTabChangesFocus(True)
        self.intro.setClearButtonEnabled(True)

        self._setters: dict[str, Callable[[Any], None]] = {
            "text": lambda v: _set_plain(self.text, str(v)),
            "intro": lambda v: self.intro.setText(str(v)) if self.intro.text() != v else None,
            "think_seconds": lambda v: self.think.setValue(int(v)),
            "answer_seconds": lambda v: self.answer.setValue(int(v)),
            "retakes": lambda v: self.retakes.setValue(int(v)),
            "key_points": lambda v: _set_plain(self.key_points, str(v)),
        }
        self.text.textChanged.connect(lambda: self.user_edit("text", self.text.toPlainText()))
        self.intro.textEdited.connect(lambda value: self.user_edit("intro", value))
        self.think.valueChanged.connect(lambda value: self.user_edit("think_seconds", value))
        self.answer.valueChanged.connect(lambda value: self.user_edit("answer_seconds", value))
        self.retakes.valueChanged.connect(lambda value: self.user_edit("retakes", value))
        self.key_points.textChanged.connect(
            lambda: self.user_edit("key_points", self.key_points.toPlainText())
        )

        hint = QLabel(
            "Thinking time is shown before recording starts; the answer stops at its "
            "time limit. Retakes are further tries after the first."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text)")
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow("&Question:", self.text)
        layout.addRow("&Introduction:", self.intro)
        timing = QHBoxLayout()
        timing.addWidget(self.think)
        timing.addWidget(_buddy("&Answer:", self.answer))
        timing.addWidget(self.answer)
        timing.addWidget(_buddy("&Retakes:", self.retakes))
        timing.addWidget(self.retakes)
        layout.addRow(_buddy("&Think time:", self.think), timing)
        layout.addRow("&Key points:", self.key_points)
        layout.addRow(hint)
        self.load(None)

    # -- values and undo ----------------------------------------------------------------

    def user_edit(self, key: str, value: Any) -> None:
        """A change the user made: one undo step (merged while typing in one field)."""
        if self._applying:
            return
        old = self._values[key]
        if value != old:
            self.undo_stack.push(QuestionFieldEdit(self, key, old, value))

    def apply(self, key: str, value: Any) -> None:
        """Set and show a value (undo, redo, loading); never records an undo step."""
        self._values[key] = value
        self._applying = True
        try:
            self._setters[key](value)
        finally:
            self._applying = False
        self.edited.emit()

    def load(self, question: Question | QuestionDraft | None) -> None:
        """Show `question` (a blank new one for None) and forget the undo history."""
        q = question if question is not None else QuestionDraft("")
        values = {
            "text": q.text,
            "intro": q.intro,
            "think_seconds": q.think_seconds,
            "answer_seconds": q.answer_seconds,
            "retakes": q.retakes,
            "key_points": "\n".join(q.key_points),
        }
        for key, value in values.items():
            self.apply(key, value)
        self.undo_stack.clear()
        self.undo_stack.setClean()

    def draft(self) -> QuestionDraft:
        """What the form says, unchecked (the core checks it when saving)."""
        v = self._values
        return QuestionDraft(
            text=str(v["text"]).strip(),
            intro=str(v["intro"]).strip(),
            think_seconds=int(v["think_seconds"]),
            answer_seconds=int(v["answer_seconds"]),
            retakes=int(v["retakes"]),
            key_points=key_points_from_text(str(v["key_points"])),
        )

    def is_dirty(self) -> bool:
        return shiboken6.isValid(self.undo_stack) and not self.undo_stack.isClean()

    def mark_saved(self) -> None:
        self.undo_stack.setClean()

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.text, self.key_points):
            edit.setReadOnly(read_only)
        self.intro.setReadOnly(read_only)
        for box in (self.think, self.answer, self.retakes):
            box.setReadOnly(read_only)
            box.setButtonSymbols(
                QSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QSpinBox.ButtonSymbols.UpDownArrows
            )
        self.undo_action.setEnabled(not read_only and self.undo_stack.canUndo())
        self.redo_action.setEnabled(not read_only and self.undo_stack.canRedo())


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _set_plain(edit: QPlainTextEdit, value: str) -> None:
    if edit.toPlainText() != value:
        cursor = edit.textCursor().position()
        edit.setPlainText(value)
        moved = edit.textCursor()
        moved.setPosition(min(cursor, len(value)))
        edit.setTextCursor(moved)
