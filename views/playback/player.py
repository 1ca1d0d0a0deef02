"""The answer player: one interview's answers, question by question, with seeking.

Each answer is opened through `open_answer(answer_id)` (the interviews service's
`answer_reader`: permission-checked and audit-logged) in a job, then played by
`QMediaPlayer` from a `QBuffer` holding the decrypted bytes: never a plaintext
file. (Not a Python QIODevice that decrypts as it is read: Qt's FFmpeg backend
reads the device on its own demuxer thread, which then needs Python's GIL while
the UI thread, holding the GIL, waits for that thread in stop()/setSource(); the
tests caught that deadlock. An answer is a few MB per minute, so memory is fine.)
Playback pauses whenever the player is hidden (the window locking, or closing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QKeySequence
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.media import MediaReader
from views.jobs import QtJobRunner

log = logging.getLogger("candor.views.playback")

OpenAnswer = Callable[[int], MediaReader]
SEEK_STEP_MS = 5_000
NOTE_STYLE = "color: palette(placeholder-text)"
ERROR_STYLE = "color: #b00020"


@dataclass(frozen=True)
class PlaybackItem:
    """One answer in the list: `title` like "Question 2 of 5", the question's text, and
    a `note` (take, duration, why it is incomplete)."""

    answer_id: int
    title: str
    question: str
    note: str = ""


def clock_text(ms: int) -> str:
    seconds = max(ms, 0) // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class AnswerPlayer(QWidget):
    """`current_changed(index)` when another answer is chosen; `media_ready(answer_id)`
    once its recording is loaded; `failed(message)` when it cannot be played."""

    current_changed = Signal(int)
    media_ready = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        runner: QtJobRunner,
        open_answer: OpenAnswer,
        items: Sequence[PlaybackItem],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("answerPlayer")
        self._runner = runner
        self._open_answer = open_answer
        self.items = list(items)
        self._index = -1
        self._device: QBuffer | None = None
        self._loaded_answer: int | None = None
        self._syncing = False

        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)  # with no sound device it stays silent, no error
        self.player.setAudioOutput(self.audio)
        self.video = QVideoWidget()
        self.video.setObjectName("answerVideo")
        self.video.setMinimumSize(320, 240)
        # A dark frame reads as "video here" before the first picture arrives.
        self.video.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.video.setStyleSheet("background-color: #101010")
        self.video.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.player.setVideoOutput(self.video)

        self.title = QLabel()
        self.title.setObjectName("answerTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600")
        self.question = QLabel()
        self.question.setObjectName("answerQuestion")
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-size: 11pt")
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setObjectName("answerNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.status = QLabel()
        self.status.setObjectName("answerStatus")
        self.status.setWordWrap(True)

        style = self.style()
        self.previous_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), "Previous"
        )
        self.previous_button.setToolTip("Previous question (Page Up)")
        self.previous_button.clicked.connect(self.previous)
        self.play_button = QPushButton()
        self.play_button.setObjectName("playPause")
        self.play_button.setToolTip("Play or pause (Space)")
        self.play_button.clicked.connect(self.toggle_play)
        self.next_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), "Next"
        )
        self.next_button.setToolTip("Next question (Page Down)")
        self.next_button.clicked.connect(self.next)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("seekSlider")
        self.slider.setAccessibleName("Position in the answer")
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self._slider_moved)
        self.time_label = QLabel(clock_text(0) + " / " + clock_text(0))
        self.time_label.setObjectName("timeLabel")

        controls = QHBoxLayout()
        controls.addWidget(self.previous_button)
        controls.addWidget(self.play_button)
        controls.addWidget(self.next_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addWidget(self.note)
        layout.addWidget(self.video, 1)
        layout.addLayout(controls)
        layout.addWidget(self.status)

        self._add_shortcut("Space", self.toggle_play)
        self._add_shortcut("Left", lambda: self.seek_by(-SEEK_STEP_MS))
        self._add_shortcut("Right", lambda: self.seek_by(SEEK_STEP_MS))
        self._add_shortcut("PgUp", self.previous)
        self._add_shortcut("PgDown", self.next)

        self.player.durationChanged.connect(self._duration_changed)
        self.player.positionChanged.connect(self._position_changed)
        self.player.playbackStateChanged.connect(lambda _state: self._show_play_state())
        self.player.mediaStatusChanged.connect(self._status_changed)
        self.player.errorOccurred.connect(self._player_error)
        self._show_play_state()
        self._refresh_navigation()
        if self.items:
            self.show_item(0)

    def _add_shortcut(self, keys: str, slot: Callable[[], object]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    # -- navigation -----------------------------------------------------------------------

    @property
    def current_index(self) -> int:
        return self._index

    @property
    def loaded_answer(self) -> int | None:
        """The answer whose recording is in the player now (None while loading)."""
        return self._loaded_answer

    def show_item(self, index: int) -> None:
        if not 0 <= index < len(self.items) or index == self._index:
            return
        self._index = index
        item = self.items[index]
        self._release_media()
        self.title.setText(item.title)
        self.question.setText(item.question)
        self.note.setText(item.note)
        self.note.setVisible(bool(item.note))
        self._set_status("Opening the recording…")
        self._refresh_navigation()
        self.current_changed.emit(index)
        open_answer = self._open_answer
        self._runner.submit(
            "Open an answer recording",
            lambda task: _open(open_answer, item.answer_id, task),
            on_done=lambda data: self._attach(index, data),
            on_error=self._open_failed,
            group=f"playback:{id(self)}",
        )

    def previous(self) -> None:
        self.show_item(self._index - 1)

    def next(self) -> None:
        self.show_item(self._index + 1)

    def _refresh_navigation(self) -> None:
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(0 <= self._index < len(self.items) - 1)

    # -- media ------------------------------------------------------------------------------

    def _attach(self, index: int, data: bytes) -> None:
        if index != self._index or not shiboken6.isValid(self.player):
            return  # the user moved on while it was opening
        self._release_media()
        self._device = QBuffer(self)
        self._device.setData(QByteArray(data))
        self._device.open(QIODevice.OpenModeFlag.ReadOnly)
        self._loaded_answer = self.items[index].answer_id
        self._set_status("")
        self.player.setSourceDevice(self._device, QUrl("answer.webm"))

    def _release_media(self) -> None:
        """Stop, and close the current recording (its decrypted chunk is dropped)."""
        self.player.stop()
        if self._device is not None:
            self.player.setSource(QUrl())  # the backend lets go of the device first
            self._device.close()
            self._device = None
        self._loaded_answer = None
        self.slider.setRange(0, 0)
        self._position_changed(0)

    def shutdown(self) -> None:
        if shiboken6.isValid(self.player):
            self._release_media()

    def toggle_play(self) -> None:
        if self._device is None:
            return
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def seek_by(self, delta_ms: int) -> None:
        if self._device is not None and self.player.isSeekable():
            self.player.setPosition(max(0, self.player.position() + delta_ms))

    def _slider_moved(self, value: int) -> None:
        if not self._syncing and self._device is not None:
            self.player.setPosition(value)

    def _duration_changed(self, duration: int) -> None:
        self._syncing = True
        self.slider.setRange(0, max(duration, 0))
        self._syncing = False
        self.slider.setEnabled(duration > 0)
        self._position_changed(self.player.position())

    def _position_changed(self, position: int) -> None:
        duration = self.player.duration() if self._device is not None else 0
        self._syncing = True
        self.slider.setValue(position)
        self._syncing = False
        total = clock_text(duration) if duration > 0 else "–:––"
        self.time_label.setText(f"{clock_text(position)} / {total}")

    def _show_play_state(self) -> None:
        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if playing else "Play")

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._loaded_answer is None:
            return
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self.player.duration() <= 0:
            self._set_status("This recording has no index yet, so it can only play from the start.")
        if status in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia):
            self.media_ready.emit(self._loaded_answer)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._fail("This recording could not be played. It may be damaged.")

    def _player_error(self, error: QMediaPlayer.Error, text: str) -> None:
        if error != QMediaPlayer.Error.NoError and self._loaded_answer is not None:
            log.warning("an answer recording failed to play (%s)", error.name)
            self._fail("This recording could not be played. It may be damaged.")

    def _open_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self.status):
            return  # the player was closed (e.g. sign-out) while the answer was opening
        if isinstance(error, CandorError):
            self._fail(error.message + (f" {error.hint}" if error.hint else ""))
        else:
            self._set_status("")
            self._runner.report_error(error)

    def _fail(self, message: str) -> None:
        self._set_status(message, error=True)
        self.failed.emit(message)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.status.setVisible(bool(text))

    def hideEvent(self, event: QHideEvent) -> None:
        if shiboken6.isValid(self.player):
            self.player.pause()  # a locked or closed window must not go on talking
        super().hideEvent(event)


def _open(open_answer: OpenAnswer, answer_id: int, task: Task) -> bytes:
    """Decrypt the whole answer in memory, off the UI thread."""
    task.check()
    with open_answer(answer_id) as reader:
        return reader.readall()


class PlaybackWindow(QWidget):
    """A window listing an interview's answers beside the player (closing it stops playback)."""

    def __init__(
        self,
        title: str,
        runner: QtJobRunner,
        open_answer: OpenAnswer,
        items: Sequence[PlaybackItem],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("playbackWindow")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(960, 600)
        self.answers = QListWidget()
        self.answers.setObjectName("answerList")
        self.answers.setAccessibleName("Answers")
        self.answers.setWordWrap(True)
        self.answers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.answers.setSpacing(2)
        for item in items:
            entry = QListWidgetItem(f"{item.title}\n{_shorten(item.question)}")
            entry.setToolTip(item.question)
            self.answers.addItem(entry)
        self.player = AnswerPlayer(runner, open_answer, items)
        self.answers.setCurrentRow(self.player.current_index)
        self.answers.currentRowChanged.connect(self.player.show_item)
        self.player.current_changed.connect(self._follow)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.answers)
        splitter.addWidget(self.player)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([250, 710])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _follow(self, index: int) -> None:
        self.answers.blockSignals(True)
        self.answers.setCurrentRow(index)
        self.answers.blockSignals(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.player.shutdown()
        super().closeEvent(event)


def _shorten(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
