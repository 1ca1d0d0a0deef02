"""One question on screen: read it, think (countdown), record (timer, Stop), then decide.

Modes, in order: think -> starting -> recording -> saving -> answered. The page
only shows and times; the kiosk window starts and stops the recording when the
page asks (`start_requested` at the end of the countdown or when the candidate
is ready, `stop_requested` on Stop or at the time limit).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout

from app.interviews import QuestionView, TakeResult, TakeStatus
from views.kiosk.device_page import PreviewLabel
from views.kiosk.devices import PreviewTap
from views.kiosk.pages import KioskPage
from views.kiosk.style import KioskButton, key, label, restyle

TICK_MS = 200
SELF_VIEW_SIZE = (240, 180)


def clock_text(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class QuestionPage(KioskPage):
    start_requested = Signal()
    stop_requested = Signal()
    retake_requested = Signal()
    next_requested = Signal()

    def __init__(self) -> None:
        super().__init__("kioskQuestionPage", "")
        self.heading = self.title
        self.question = label("", "big", "kioskQuestionText")
        self.question.setProperty("kiosk", "title")
        self.intro = label("", "", "kioskQuestionIntro")
        self.phase = label("", "", "kioskPhase")
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = label("", "countdown", "kioskCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.elapsed = label("", "big", "kioskElapsed")
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.time_bar = QProgressBar()
        self.time_bar.setObjectName("kioskTimeBar")
        self.time_bar.setProperty("kiosk", "time")
        self.time_bar.setTextVisible(False)
        self.time_bar.setAccessibleName("Answer time used")
        self.result = label("", "ok", "kioskTakeResult")
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.operator = label("", "operator", "kioskOperatorMessage")
        self.meter = QProgressBar()
        self.meter.setObjectName("kioskAnswerLevel")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setMaximumWidth(SELF_VIEW_SIZE[0])
        self.self_view = PreviewLabel("kioskSelfView", SELF_VIEW_SIZE, self.meter)

        self.start_now = KioskButton("Start answering now", "kioskStartNow")
        self.stop = KioskButton("Stop recording", "kioskStop")
        self.stop.setProperty("kiosk", "stop")
        self.again = KioskButton("Record again", "kioskRetake", secondary=True)
        self.next = KioskButton("Next question", "kioskNext")
        self.start_now.clicked.connect(self._start)
        self.stop.clicked.connect(self._stop)
        self.again.clicked.connect(self._retake)
        self.next.clicked.connect(self._next)
        key(self, "R", self._retake)

        timing = QVBoxLayout()
        timing.setSpacing(12)
        timing.addStretch(1)
        timing.addWidget(self.phase)
        timing.addWidget(self.countdown)
        timing.addWidget(self.elapsed)
        timing.addWidget(self.time_bar)
        timing.addWidget(self.result)
        timing.addWidget(self.operator)
        timing.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(self.self_view)
        side.addWidget(self.meter)
        side.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(30)
        row.addLayout(timing, 1)
        row.addLayout(side)
        self.body.addWidget(self.question)
        self.body.addWidget(self.intro)
        self.body.addLayout(row, 1)
        self.add_buttons(self.start_now, self.stop, self.again, self.next)

        self.mode = ""
        self._view: QuestionView | None = None
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._set_mode("")

    # -- modes ----------------------------------------------------------------

    def show_think(self, view: QuestionView) -> None:
        self._show_question(view)
        self._set_mode("think")
        self.start_now.setText("Start answering now")
        self.phase.setText("Time to read and think")
        self.countdown.setText(str(view.think_seconds))
        self.keys.setText("Enter: start answering now (recording starts by itself at 0)")
        self._clock.start()
        if view.think_seconds <= 0:
            # No thinking time: start once this screen is up, not re-entrantly.
            QTimer.singleShot(0, self._start)
        else:
            self._timer.start()

    def show_starting(self) -> None:
        self._set_mode("starting")
        self.phase.setText("Starting the recording…")

    def show_recording(self, view: QuestionView, tap: PreviewTap | None) -> None:
        self._view = view
        self._set_mode("recording")
        self.phase.setText("● Recording")
        restyle(self.phase, "recording")
        self.time_bar.setRange(0, max(1, view.answer_seconds))
        self.time_bar.setValue(0)
        self.elapsed.setText(f"{clock_text(0)} / {clock_text(view.answer_seconds)}")
        self.keys.setText("Enter or Space: stop recording (it stops by itself at the time limit)")
        self.self_view.clear_picture()
        self.self_view.follow(tap)
        self._clock.start()
        self._timer.start()

    def show_saving(self) -> None:
        self._timer.stop()
        self.self_view.stop()
        self._set_mode("saving")
        self.phase.setText("Saving your answer…")
        restyle(self.phase, "")

    def show_answered(self, view: QuestionView, result: TakeResult) -> None:
        self._view = view
        self._timer.stop()
        self.self_view.follow(None)
        self._set_mode("answered")
        self.phase.setText("")
        restyle(self.phase, "")
        if result.practice:
            done = "That was the practice question. It was not saved."
        elif result.status is TakeStatus.COMPLETE:
            done = f"Your answer has been saved ({clock_text(result.duration_s)})."
        elif result.kept:
            done = f"Part of your answer was saved ({clock_text(result.duration_s)})."
        else:
            done = "This answer could not be saved."
        self.result.setText(done)
        restyle(self.result, "ok" if result.status is TakeStatus.COMPLETE else "error")
        self.operator.setText(result.message)
        self.operator.setVisible(bool(result.message))
        retakes = result.can_retake and (result.practice or view.retakes_left > 0)
        if result.practice:
            self.again.setText("Try the practice again")
            self.next.setText("Go on to the interview")
        else:
            left = view.retakes_left
            self.again.setText(f"Record again ({left} left)")
            last = view.index >= view.count - 1
            self.next.setText("Finish the interview" if last else "Next question")
        self.again.setVisible(retakes)
        self.keys.setText(
            f"Enter: {self.next.text().lower()}" + ("  ·  R: record again" if retakes else "")
        )
        self.next.setFocus()

    def show_failure(self, text: str) -> None:
        """Starting or saving failed (the window shows the operator's message)."""
        self._timer.stop()
        self.self_view.follow(None)
        restyle(self.phase, "")
        if self.mode == "starting":
            self._set_mode("think")
            self.countdown.hide()
            self.phase.setText("The recording could not start.")
            self.start_now.setText("Try again")
        else:
            self._set_mode("failed")
            self.phase.setText("Your answer could not be saved. Please ask the staff for help.")
        self.operator.setText(text)
        self.operator.show()

    def stop_now(self) -> None:
        """The recording ended by itself (time limit, end of a stand-in file, a device lost)."""
        self._stop()

    def stop_timers(self) -> None:
        self._timer.stop()
        self.self_view.follow(None)

    # -- internals ------------------------------------------------------------

    def _show_question(self, view: QuestionView) -> None:
        self._view = view
        if view.practice:
            heading = "Practice question (not saved)"
        else:
            heading = f"Question {view.index + 1} of {view.count}"
            if view.take > 1:
                heading += f"  ·  take {view.take}"
        self.heading.setText(heading)
        self.question.setText(view.text)
        self.intro.setText(view.intro)
        self.intro.setVisible(bool(view.intro))
        self.result.clear()
        self.operator.clear()
        self.operator.hide()
        restyle(self.phase, "")

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self.countdown.setVisible(mode == "think")
        self.elapsed.setVisible(mode in ("recording", "saving"))
        self.time_bar.setVisible(mode in ("recording", "saving"))
        self.self_view.setVisible(mode in ("recording", "saving"))
        self.meter.setVisible(mode in ("recording", "saving"))
        self.result.setVisible(mode == "answered")
        self.start_now.setVisible(mode in ("think", "starting"))
        self.start_now.setEnabled(mode == "think")
        self.stop.setVisible(mode in ("recording", "saving"))
        self.stop.setEnabled(mode == "recording")
        self.next.setVisible(mode == "answered")
        self.again.setVisible(False)
        focus = {"think": self.start_now, "recording": self.stop}.get(mode)
        if focus is not None:
            focus.setFocus()

    def _tick(self) -> None:
        view = self._view
        if view is None:
            return
        seconds = self._clock.elapsed() / 1000.0
        if self.mode == "think":
            left = view.think_seconds - seconds
            self.countdown.setText(str(max(0, math.ceil(left))))
            if left <= 0:
                self._timer.stop()
                self._start()
        elif self.mode == "recording":
            shown = min(seconds, float(view.answer_seconds))
            self.elapsed.setText(f"{clock_text(shown)} / {clock_text(view.answer_seconds)}")
            self.time_bar.setValue(int(shown))
            if seconds >= view.answer_seconds:
                self._stop()

    def _start(self) -> None:
        if self.mode == "think":
            self._timer.stop()
            self.show_starting()
            self.start_requested.emit()

    def _stop(self) -> None:
        if self.mode == "recording":
            self.show_saving()
            self.stop_requested.emit()

    def _retake(self) -> None:
        if self.mode == "answered" and self.again.isVisible():
            self.retake_requested.emit()

    def _next(self) -> None:
        if self.mode == "answered":
            self.next_requested.emit()
