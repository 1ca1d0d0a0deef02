"""Skill entry with taxonomy autocomplete and synonyms, and the two skill lists of a role.

The lists do not change themselves: a user's add, remove or weight change is
announced with `edit_requested(new_value, merge_key)` and the criteria editor
applies it through its undo stack (which calls `set_value`).
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from views.screening.skill_lookup import SkillLookup

SUGGESTIONS = 12
MAX_WEIGHT = 100.0

Preferred = tuple[tuple[str, float], ...]


class SkillEntry(QWidget):
    """A line edit that suggests taxonomy skills as you type and names the synonyms.

    `chosen(name)` fires on Enter or Add with the canonical name when the taxonomy
    knows the skill, else with the text as typed (the criteria check reports it).
    """

    chosen = Signal(str)

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lookup: SkillLookup | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(accessible)
        self.edit.setPlaceholderText("Type a skill, e.g. Python")
        self.suggestions = QStringListModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(SUGGESTIONS)
        self.edit.setCompleter(self.completer)
        self.completer.activated.connect(self._completed)
        self.edit.textEdited.connect(self._suggest)
        self.edit.textChanged.connect(self._describe)
        self.edit.returnPressed.connect(self._choose)
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName(f"Add to {accessible}")
        self.add_button.clicked.connect(self._choose)
        self.synonyms = QLabel()
        self.synonyms.setObjectName(f"{name}Synonyms")
        self.synonyms.setWordWrap(True)
        self.synonyms.setStyleSheet("color: palette(placeholder-text)")
        self.synonyms.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.synonyms)
        self.setFocusProxy(self.edit)

    def set_lookup(self, lookup: SkillLookup | None) -> None:
        self._lookup = lookup
        self._describe(self.edit.text())

    def _suggest(self, text: str) -> None:
        if self._lookup is None:
            return
        found = self._lookup.search(text, SUGGESTIONS)
        self.suggestions.setStringList(found)
        popup = self.completer.popup()
        if found and self.edit.hasFocus():
            self.completer.complete()
        elif popup is not None:
            popup.hide()

    def _completed(self, text: str) -> None:
        self.edit.setText(text)

    def _describe(self, text: str) -> None:
        self.set_note(describe_skill(self._lookup, text))

    def set_note(self, text: str) -> None:
        self.synonyms.setText(text)
        self.synonyms.setVisible(bool(text))

    def _choose(self) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            return  # Enter picks the suggestion first; a second Enter adds it
        text = " ".join(self.edit.text().split())
        if not text:
            return
        canonical = self._lookup.canonical(text) if self._lookup is not None else None
        self.chosen.emit(canonical or text)
        self.edit.clear()


def describe_skill(lookup: SkillLookup | None, text: str) -> str:
    """'Python — also found as python3, python 2' for a known skill; a warning otherwise."""
    text = " ".join(text.split())
    if not text or lookup is None:
        return ""
    canonical = lookup.canonical(text)
    if canonical is None:
        return f"“{text}” is not in the skills taxonomy yet."
    synonyms = [s for s in lookup.synonyms(canonical) if s.casefold() != canonical.casefold()]
    shown = f"{canonical} — also found as {', '.join(synonyms)}" if synonyms else canonical
    return shown if canonical.casefold() == text.casefold() else f"{text} → {shown}"


class SkillListEditor(QWidget):
    """An ordered list of skills (must-haves, or skills that count towards experience)."""

    edit_requested = Signal(object, object)  # new tuple[str, ...], merge key (None)

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._skills: tuple[str, ...] = ()
        self.entry = SkillEntry(f"{name}Entry", accessible)
        self.entry.chosen.connect(self._add)
        self.list = QListWidget()
        self.list.setObjectName(name)
        self.list.setAccessibleName(accessible)
        self.list.setMaximumHeight(90)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove from {accessible}")
        self.remove_button.clicked.connect(self._remove_selected)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entry)
        layout.addLayout(row)

    def value(self) -> tuple[str, ...]:
        return self._skills

    def set_value(self, skills: tuple[str, ...]) -> None:
        self._skills = tuple(skills)
        self.list.clear()
        self.list.addItems(list(self._skills))

    def set_lookup(self, lookup: SkillLookup | None) -> None:
        self.entry.set_lookup(lookup)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.entry, self.remove_button):
            widget.setEnabled(not read_only)

    def _add(self, skill: str) -> None:
        if skill.casefold() in (s.casefold() for s in self._skills):
            self.entry.set_note(f"{skill} is already in the list.")
            return
        self.edit_requested.emit((*self._skills, skill), None)

    def _remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._skills):
            self.edit_requested.emit(self._skills[:row] + self._skills[row + 1 :], None)


class PreferredSkillsEditor(QWidget):
    """Preferred skills, each with a weight (how much it counts relative to the others)."""

    edit_requested = Signal(object, object)  # new Preferred, merge key (per skill weight)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._skills: Preferred = ()
        self.entry = SkillEntry("preferredEntry", "Preferred skills")
        self.entry.chosen.connect(self._add)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("preferredSkills")
        self.table.setAccessibleName("Preferred skills and weights")
        self.table.setHorizontalHeaderLabels(["Skill", "Weight"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(QDoubleSpinBox().sizeHint().height() + 4)
        self.table.setMinimumHeight(rows.defaultSectionSize() * 3 + 30)
        self.table.setMaximumHeight(rows.defaultSectionSize() * 5 + 30)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove from preferred skills")
        self.remove_button.clicked.connect(self._remove_selected)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.table, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entry)
        layout.addLayout(row)
        self._read_only = False

    def value(self) -> Preferred:
        return self._skills

    def weight_box(self, row: int) -> QDoubleSpinBox:
        box = self.table.cellWidget(row, 1)
        assert isinstance(box, QDoubleSpinBox)
        return box

    def set_value(self, skills: Preferred) -> None:
        old = self._skills
        self._skills = tuple(skills)
        if [s for s, _ in old] == [s for s, _ in self._skills]:
            for row, (_, weight) in enumerate(self._skills):  # only weights changed
                box = self.weight_box(row)
                if box.value() != weight:
                    box.blockSignals(True)
                    box.setValue(weight)
                    box.blockSignals(False)
            return
        self.table.setRowCount(len(self._skills))
        for row, (skill, weight) in enumerate(self._skills):
            self.table.setItem(row, 0, QTableWidgetItem(skill))
            box = QDoubleSpinBox()
            box.setRange(0.0, MAX_WEIGHT)
            box.setDecimals(1)
            box.setSingleStep(0.5)
            box.setValue(weight)
            box.setAccessibleName(f"Weight of {skill}")
            box.setEnabled(not self._read_only)
            box.valueChanged.connect(lambda value, name=skill: self._weight_changed(name, value))
            self.table.setCellWidget(row, 1, box)

    def set_lookup(self, lookup: SkillLookup | None) -> None:
        self.entry.set_lookup(lookup)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in (self.entry, self.remove_button):
            widget.setEnabled(not read_only)
        for row in range(self.table.rowCount()):
            self.weight_box(row).setEnabled(not read_only)

    def _add(self, skill: str) -> None:
        if skill.casefold() in (s.casefold() for s, _ in self._skills):
            self.entry.set_note(f"{skill} is already in the list.")
            return
        self.edit_requested.emit((*self._skills, (skill, 1.0)), None)

    def _remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._skills):
            self.edit_requested.emit(self._skills[:row] + self._skills[row + 1 :], None)

    def _weight_changed(self, skill: str, weight: float) -> None:
        new = tuple((s, weight if s == skill else w) for s, w in self._skills)
        self.edit_requested.emit(new, f"weight:{skill}")
