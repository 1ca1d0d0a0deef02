"""One answer's analysis: transcript, score parts with evidence, key points, timelines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.analysis_pipeline.results import AnswerResult
from views.analysis_page.data import PlacedWord, key_points, placed_words, status_text
from views.analysis_page.timeline import AnswerTimeline
from views.analysis_page.transcript import TranscriptView

PART_COLUMNS = ("Part", "Score", "Weight", "Why")
FAIRNESS_NOTE = (
    "Descriptive only, never scored: how fast or fluently someone speaks, and the tone of "
    "their words, depend on language, accent, disability and nerves. Read it as context, "
    "not as merit."
)
UNAVAILABLE_STYLE = "color: #b00020; font-weight: 600"
NOTE_STYLE = "color: palette(placeholder-text)"


def _label(name: str, text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class AnswerPanel(QWidget):
    """Shows one `AnswerResult`; `mask` blanks identifying words out of the transcript."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerPanel")
        self.answer: AnswerResult | None = None
        self.words: list[PlacedWord] = []
        self.transcript_state = _label("transcriptState", style=NOTE_STYLE)
        self.transcript = TranscriptView()
        self.assessment_state = _label("assessmentState")
        self.parts = QTableWidget(0, len(PART_COLUMNS))
        self.parts.setObjectName("partsTable")
        self.parts.setAccessibleName("Score parts")
        self.parts.setHorizontalHeaderLabels(list(PART_COLUMNS))
        self.parts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.parts.verticalHeader().setVisible(False)
        self.parts.setWordWrap(True)
        header = self.parts.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.parts.setToolTip("Choose a part to mark its evidence in the transcript.")
        self.parts.itemSelectionChanged.connect(self._part_chosen)
        self.key_points = QListWidget()
        self.key_points.setObjectName("keyPoints")
        self.key_points.setAccessibleName("Key points")
        self.key_points.setWordWrap(True)
        self.delivery = _label("deliveryText")
        self.fairness = _label("fairnessNote", FAIRNESS_NOTE, NOTE_STYLE)
        self.video_state = _label("videoState")
        self.timeline = AnswerTimeline()

        self.transcript.setMinimumHeight(110)
        self.transcript.setMaximumHeight(180)
        self.key_points.setMinimumHeight(90)
        self.key_points.setMaximumHeight(170)
        self.timeline.setMinimumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(_label("transcriptHeading", "<b>Transcript</b>"))
        layout.addWidget(self.transcript_state)
        layout.addWidget(self.transcript, 2)
        layout.addWidget(self.assessment_state)
        layout.addWidget(self.parts)
        layout.addWidget(_label("keyPointsHeading", "<b>Key points</b>"))
        layout.addWidget(self.key_points, 1)
        layout.addWidget(self.delivery)
        layout.addWidget(self.fairness)
        layout.addWidget(self.video_state)
        layout.addStretch(1)
        # `timeline` is laid out by the page, under the player it follows.

    # -- showing --------------------------------------------------------------------------

    def show_answer(self, answer: AnswerResult, mask: Any = None) -> None:
        self.answer = answer
        transcript = answer.transcript
        text = str(transcript.result.get("text", ""))
        self.words = placed_words(transcript.result)
        shown = mask(text) if mask is not None else text
        self.transcript.show_transcript(shown, self.words)
        duration = float(transcript.result.get("duration", 0.0) or 0.0)
        state = f"Transcript: {status_text(transcript.status)}"
        if transcript.status == "unavailable":
            state = f"Speech to text UNAVAILABLE: {transcript.message}"
        elif transcript.status != "ok" and transcript.message:
            state += f". {transcript.message}"
        elif duration:
            state += f", {duration:.0f} s. Click a word to play from there."
        self.transcript_state.setText(state)
        self.transcript_state.setStyleSheet(
            UNAVAILABLE_STYLE if transcript.status == "unavailable" else NOTE_STYLE
        )
        self._show_assessment(answer)
        self._show_video(answer.video.status, answer.video.result, answer.video.message)
        video = answer.video.result if answer.video.status == "ok" else None
        self.timeline.show_answer(video, self.words, duration)

    def _show_assessment(self, answer: AnswerResult) -> None:
        assessment = answer.assessment
        result = assessment.result
        parts = list(result.get("parts", []) or [])
        self.parts.blockSignals(True)
        self.parts.clearSelection()
        self.parts.setRowCount(len(parts))
        for row, part in enumerate(parts):
            cells = (
                str(part["name"]),
                f"{float(part['value']):.2f}",
                f"{float(part['weight']):.2f}",
                str(part.get("explanation", "")),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(cells[3])
                self.parts.setItem(row, column, item)
        self.parts.blockSignals(False)
        self.parts.resizeRowsToContents()
        self._fit_parts()
        if parts:
            state = (
                f"Answer score {float(result['overall']):.2f} of 1 (weighted mean of the parts)."
            )
            if result.get("message"):
                state += f" {result['message']}"
            self.assessment_state.setStyleSheet("")
        elif assessment.status == "unavailable":
            state = f"Assessment UNAVAILABLE: {assessment.message}"
            self.assessment_state.setStyleSheet(UNAVAILABLE_STYLE)
        else:
            state = assessment.message or f"Not assessed ({status_text(assessment.status)})."
            self.assessment_state.setStyleSheet(NOTE_STYLE)
        self.assessment_state.setText(state)
        self.key_points.clear()
        self.parts.setVisible(bool(parts))
        for point in key_points(answer.key_points, result):
            if not parts:  # not assessed: nothing is known about coverage, so claim nothing
                self.key_points.addItem(f"– not assessed: {point.text}")
                continue
            mark = "✓ covered" if point.covered else "✗ missed"
            line = f"{mark}: {point.text}"
            if point.evidence:
                what = "evidence" if point.covered else "closest passage"
                line += f'\n    {what}: "{point.evidence}"'
            entry = QListWidgetItem(line)
            entry.setData(Qt.ItemDataRole.UserRole, point.covered)
            entry.setForeground(Qt.GlobalColor.darkGreen if point.covered else Qt.GlobalColor.red)
            self.key_points.addItem(entry)
        if not answer.key_points:
            self.key_points.addItem("This question has no key points.")
        self.delivery.setText(_delivery_text(result))

    def _show_video(self, status: str, result: Mapping[str, Any], message: str) -> None:
        if status != "ok":
            prefix = "Face detection UNAVAILABLE" if status == "unavailable" else "Video"
            self.video_state.setText(f"{prefix}: {message or status_text(status)}")
            self.video_state.setStyleSheet(UNAVAILABLE_STYLE if status == "unavailable" else "")
            return
        parts = [
            f"Face in view {float(result.get('face_visible_ratio', 0)) * 100:.0f}% of the time"
        ]
        expression = result.get("expression_analysis") or {}
        state = str(expression.get("status", "off"))
        if state == "on":
            parts.append("facial expressions described (not scored)")
        else:
            parts.append(f"facial expressions: {status_text(state)}")
        # A model missing for a part is said with its reason, like a missing step.
        missing = [
            f"{name} UNAVAILABLE: {part.get('message', '')}".strip()
            for name, part in (
                ("Identity check", result.get("identity_check")),
                ("Facial expressions", expression),
            )
            if isinstance(part, Mapping) and part.get("status") == "unavailable"
        ]
        self.video_state.setText("\n".join(["Video: " + "; ".join(parts) + ".", *missing]))
        self.video_state.setStyleSheet(UNAVAILABLE_STYLE if missing else "")

    def _fit_parts(self) -> None:
        """As tall as its rows: the parts are the heart of the score, never scrolled away."""
        rows = sum(self.parts.rowHeight(r) for r in range(self.parts.rowCount()))
        header = self.parts.horizontalHeader().sizeHint().height()
        self.parts.setFixedHeight(rows + header + 2 * self.parts.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.parts.resizeRowsToContents()  # wrapped explanations change height with width
        self._fit_parts()

    # -- evidence ---------------------------------------------------------------------------

    def select_part(self, name: str) -> None:
        for row in range(self.parts.rowCount()):
            item = self.parts.item(row, 0)
            if item is not None and item.text() == name:
                self.parts.selectRow(row)
                return

    def _part_chosen(self) -> None:
        rows = self.parts.selectionModel().selectedRows()
        if self.answer is None or not rows:
            self.transcript.highlight_spans([])
            return
        part = list(self.answer.assessment.result.get("parts", []))[rows[0].row()]
        spans = [(int(e["start"]), int(e["end"])) for e in part.get("evidence", []) or []]
        self.transcript.highlight_spans(spans)


def _delivery_text(result: Mapping[str, Any]) -> str:
    lines = []
    delivery = result.get("delivery")
    if isinstance(delivery, Mapping):
        wpm = delivery.get("words_per_minute")
        lines.append(
            f"Delivery: {delivery.get('word_count')} words"
            + (f", {float(wpm):.0f} words per minute" if wpm else "")
            + f", {float(delivery.get('filler_rate') or 0):.1f} fillers per 100 words."
        )
    sentiment = result.get("sentiment")
    if isinstance(sentiment, Mapping) and sentiment.get("label"):
        lines.append(f"Tone of the words: {sentiment['label']}.")
    return " ".join(lines)
