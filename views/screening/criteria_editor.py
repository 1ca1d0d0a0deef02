"""The role criteria form, with undo and redo of every field edit.

Each field's value lives in `_values`; a user's edit becomes a `FieldEdit` on
the `QUndoStack` (typing into one field, or nudging one weight, merges into one
step), and undo/redo write the value back into the widget. Ctrl+Z and
Ctrl+Shift+Z belong to the form's stack, not to the line edit under the cursor:
an event filter stops the fields from claiming those keys for their own
per-widget undo. Checking the criteria is the core's job (`validate_criteria`
when saving); `show_problems` puts its answer next to the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.scoring import (
    EDUCATION_LEVELS,
    PART_NAMES,
    ComponentWeights,
    CriteriaInvalid,
    PartWeights,
    RoleCriteria,
    SkillCriterion,
)
from views.forms import ERROR_STYLE
from views.screening.candidates_model import EDUCATION_NAMES
from views.screening.skill_lookup import SkillLookup
from views.screening.skill_widgets import PreferredSkillsEditor, SkillListEditor

_MERGE_ID = 0x0C41
PART_LABELS = {
    "must_haves": "Must-haves",
    "skills": "Preferred skills",
    "experience": "Experience",
    "education": "Education",
    "keywords": "Keywords",
}
FIELD_LABELS = {
    "title": "title",
    "description": "description",
    "must_have": "must-have skills",
    "preferred": "preferred skills",
    "min_years": "minimum years",
    "relevant_skills_for_years": "skills that count as experience",
    "min_education": "minimum education",
    "keywords": "keywords",
    "components": "resume/interview weighting",
    **{f"part_weights.{name}": f"{label.lower()} points" for name, label in PART_LABELS.items()},
}
INVALID_STYLE = "border: 1px solid #b00020"


class FieldEdit(QUndoCommand):
    def __init__(self, editor: CriteriaEditor, key: str, old: Any, new: Any, merge: str | None):
        super().__init__(f"Change {FIELD_LABELS.get(key, key)}")
        self.editor = editor
        self.key = key
        self.old = old
        self.new = new
        self.merge_key = merge

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEdit) or (other.key, other.merge_key) != (
            self.key,
            self.merge_key,
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.editor.apply(self.key, self.new)

    def undo(self) -> None:
        self.editor.apply(self.key, self.old)


class _KeepUndoKeys(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z reach the form's undo actions from inside any field."""

    KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = event.keyCombination().toCombined()
            if any(event.matches(key) for key in self.KEYS) or combo in _REDO_KEYS:
                event.ignore()
                return True
        return False


_REDO_KEYS = {
    QKeySequence("Ctrl+Shift+Z")[0].toCombined(),  # type: ignore[index]
    QKeySequence("Ctrl+Y")[0].toCombined(),  # type: ignore[index]
}


def _spin(low: float, high: float, step: float, decimals: int, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setAccessibleName(name)
    return box


def keywords_from_text(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))


