"""One candidate: the resume text with its evidence highlighted, beside the score's parts.

Left, the resume (read-only; in blind mode the displayed copy has identity and
contact text covered, offsets unchanged). Right, the score: a bar per part,
then each part with its explanation and evidence. Choosing a part (in the list
or on the chart) highlights its evidence more strongly and scrolls the resume to
it; choosing an evidence snippet selects exactly that span.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.screening.screenings import CandidateDetail
from views.screening.blind import blind_text
from views.screening.candidates_model import blind_name
from views.screening.common import part_title
from views.screening.score_chart import PartBar, ScoreChart

EVIDENCE_COLOUR = QColor("#fff1a8")
SELECTED_EVIDENCE_COLOUR = QColor("#ffc46b")
BANNER = "Candor recommends; a person decides."
SNIPPET_CONTEXT = 60  # characters of the line shown either side of an evidence span
BANNER_STYLE = (
    "background: #eef3fb; border: 1px solid #b9cbe8; border-radius: 4px; padding: 6px;"
    " font-weight: 600"
)


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ScorePart:
    name: str
    points: float
    max_points: float
    weight: float | None
    explanation: str
    evidence: tuple[Evidence, ...]


def _number(value: Any, default: float = 0.0) -> float:
    return float(value) if isinstance(value, int | float) else default


def score_parts(screening: Mapping[str, Any]) -> list[ScorePart]:
    """The parts of a stored screening result, in the order the score lists them."""
    parts = []
    for raw in screening.get("parts") or []:
        evidence = tuple(
            Evidence(str(e.get("text", "")), int(e["start"]), int(e["end"]))
            for e in raw.get("evidence") or []
            if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
        )
        weight = raw.get("weight")
        parts.append(
            ScorePart(
                str(raw.get("name", "")),
                _number(raw.get("points")),
                _number(raw.get("max_points")),
                float(weight) if isinstance(weight, int | float) else None,
                str(raw.get("explanation", "")),
                evidence,
            )
        )
    return parts


def utf16_position(text: str) -> Callable[[int], int]:
    """Python string index -> Qt document position (Qt counts UTF-16 code units)."""
    if not text or max(text) < "\U00010000":
        return lambda index: index
    positions = [0]
    for char in text:
        positions.append(positions[-1] + (2 if ord(char) > 0xFFFF else 1))
    return lambda index: positions[max(0, min(index, len(text)))]


class CandidateView(QWidget):
    """`back_requested` on Esc or the Back button."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidateView")
        self._detail: CandidateDetail | None = None
        self._parts: list[ScorePart] = []
        self._blind = True
        self._position: Callable[[int], int] = lambda index: index
        self._shown = ""  # the resume text as displayed (masked in blind mode)

        self.back_button = QPushButton("← &Back to the list")
        self.back_button.setToolTip("Back to the candidates (Esc)")
        self.back_button.clicked.connect(self.back_requested)
        self.back_action = QAction("Back to the list", self)
        self.back_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.back_action.triggered.connect(self.back_requested)
        self.addAction(self.back_action)

        self.name_label = QLabel()
        self.name_label.setObjectName("candidateName")
        self.name_label.setStyleSheet("font-size: 16pt; font-weight: 600")
        self.meta_label = QLabel()
        self.meta_label.setObjectName("candidateMeta")
        self.meta_label.setStyleSheet("color: palette(placeholder-text)")
        self.banner = QLabel(BANNER)
        self.banner.setObjectName("decisionBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setToolTip(
            "The score ranks and explains; it never rejects anyone. Decisions are made "
            "by a person, with the interview analysis."
        )

        self.text = QPlainTextEdit()
        self.text.setObjectName("resumeText")
        self.text.setAccessibleName("Resume text")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        self.score_label = QLabel()
        self.score_label.setObjectName("scoreTotal")
        self.score_label.setStyleSheet("font-size: 14pt; font-weight: 600")
        self.must_have_label = QLabel()
        self.must_have_label.setObjectName("mustHaveLabel")
        self.must_have_label.setWordWrap(True)
        self.chart = ScoreChart()
        self.chart.setMinimumHeight(170)
        self.chart.part_clicked.connect(self.select_part)
        self.parts_list = QListWidget()
        self.parts_list.setObjectName("scoreParts")
        self.parts_list.setAccessibleName("Score parts")
        self.parts_list.setWordWrap(True)
        self.parts_list.setSpacing(3)
        self.parts_list.currentRowChanged.connect(self._part_chosen)
        self.evidence_title = QLabel("Evidence")
        self.evidence_title.setStyleSheet("font-weight: 600")
        self.evidence_list = QListWidget()
        self.evidence_list.setObjectName("evidenceList")
        self.evidence_list.setAccessibleName("Evidence of the chosen part")
        self.evidence_list.setWordWrap(True)
        self.evidence_list.itemActivated.connect(self._evidence_chosen)
        self.evidence_list.itemClicked.connect(self._evidence_chosen)
        self.no_evidence = QLabel()
        self.no_evidence.setObjectName("noEvidence")
        self.no_evidence.setWordWrap(True)
        self.no_evidence.setStyleSheet("color: palette(placeholder-text)")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.score_label)
        right_layout.addWidget(self.must_have_label)
        right_layout.addWidget(self.chart, 2)
        right_layout.addWidget(self.parts_list, 2)
        right_layout.addWidget(self.evidence_title)
        right_layout.addWidget(self.evidence_list, 1)
        right_layout.addWidget(self.no_evidence)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.text)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addSpacing(12)
        titles = QVBoxLayout()
        titles.addWidget(self.name_label)
        titles.addWidget(self.meta_label)
        header.addLayout(titles, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(separator)
        layout.addWidget(splitter, 1)

    # -- content ------------------------------------------------------------------------

    def candidate_id(self) -> int | None:
        return None if self._detail is None else self._detail.candidate_id

    def parts(self) -> list[ScorePart]:
        return list(self._parts)

    def show_detail(self, detail: CandidateDetail, *, blind: bool) -> None:
        """Show a `CandidateDetail` from `session.screenings.detail`."""
        self._detail = detail
        self._blind = blind
        screening: Mapping[str, Any] = detail.screening
        self._parts = score_parts(screening)
        self._render_identity()
        self._render_text()
        score = screening.get("score")
        self.score_label.setText(
            "Not scored yet" if not isinstance(score, int | float) else f"Score {score:.1f}"
        )
        label = str(screening.get("label") or "")
        meets = bool(screening.get("meets_must_haves"))
        self.must_have_label.setText(label)
        self.must_have_label.setStyleSheet(
            "color: #1d6b33; font-weight: 600" if meets else "color: #a35200; font-weight: 600"
        )
        self.chart.set_parts(
            [PartBar(part_title(p.name), p.points, p.max_points) for p in self._parts]
        )
        self.parts_list.blockSignals(True)
        self.parts_list.clear()
        for part in self._parts:
            share = "" if part.weight is None else f" ({part.weight:.0%} of the score)"
            item = QListWidgetItem(
                f"{part_title(part.name)}: {part.points:.1f} of {part.max_points:.1f} "
                f"points{share}\n{part.explanation}"
            )
            item.setToolTip(part.explanation)
            self.parts_list.addItem(item)
        self.parts_list.blockSignals(False)
        self._show_evidence(-1)
        self._highlight(-1)

    def set_blind(self, blind: bool) -> None:
        if self._detail is None or blind == self._blind:
            self._blind = blind
            return
        self._blind = blind
        part = self.parts_list.currentRow()
        self._render_identity()
        self._render_text()
        self._highlight(part)

    def _render_identity(self) -> None:
        detail = self._detail
        assert detail is not None
        name = blind_name(detail.candidate_id) if self._blind else detail.display_name
        self.name_label.setText(name)
        version = detail.criteria_version
        facts = [f"Scored against criteria version {version}" if version else "Not scored yet"]
        if detail.status == "duplicate" and detail.duplicate_of is not None:
            facts.append(f"Possible duplicate of candidate #{detail.duplicate_of}")
        if not self._blind and detail.file_name:
            facts.insert(0, f"File: {detail.file_name}")  # file names often carry the name
        if self._blind:
            facts.append("Blind review: name, contact details and graduation years hidden")
        self.meta_label.setText(" · ".join(facts))

    def _render_text(self) -> None:
        detail = self._detail
        assert detail is not None
        text = detail.resume_text
        profile: Mapping[str, Any] = detail.profile
        shown = blind_text(text, profile) if self._blind else text
        self._position = utf16_position(text)
        self._shown = shown
        self.text.setPlainText(shown)

    def displayed_text(self) -> str:
        return self._shown

    # -- highlighting -----------------------------------------------------------------------

    def select_part(self, index: int) -> None:
        if 0 <= index < len(self._parts):
            self.parts_list.setCurrentRow(index)

    def _part_chosen(self, index: int) -> None:
        self.chart.select(index)
        self._show_evidence(index)
        self._highlight(index)
        if 0 <= index < len(self._parts) and self._parts[index].evidence:
            self._select_span(self._parts[index].evidence[0])

    def _show_evidence(self, index: int) -> None:
        self.evidence_list.clear()
        self.evidence_title.setText("Evidence")
        if not 0 <= index < len(self._parts):
            self.no_evidence.setText("Choose a part of the score to see its evidence.")
            self.no_evidence.setVisible(bool(self._parts))
            if not self._parts:
                self.no_evidence.setText("This screening has no score parts.")
                self.no_evidence.setVisible(True)
            return
        part = self._parts[index]
        self.evidence_title.setText(f"Evidence for {part_title(part.name)}")
        for evidence in part.evidence:
            item = QListWidgetItem(self._snippet(evidence))
            item.setData(Qt.ItemDataRole.UserRole, evidence)
            self.evidence_list.addItem(item)
        self.no_evidence.setText(
            f"No evidence for “{part_title(part.name)}”: nothing in the resume supports "
            "this part of the score."
        )
        self.no_evidence.setVisible(not part.evidence)

    def _snippet(self, evidence: Evidence) -> str:
        """The evidence in its line of the resume, e.g. 'Built services with «Python» …'.

        Taken from the displayed text, so blind mode covers what it hides here too.
        """
        shown = self._shown  # a Python string: evidence offsets index it directly
        start, end = evidence.start, evidence.end
        if not 0 <= start < end <= len(shown):
            return evidence.text
        line_start = shown.rfind("\n", 0, start) + 1
        line_end = shown.find("\n", end)
        line_end = len(shown) if line_end < 0 else line_end
        before = shown[max(line_start, start - SNIPPET_CONTEXT) : start]
        after = shown[end : min(line_end, end + SNIPPET_CONTEXT)]
        lead = "…" if start - SNIPPET_CONTEXT > line_start else ""
        tail = "…" if end + SNIPPET_CONTEXT < line_end else ""
        found = " ".join(shown[start:end].split())
        return f"{lead}{before.lstrip()}«{found}»{after.rstrip()}{tail}"

    def evidence_spans(self, index: int | None = None) -> list[tuple[int, int]]:
        """Document positions of the evidence of part `index` (all parts when None)."""
        parts = self._parts if index is None else [self._parts[index]]
        return sorted(
            {(self._position(e.start), self._position(e.end)) for p in parts for e in p.evidence}
        )

    def _highlight(self, selected: int) -> None:
        selections = []
        chosen = set(self.evidence_spans(selected)) if 0 <= selected < len(self._parts) else set()
        for start, end in self.evidence_spans():
            selection = QTextEdit.ExtraSelection()
            char_format = QTextCharFormat()
            colour = SELECTED_EVIDENCE_COLOUR if (start, end) in chosen else EVIDENCE_COLOUR
            char_format.setBackground(colour)
            selection.format = char_format
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.text.setExtraSelections(selections)

    def _evidence_chosen(self, item: QListWidgetItem) -> None:
        evidence = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(evidence, Evidence):
            self._select_span(evidence)

    def _select_span(self, evidence: Evidence) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._position(evidence.start))
        cursor.setPosition(self._position(evidence.end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def selected_span(self) -> tuple[int, int]:
        cursor = self.text.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()
