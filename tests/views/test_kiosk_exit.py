"""Leaving the kiosk needs the operator PIN; device faults reach the operator and lose nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app.capture import CameraLost, CapturedFrame, CaptureItem, CaptureSource
from app.interviews import InterviewStatus, KioskStep, TakeStatus, WrongPin
from tests.app.capture_clips import make_clip
from views.kiosk.devices import DeviceChoice, open_source
from views.kiosk.window import REFUSAL, KioskWindow

from . import kiosk_support
from .kiosk_support import (
    PIN,
    invite,
    open_window,
    press,
    type_text,
    wait_step,
)

clip = kiosk_support.clip  # fixtures
closing = kiosk_support.closing
Key = Qt.Key
Mod = Qt.KeyboardModifier


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("kiosk") / "long.mkv", seconds=6.0, fps=15)


def to_welcome(qtbot, window: KioskWindow, code: str) -> None:
    type_text(qtbot, window, code)
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "welcome")


def to_device_check(qtbot, window: KioskWindow, code: str) -> None:
    to_welcome(qtbot, window, code)
    for step in ("welcome", "notice", "consent", "identity_consent"):
        wait_step(qtbot, window, step)
        press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "device_check")


def enter_pin(qtbot, window: KioskWindow, pin: str) -> None:
    dialog = window.pin_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Key.Key_Return)


def refused(qtbot, window: KioskWindow, attempt) -> None:
    window.banner.hide()
    attempt()
    assert window.isVisible()
    assert window.banner.isVisible() and window.banner.text() == REFUSAL


def test_closing_is_refused_without_the_pin_and_allowed_with_it(
    qtbot, session, runner, clip, closing
) -> None:
    invitation = invite(session)
    window = open_window(qtbot, session, runner, stand_in=clip)
    closing.append((window, runner))
    to_welcome(qtbot, window, invitation.code)

    refused(qtbot, window, lambda: window.close())  # the window manager's close, Alt+F4
    refused(qtbot, window, lambda: press(qtbot, window, Key.Key_Escape))
    refused(qtbot, window, lambda: press(qtbot, window, Key.Key_F4, Mod.AltModifier))
    refused(qtbot, window, lambda: press(qtbot, window, Key.Key_Tab, Mod.AltModifier))
    refused(qtbot, window, lambda: press(qtbot, window, Key.Key_Meta))
    refused(qtbot, window, lambda: press(qtbot, window, Key.Key_W, Mod.ControlModifier))
    assert window.current_page() is window.welcome  # and the interview is where it was

    press(qtbot, window, Key.Key_Q, Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier)
    qtbot.waitUntil(lambda: window.pin_dialog is not None and window.pin_dialog.isVisible())
    enter_pin(qtbot, window, "135791")
    qtbot.waitUntil(lambda: window.pin_dialog.message.text() == WrongPin().user_text())
    assert window.isVisible() and window.pin_dialog.isVisible()

    with qtbot.waitSignal(window.left, timeout=10_000):
        enter_pin(qtbot, window, PIN)
    assert not window.isVisible() and window.kiosk is None
    # Staff left mid-interview: it stays open for a new code (it is resumable).
    assert session.interviews.get(invitation.session_id).status is InterviewStatus.IN_PROGRESS


def test_other_windows_shortcuts_do_not_fire_inside_the_kiosk(
    qtbot, session, runner, clip, closing
) -> None:
    other = QWidget()
    qtbot.addWidget(other)
    fired: list[str] = []
    quit_action = QAction("Quit", other)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    quit_action.triggered.connect(lambda: fired.append("quit"))
    help_action = QAction("Help", other)
    help_action.setShortcut(QKeySequence("F1"))
    help_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    help_action.triggered.connect(lambda: fired.append("help"))
    other.addActions([quit_action, help_action])
    other.show()  # another window of the app, still open behind the kiosk

    window = open_window(qtbot, session, runner, stand_in=clip)
    closing.append((window, runner))
    refused(qtbot, window, lambda: press(qtbot, window, Key.Key_Q, Mod.ControlModifier))
    press(qtbot, window, Key.Key_F1)
    assert fired == []
    assert window.isVisible()


def test_the_pin_dialog_can_be_cancelled_and_the_interview_goes_on(
    qtbot, session, runner, clip, closing
) -> None:
    invitation = invite(session)
    window = open_window(qtbot, session, runner, stand_in=clip)
    closing.append((window, runner))
    to_welcome(qtbot, window, invitation.code)
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    dialog = window.pin_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.pin, Key.Key_Escape)  # Esc belongs to the dialog: cancel
    assert not dialog.isVisible() and window.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.welcome.start.setFocus()
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "notice")


def test_a_camera_that_cannot_open_is_named_and_blocks_the_interview(
    qtbot, session, runner, closing
) -> None:
    invitation = invite(session)
    window = open_window(qtbot, session, runner, cameras=(99,))
    closing.append((window, runner))
    to_device_check(qtbot, window, invitation.code)
    devices = window.devices
    qtbot.waitUntil(
        lambda: devices.status.text().startswith("The check did not pass"), timeout=15_000
    )
    assert "No camera was found (camera number 99)." in devices.problems.text()
    assert devices.camera.currentText() == "Camera 99"
    assert not devices.proceed.isEnabled()
    assert devices.again.hasFocus()
    devices.proceed.setFocus()
    press(qtbot, window, Key.Key_Return)
    assert window.kiosk is not None and window.kiosk.step is KioskStep.DEVICE_CHECK
    assert window.current_page() is devices

    press(qtbot, window, Key.Key_C)  # check again: same answer
    qtbot.waitUntil(
        lambda: devices.status.text().startswith("The check did not pass"), timeout=15_000
    )
    assert window.kiosk.step is KioskStep.DEVICE_CHECK


class CameraUnpluggedDuringFirstAnswer:
    """A real stand-in source whose camera goes away 5 pictures into the first answer
    (its first use is the device check, its second the first answer)."""

    def __init__(self, inner: CaptureSource) -> None:
        self.inner = inner
        self.video_size = inner.video_size
        self.has_audio = inner.has_audio
        self.live = inner.live
        self.uses = 0

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        self.uses += 1
        failing = self.uses == 2
        pictures = 0
        for item in self.inner.items(stop):
            if failing and isinstance(item, CapturedFrame):
                pictures += 1
                if pictures > 5:
                    raise CameraLost()
            yield item

    def close(self) -> None:
        self.inner.close()


def test_a_camera_lost_mid_answer_tells_the_operator_keeps_the_recording_and_goes_on(
    qtbot, session, runner, long_clip, closing
) -> None:
    invitation = invite(session, retakes=1)

    def unplugging(choice: DeviceChoice) -> CaptureSource:
        return CameraUnpluggedDuringFirstAnswer(open_source(choice))  # type: ignore[return-value]

    window = open_window(qtbot, session, runner, stand_in=long_clip, open_devices=unplugging)
    closing.append((window, runner))
    to_device_check(qtbot, window, invitation.code)
    qtbot.waitUntil(window.devices.passed, timeout=15_000)
    press(qtbot, window, Key.Key_Return)

    wait_step(qtbot, window, "answered")
    page = window.question
    assert page.operator.isVisible()
    assert page.operator.text().startswith("The camera stopped sending pictures")
    assert page.result.text().startswith("Part of your answer was saved")
    assert page.again.isVisible()  # a fault gives the turn back
    (first,) = session.interviews.answers(invitation.session_id)
    assert (first.status, first.reason) == (TakeStatus.INCOMPLETE, "camera_lost")
    assert first.ref is not None  # what was recorded before the fault is kept

    press(qtbot, window, Key.Key_Return)  # the operator lets the candidate go on
    qtbot.waitUntil(lambda: page.mode == "recording", timeout=10_000)
    assert page.heading.text() == "Question 2 of 2"

    # Staff leave during the second answer: it is kept, marked as stopped early.
    press(qtbot, window, Key.Key_Q, Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier)
    qtbot.waitUntil(lambda: window.pin_dialog is not None and window.pin_dialog.isVisible())
    with qtbot.waitSignal(window.left, timeout=15_000):
        enter_pin(qtbot, window, PIN)
    answers = session.interviews.answers(invitation.session_id)
    assert [(a.status, a.reason) for a in answers] == [
        (TakeStatus.INCOMPLETE, "camera_lost"),
        (TakeStatus.INCOMPLETE, "stopped_early"),
    ]
    assert answers[1].ref is not None
