"""The answer's transcript: the word being spoken lit as the video plays, evidence
spans marked when a score part is chosen, and a click on a word seeks to it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from views.analysis_page.data import PlacedWord, word_at_offset, word_at_time

WORD_COLOUR = QColor("#ffd54f")
EVIDENCE_COLOUR = QColor("#c8e6c9")


class TranscriptView(QPlainTextEdit):
    """`word_clicked(seconds)` when a word is clicked (the page seeks the player there)."""

    word_clicked = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisTranscript")
        self.setAccessibleName("Transcript")
        self.setReadOnly(True)
        self.setToolTip("Click a word to play the answer from there.")
        self.words: list[PlacedWord] = []
        self.current_word = -1
        self.evidence: list[tuple[int, int]] = []

    def show_transcript(self, text: str, words: Sequence[PlacedWord]) -> None:
        self.setPlainText(text)
        self.words = list(words)
        self.current_word = -1
        self.evidence = []
        self._paint()

    def follow_time(self, seconds: float) -> None:
        """Light the word being spoken at `seconds` into the answer."""
        index = word_at_time(self.words, seconds)
        if index != self.current_word:
            self.current_word = index
            self._paint()
            if index >= 0:
                cursor = QTextCursor(self.document())
                cursor.setPosition(self.words[index].start)
                self.setTextCursor(cursor)
                self.ensureCursorVisible()

    def highlight_spans(self, spans: Sequence[tuple[int, int]]) -> None:
        """Mark evidence spans (character offsets into the transcript text)."""
        length = len(self.toPlainText())
        self.evidence = [(max(0, a), min(b, length)) for a, b in spans if b > a]
        self._paint()
        if self.evidence:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.evidence[0][0])
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def highlighted_text(self) -> list[str]:
        text = self.toPlainText()
        return [text[a:b] for a, b in self.evidence]

    def word_rect_center(self, index: int) -> tuple[int, int]:
        """Where word `index` is drawn, in viewport coordinates (for clicks and tests)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.words[index].start + 1)
        rect = self.cursorRect(cursor)
        return rect.center().x(), rect.center().y()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.textCursor().hasSelection():
            return  # selecting text to copy is not a seek
        offset = self.cursorForPosition(event.position().toPoint()).position()
        index = word_at_offset(self.words, offset)
        if index >= 0:
            self.word_clicked.emit(self.words[index].time_start)

    def _paint(self) -> None:
        selections = []
        for start, end in self.evidence:
            selections.append(self._selection(start, end, EVIDENCE_COLOUR))
        if self.current_word >= 0:
            word = self.words[self.current_word]
            selections.append(self._selection(word.start, word.end, WORD_COLOUR))
        self.setExtraSelections(selections)

    def _selection(self, start: int, end: int, colour: QColor) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        selection.cursor = cursor
        selection.format = fmt
        return selection
