"""Shared pieces of the kiosk view tests: an invitation with tiny timings, the window, keys.

The stand-in camera and microphone is a short synthetic clip (a moving square and
a tone, written with PyAV); answers end when the clip ends, about a second in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.interviews import Invitation, PracticeSettings, QuestionDraft, QuestionSetDraft
from app.workspace import Session
from tests.app.capture_clips import make_clip
from views.jobs import QtJobRunner
from views.kiosk.window import KioskWindow

PIN = "246810"
FIRST = "Tell us about a project you are proud of."
SECOND = "Why would you like this role?"


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(
        tmp_path_factory.mktemp("kiosk") / "stand-in.mkv", seconds=2.0, fps=15, size=(320, 240)
    )


def invite(
    session: Session, *, practice: bool = False, retakes: int = 1, extra_time_s: int = 0
) -> Invitation:
    """A two-question interview (think 1 s and 0 s) for a new candidate; sets the PIN."""
    interviews = session.interviews  # type: ignore[attr-defined]
    if not interviews.kiosk_pin_is_set():
        interviews.set_kiosk_pin(PIN)
    question_set = interviews.question_sets.create(
        QuestionSetDraft(
            name="Kiosk test",
            questions=(
                QuestionDraft(
                    FIRST, intro="Take your time.", think_seconds=1, answer_seconds=5,
                    retakes=retakes,
                ),
                QuestionDraft(SECOND, think_seconds=0, answer_seconds=5, retakes=retakes),
            ),
            practice=PracticeSettings(enabled=practice, think_seconds=0, answer_seconds=5),
        )
    )  # fmt: skip
    candidate = session.candidates.add("Grace Hopper", {})  # type: ignore[attr-defined]
    result: Invitation = interviews.invite(candidate, question_set.id, extra_time_s=extra_time_s)
    return result


def open_window(
    qtbot: object, session: Session, runner: QtJobRunner, **options: object
) -> KioskWindow:
    options.setdefault("fullscreen", False)
    options.setdefault("check_seconds", 0.3)
    window = KioskWindow(session, runner, **options)  # type: ignore[arg-type]
    # A kiosk refuses to close without the PIN; after the test the app closes it.
    qtbot.addWidget(window, before_close_func=KioskWindow.force_close)  # type: ignore[attr-defined]
    with qtbot.waitActive(window):  # type: ignore[attr-defined]
        window.present()
    return window


def shut(window: KioskWindow, runner: QtJobRunner) -> None:
    """Stop jobs, then put away an interview a test left open (before the session closes)."""
    runner.shutdown()
    if window.kiosk is not None:
        window.kiosk.close()
    tap = window._tap
    if tap is not None:
        tap.close()


@pytest.fixture
def closing() -> Iterator[list[tuple[KioskWindow, QtJobRunner]]]:
    opened: list[tuple[KioskWindow, QtJobRunner]] = []
    yield opened
    for window, runner in opened:
        shut(window, runner)


def focused(window: QWidget) -> QWidget:
    return QApplication.focusWidget() or window


def press(
    qtbot: object,
    window: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key press where the keyboard focus is, as a candidate would type it."""
    qtbot.keyClick(focused(window), key, modifier)  # type: ignore[attr-defined]


def type_text(qtbot: object, window: QWidget, text: str) -> None:
    qtbot.keyClicks(focused(window), text)  # type: ignore[attr-defined]


def wait_step(qtbot: object, window: KioskWindow, step: str, timeout: int = 15_000) -> None:
    def there() -> None:
        assert window._busy is False
        page = window.current_page()
        assert page is not None
        assert _STEP_PAGES[step](window) is page
        if step in ("think", "recording", "answered"):
            assert window.question.mode == _QUESTION_MODES[step]

    qtbot.waitUntil(there, timeout=timeout)  # type: ignore[attr-defined]


_STEP_PAGES = {
    "code": lambda w: w.code,
    "welcome": lambda w: w.welcome,
    "notice": lambda w: w.notice,
    "consent": lambda w: w.consent,
    "identity_consent": lambda w: w.identity,
    "device_check": lambda w: w.devices,
    "practice": lambda w: w.practice,
    "think": lambda w: w.question,
    "recording": lambda w: w.question,
    "answered": lambda w: w.question,
    "thank_you": lambda w: w.thank_you,
    "declined": lambda w: w.goodbye,
}
_QUESTION_MODES = {"think": "think", "recording": "recording", "answered": "answered"}
