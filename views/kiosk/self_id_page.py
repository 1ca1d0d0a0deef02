"""The kiosk's optional self-identification page (sex, race/ethnicity, EEO-1 categories).

Shown after consent when the workspace policy says so (NYC Local Law 144 and Illinois
bias audits). Voluntary and skippable: the page says so, offers "Prefer not to say"
in both lists, and stores nothing when skipped. It only emits what was chosen; the
window stores it through `app.fairness.demographics` (write-only for the kiosk).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout

from app.fairness.demographics import RACE_ETHNICITY_CATEGORIES, SEX_CATEGORIES
from app.interviews.kiosk_types import SELF_IDENTIFICATION_TEXT
from views.kiosk.pages import KioskPage
from views.kiosk.style import KioskButton, label

PLACEHOLDER = "Choose…"
KEYS = "Tab: next  ·  Arrow keys or Alt+Down: choose in a list  ·  Enter: press the button"


class SelfIdentificationPage(KioskPage):
    """`submitted(sex, race_ethnicity)` when both are chosen and saved; `skipped` otherwise."""

    submitted = Signal(str, str)
    skipped = Signal()

    def __init__(self) -> None:
        super().__init__("kioskSelfIdPage", "Optional: about you", KEYS)
        self.text = label(SELF_IDENTIFICATION_TEXT, "", "kioskSelfIdText")
        self.sex = _choices("kioskSelfIdSex", "Sex", SEX_CATEGORIES)
        self.race = _choices("kioskSelfIdRace", "Race or ethnicity", RACE_ETHNICITY_CATEGORIES)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(14)
        form.addRow(label("Sex:", "", "kioskSelfIdSexLabel"), self.sex)
        form.addRow(label("Race or ethnicity:", "", "kioskSelfIdRaceLabel"), self.race)
        self.save = KioskButton("Save and continue", "kioskSelfIdSave")
        self.skip = KioskButton("Skip this page", "kioskSelfIdSkip", secondary=True)
        self.save.clicked.connect(self._submit)
        self.skip.clicked.connect(self.skipped)
        self.sex.currentIndexChanged.connect(self._refresh)
        self.race.currentIndexChanged.connect(self._refresh)
        self.body.addWidget(self.text)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.add_buttons(self.save, self.skip)
        self.focus_first = self.sex
        self.reset()

    def reset(self) -> None:
        """Nothing chosen: the next candidate never sees the previous one's answers."""
        self.sex.setCurrentIndex(0)
        self.race.setCurrentIndex(0)
        self._refresh()

    def chosen(self) -> tuple[str, str] | None:
        if self.sex.currentIndex() <= 0 or self.race.currentIndex() <= 0:
            return None
        return self.sex.currentText(), self.race.currentText()

    def _submit(self) -> None:
        answer = self.chosen()
        if answer is not None:
            self.submitted.emit(*answer)

    def _refresh(self) -> None:
        self.save.setEnabled(self.chosen() is not None)


def _choices(name: str, accessible: str, categories: tuple[str, ...]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.addItems([PLACEHOLDER, *categories])
    box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    box.setMinimumWidth(520)
    return box


__all__ = ["SelfIdentificationPage"]