class CriteriaEditor(QWidget):
    """`edited` fires after every change of a value (user edit, undo or redo)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("criteriaEditor")
        self.undo_stack = QUndoStack(self)
        self._values: dict[str, Any] = {}
        self._applying = False
        self._version = 1
        self._setters: dict[str, Callable[[Any], None]] = {}
        self._widgets: dict[str, QWidget] = {}

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        self.problems = QLabel()
        self.problems.setObjectName("criteriaProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setVisible(False)

        self.title = QLineEdit()
        self.title.setObjectName("roleTitle")
        self.title.setAccessibleName("Role title")
        self.title.setPlaceholderText("e.g. Data Engineer")
        self.description = QPlainTextEdit()
        self.description.setObjectName("roleDescription")
        self.description.setAccessibleName("Role description")
        self.description.setUndoRedoEnabled(False)
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.must_have = SkillListEditor("mustHave", "Must-have skills")
        self.preferred = PreferredSkillsEditor()
        self.min_years = _spin(0, 50, 0.5, 1, "Minimum years of relevant experience")
        self.min_years.setSpecialValueText("No minimum")
        self.min_years.setSuffix(" years")
        self.years_skills = SkillListEditor("yearsSkills", "Skills that count as experience")
        self.min_education = QComboBox()
        self.min_education.setObjectName("minEducation")
        self.min_education.setAccessibleName("Minimum education")
        self.min_education.addItem("No minimum", None)
        for level in EDUCATION_LEVELS:
            self.min_education.addItem(EDUCATION_NAMES.get(level, level), level)
        self.keywords = QLineEdit()
        self.keywords.setObjectName("roleKeywords")
        self.keywords.setAccessibleName("Keywords, separated by commas")
        self.keywords.setPlaceholderText("optional, separated by commas, e.g. on-call, fintech")
        self.part_spins = {
            name: _spin(0, 100, 5, 0, f"Points for {label.lower()}")
            for name, label in PART_LABELS.items()
        }
        self.resume_share = QSpinBox()
        self.resume_share.setRange(0, 100)
        self.resume_share.setSingleStep(5)
        self.resume_share.setSuffix(" % resume")
        self.resume_share.setAccessibleName("Share of the resume score in the final score")
        self.interview_share = QLabel()

        self._bind_all()
        self._layout()
        self._undo_keys = _KeepUndoKeys(self)
        for child in self.findChildren(QWidget):
            child.installEventFilter(self._undo_keys)
        self.load(None)

    # -- layout -----------------------------------------------------------------------------

    def _layout(self) -> None:
        role = QFormLayout()
        role.addRow("&Title:", self.title)
        role.addRow("&Description:", self.description)
        skills = QGroupBox("Skills")
        skills_form = QFormLayout(skills)
        skills_form.addRow("&Must-haves:", self.must_have)
        skills_form.addRow(
            QLabel("A candidate missing a must-have is flagged, never rejected automatically.")
        )
        skills_form.addRow("&Preferred:", self.preferred)
        qualifications = QGroupBox("Experience and education")
        qual_form = QFormLayout(qualifications)
        qual_form.addRow("Minimum &years:", self.min_years)
        counts = QLabel("Counts as &experience:")
        counts.setBuddy(self.years_skills.entry.edit)
        counts.setToolTip(
            "Jobs mentioning one of these skills count towards the minimum years. "
            "Empty: the must-have and preferred skills count."
        )
        qual_form.addRow(counts, self.years_skills)
        qual_form.addRow("Minimum &education:", self.min_education)
        qual_form.addRow("&Keywords:", self.keywords)
        weights = QGroupBox("Weighting")
        weights_form = QFormLayout(weights)
        for name, label in PART_LABELS.items():
            weights_form.addRow(f"{label} points:", self.part_spins[name])
        shares = QHBoxLayout()
        shares.addWidget(self.resume_share)
        shares.addWidget(self.interview_share, 1)
        weights_form.addRow("Final score:", shares)
        for form in (role, skills_form, qual_form, weights_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addLayout(role)
        column.addWidget(skills)
        column.addWidget(qualifications)
        column.addWidget(weights)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.problems)
        layout.addWidget(scroll, 1)

    # -- binding widgets to values -------------------------------------------------------------

    def _bind(
        self, key: str, widget: QWidget, setter: Callable[[Any], None], merge: bool = True
    ) -> Callable[[Any], None]:
        """Register a field; returns the slot for the widget's user-edit signal."""
        self._setters[key] = setter
        self._widgets[key] = widget  # the widget outlined when the field has a problem

        def user_changed(value: Any) -> None:
            self.user_edit(key, value, key if merge else None)

        return user_changed

    def _bind_all(self) -> None:
        self.title.textEdited.connect(self._bind("title", self.title, self._set_line(self.title)))
        description = self._bind("description", self.description, self._set_description)
        self.description.textChanged.connect(lambda: description(self.description.toPlainText()))
        skill_lists = (
            ("must_have", self.must_have),
            ("relevant_skills_for_years", self.years_skills),
        )
        for key, editor in skill_lists:
            self._bind(key, editor.list, editor.set_value)
            editor.edit_requested.connect(
                lambda value, merge, k=key: self.user_edit(k, value, merge)
            )
        self._bind("preferred", self.preferred.table, self.preferred.set_value)
        self.preferred.edit_requested.connect(
            lambda value, merge: self.user_edit("preferred", value, merge)
        )
        self.min_years.valueChanged.connect(
            self._bind("min_years", self.min_years, self._set_spin(self.min_years))
        )
        education = self._bind("min_education", self.min_education, self._set_education, False)
        self.min_education.currentIndexChanged.connect(
            lambda _i: education(self.min_education.currentData())
        )
        self.keywords.textEdited.connect(
            self._bind("keywords", self.keywords, self._set_line(self.keywords))
        )
        for name, box in self.part_spins.items():
            box.valueChanged.connect(self._bind(f"part_weights.{name}", box, self._set_spin(box)))
        self.resume_share.valueChanged.connect(
            self._bind("components", self.resume_share, self._set_share)
        )

    @staticmethod
    def _set_line(edit: QLineEdit) -> Callable[[Any], None]:
        def set_text(value: Any) -> None:
            if edit.text() != value:
                edit.setText(str(value))

        return set_text

    @staticmethod
    def _set_spin(box: QDoubleSpinBox) -> Callable[[Any], None]:
        return lambda value: box.setValue(float(value))

    def _set_description(self, value: Any) -> None:
        if self.description.toPlainText() != value:
            self.description.setPlainText(str(value))

    def _set_education(self, value: Any) -> None:
        self.min_education.setCurrentIndex(max(0, self.min_education.findData(value)))

    def _set_share(self, value: Any) -> None:
        self.resume_share.setValue(int(value))
        self.interview_share.setText(f"{100 - int(value)} % interview")

    # -- edits and undo ---------------------------------------------------------------------

    def user_edit(self, key: str, value: Any, merge: str | None = None) -> None:
        """A change the user made: becomes an undo step unless it is a no-op."""
        if self._applying:
            return
        old = self._values[key]
        if value != old:
            self.undo_stack.push(FieldEdit(self, key, old, value, merge))

    def apply(self, key: str, value: Any) -> None:
        """Set a value and show it (undo/redo, loading); never records an undo step."""
        self._values[key] = value
        self._applying = True
        try:
            self._setters[key](value)
        finally:
            self._applying = False
        self._mark(key, False)
        self.edited.emit()

    def value(self, key: str) -> Any:
        return self._values[key]

    def load(self, criteria: RoleCriteria | None) -> None:
        """Show `criteria` (a blank new role for None) and forget the undo history."""
        c = criteria if criteria is not None else RoleCriteria(title="")
        self._version = c.version
        values = {
            "title": c.title,
            "description": c.description,
            "must_have": tuple(c.must_have),
            "preferred": tuple((p.skill, float(p.weight)) for p in c.preferred),
            "min_years": float(c.min_years or 0.0),
            "relevant_skills_for_years": tuple(c.relevant_skills_for_years),
            "min_education": c.min_education,
            "keywords": ", ".join(c.keywords),
            "components": round(c.components.resume * 100),
            **{f"part_weights.{n}": float(getattr(c.part_weights, n)) for n in PART_NAMES},
        }
        for key, value in values.items():
            self.apply(key, value)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.clear_problems()

    def criteria(self) -> RoleCriteria:
        """What the form says, unchecked (the core checks it when saving)."""
        v = self._values
        resume = int(v["components"])
        return RoleCriteria(
            title=str(v["title"]).strip(),
            description=str(v["description"]),
            must_have=tuple(v["must_have"]),
            preferred=tuple(SkillCriterion(s, w) for s, w in v["preferred"]),
            min_years=float(v["min_years"]) or None,
            relevant_skills_for_years=tuple(v["relevant_skills_for_years"]),
            min_education=v["min_education"],
            keywords=keywords_from_text(str(v["keywords"])),
            part_weights=PartWeights(**{n: float(v[f"part_weights.{n}"]) for n in PART_NAMES}),
            components=ComponentWeights(resume=resume / 100, interview=(100 - resume) / 100),
            version=self._version,
        )

    def _stack_alive(self) -> bool:
        # The stack announces its last changes while it is being destroyed with the form.
        return shiboken6.isValid(self.undo_stack)

    def is_dirty(self) -> bool:
        return self._stack_alive() and not self.undo_stack.isClean()

    def can_undo(self) -> bool:
        return self._stack_alive() and self.undo_stack.canUndo()

    def can_redo(self) -> bool:
        return self._stack_alive() and self.undo_stack.canRedo()

    def mark_saved(self, version: int) -> None:
        self._version = version
        self.undo_stack.setClean()
        self.clear_problems()

    def set_lookup(self, lookup: SkillLookup | None) -> None:
        for editor in (self.must_have, self.preferred, self.years_skills):
            editor.set_lookup(lookup)

    def set_read_only(self, read_only: bool) -> None:
        self.title.setReadOnly(read_only)
        self.description.setReadOnly(read_only)
        self.keywords.setReadOnly(read_only)
        for editor in (self.must_have, self.preferred, self.years_skills):
            editor.set_read_only(read_only)
        spins = (self.min_years, self.min_education, self.resume_share, *self.part_spins.values())
        for widget in spins:
            widget.setEnabled(not read_only)
        self.undo_action.setEnabled(not read_only and self.can_undo())
        self.redo_action.setEnabled(not read_only and self.can_redo())

    # -- problems -----------------------------------------------------------------------------

    def show_problems(self, error: CandorError) -> None:
        """Show why saving failed; mark each field a problem names."""
        self.clear_problems()
        self.problems.setText(error.user_text())
        self.problems.setVisible(True)
        if isinstance(error, CriteriaInvalid):
            for problem in error.problems:
                for key in self._widgets:
                    if problem.path == key or problem.path.startswith((f"{key}.", f"{key}[")):
                        self._mark(key, True)

    def clear_problems(self) -> None:
        self.problems.clear()
        self.problems.setVisible(False)
        for key in self._widgets:
            self._mark(key, False)

    def marked(self) -> list[str]:
        """Keys of fields shown as having a problem."""
        return [key for key, widget in self._widgets.items() if widget.property("invalid")]

    def _mark(self, key: str, invalid: bool) -> None:
        widget = self._widgets.get(key)
        if widget is None or bool(widget.property("invalid")) == invalid:
            return
        widget.setProperty("invalid", invalid)
        widget.setStyleSheet(INVALID_STYLE if invalid else "")
