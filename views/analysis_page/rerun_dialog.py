"""The re-run dialog: which speech model, and whether to describe expressions and check
identity, for analysing a candidate's recorded answers again.

It only shows choices (`RerunOptions`, read by the core in a job): a model that is not
installed, or an analysis the policy or the candidate's consent rules out, is there but
disabled, with the reason under it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.analysis_pipeline.service import RerunChoice, RerunOptions
from app.analysis_pipeline.settings import PipelineSettings
from views.analysis_page.answer_panel import NOTE_STYLE

INTRO = (
    "Analyse the recorded answers of run {run} again with the settings below. The results "
    "you see now are kept: the new run is added, and shown once it is complete."
)


def _note(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


class RerunDialog(QDialog):
    """Accepted: `settings()` are the re-run's. Open it with `open()`, never `exec()`."""

    def __init__(self, options: RerunOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rerunDialog")
        self.setWindowTitle("Re-run the analysis")
        self.options = options
        self.notes: dict[str, QLabel] = {}

        speech_box = QGroupBox("Speech model")
        speech_layout = QVBoxLayout(speech_box)
        self.speech_group = QButtonGroup(self)
        self.speech_buttons: dict[str, QRadioButton] = {}
        for choice in options.speech:
            button = QRadioButton(choice.label)
            button.setObjectName(f"speech_{choice.name}")
            button.setEnabled(choice.available)
            button.setChecked(choice.available and choice.name == options.chosen_speech)
            button.setToolTip(choice.note)
            self.speech_group.addButton(button)
            self.speech_buttons[choice.name] = button
            speech_layout.addWidget(button)
            speech_layout.addWidget(self._note_for(choice))

        self.expressions = self._check(
            "Describe facial expressions (never part of a score)",
            options.facial_expression,
            options.chosen_expression,
        )
        self.identity = self._check(
            "Identity check: the same person in every answer",
            options.identity_check,
            options.chosen_identity,
        )
        video_box = QGroupBox("Video")
        video_layout = QVBoxLayout(video_box)
        for box, choice in (
            (self.expressions, options.facial_expression),
            (self.identity, options.identity_check),
        ):
            video_layout.addWidget(box)
            video_layout.addWidget(self._note_for(choice))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Re-run")
        self.ok_button.setEnabled(any(c.available for c in options.speech))
        self.ok_button.setToolTip("Start the new run; its progress shows on the page.")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(_note(INTRO.format(run=options.run_id), "rerunIntro"))
        layout.addWidget(speech_box)
        layout.addWidget(video_box)
        if not self.ok_button.isEnabled():
            layout.addWidget(
                _note("No speech model is installed, so nothing can be re-run.", "noSpeech")
            )
        layout.addWidget(self.buttons)

    def _check(self, text: str, choice: RerunChoice, checked: bool) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(f"check_{choice.name}")
        box.setEnabled(choice.available)
        box.setChecked(checked and choice.available)
        box.setToolTip(choice.note)
        return box

    def _note_for(self, choice: RerunChoice) -> QLabel:
        """The reason under a disabled choice; hidden for an available one (its tooltip)."""
        label = _note(choice.note, f"note_{choice.name}")
        if choice.available or not choice.note:
            label.hide()  # (never show() a widget before it has a parent: it becomes a window)
        self.notes[choice.name] = label
        return label

    def chosen_speech(self) -> str:
        for name, button in self.speech_buttons.items():
            if button.isChecked():
                return name
        return self.options.chosen_speech

    def settings(self) -> PipelineSettings:
        return self.options.settings(
            self.chosen_speech(),
            facial_expression=self.expressions.isChecked(),
            identity_check=self.identity.isChecked(),
        )
