"""Playing recorded answers: decrypted as read (never to a file), seekable once finalized,
question by question, permission-checked and audit-logged.

The answers are recorded through the real kiosk flow (a file stands in for the
camera) and finalized as the kiosk does once an answer is stored.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaPlayer

from app.errors import PermissionDenied
from app.workspace import Session
from views.interviews import InterviewsPage
from views.playback import PlaybackWindow

from .interviews_support import InstantChooser, record_interview, sign_in

WAIT = 15_000
# Qt Multimedia (FFmpeg backend) says these offscreen, with no GPU and no sound server.
MULTIMEDIA_NOISE = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (propagateSizeHints|raise)\(\)$",
    r"^Couldn't (load|resolve) .+ (library|symbols)$",
    r"^PulseAudioService: ",
    r"No HW decoder found",
    r"^No audio device detected$",
    r"No RHI backend",
    r"^Using Qt multimedia with FFmpeg",
)
LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
PLAINTEXT_MARKERS = (b"\x1a\x45\xdf\xa3", b"webm")


def _open_player(qtbot, session: Session, runner, interview: int) -> PlaybackWindow:
    page = InterviewsPage(session, runner, chooser=InstantChooser([]))
    qtbot.addWidget(page)
    page.resize(930, 600)
    page.show()
    panel = page.sessions
    assert panel is not None
    qtbot.waitUntil(lambda: len(panel.summaries) == 1, timeout=WAIT)
    panel.select_interview(interview)
    assert panel.play_button.isEnabled()
    with qtbot.waitSignal(panel.dialog_opened, timeout=WAIT) as opened:
        panel.play_button.click()
    window = opened.args[0]
    assert isinstance(window, PlaybackWindow)
    return window


def _played(session: Session) -> list[dict[str, object]]:
    return [
        json.loads(e.details)
        for e in session.audit.entries()
        if e.action == "interview.answer.played"
    ]


@MULTIMEDIA_NOISE
def test_play_answers_loads_a_finalized_answer_with_its_duration(
    qtbot, session, workspace: Path, tmp_path: Path, runner
) -> None:
    interview, answers = record_interview(session, workspace, tmp_path)
    window = _open_player(qtbot, session, runner, interview)
    player = window.player

    qtbot.waitUntil(lambda: player.loaded_answer == answers[0], timeout=WAIT)
    qtbot.waitUntil(lambda: player.player.mediaStatus() in LOADED, timeout=WAIT)
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=WAIT)

    assert player.player.duration() == pytest.approx(2000, abs=150)
    assert player.player.isSeekable() and player.slider.isEnabled()
    assert player.slider.maximum() == player.player.duration()
    assert player.title.text() == "Question 1 of 3"
    assert player.question.text() == "Tell us about a time a patient's condition got worse."
    assert player.time_label.text().endswith("/ 0:02")
    assert [d["answer"] for d in _played(session)] == [answers[0]]
    assert _played(session)[0]["session"] == interview

    frames: list[tuple[int, int]] = []
    sink = player.video.videoSink()
    sink.videoFrameChanged.connect(
        lambda frame: frames.append((frame.width(), frame.height())) if frame.isValid() else None
    )
    player.play_button.click()
    qtbot.waitUntil(lambda: len(frames) >= 3, timeout=WAIT)  # decoded pictures arrive
    assert frames[0] == (160, 120)
    window.grab().save("/tmp/candor_interviews_player.png")
    player.play_button.click()  # pause
    assert player.player.playbackState() == QMediaPlayer.PlaybackState.PausedState

    player.slider.setValue(1500)  # seeking, as dragging the slider does
    qtbot.waitUntil(lambda: player.player.position() >= 1000, timeout=WAIT)

    player.next_button.click()
    qtbot.waitUntil(lambda: player.loaded_answer == answers[1], timeout=WAIT)
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=WAIT)
    assert player.title.text() == "Question 2 of 3" and window.answers.currentRow() == 1
    assert not player.next_button.isEnabled() and player.previous_button.isEnabled()
    assert [d["answer"] for d in _played(session)] == answers
    window.close()


@MULTIMEDIA_NOISE
def test_playing_writes_no_plaintext_to_disk(
    qtbot, session, workspace: Path, tmp_path: Path, runner
) -> None:
    interview, _ = record_interview(session, workspace, tmp_path / "clip")
    started = time.time() - 1
    window = _open_player(qtbot, session, runner, interview)
    qtbot.waitUntil(lambda: window.player.player.mediaStatus() in LOADED, timeout=WAIT)
    window.player.player.play()
    qtbot.waitUntil(lambda: window.player.player.position() > 500, timeout=WAIT)
    window.close()

    fresh = [p for p in workspace.rglob("*") if p.is_file()]
    fresh += [
        p
        for p in Path(tempfile.gettempdir()).glob("*")
        if p.is_file() and p.stat().st_mtime >= started
    ]
    leaks = [str(p) for p in fresh if any(m in p.read_bytes() for m in PLAINTEXT_MARKERS)]
    assert leaks == []


def test_the_kiosk_account_cannot_open_an_answer(qtbot, session, workspace, tmp_path) -> None:
    _, answers = record_interview(session, workspace, tmp_path, answers=1, finalize=False)

    with sign_in(workspace, "kiosk-1") as kiosk, pytest.raises(PermissionDenied):
        kiosk.interviews.answer_reader(answers[0])
    assert _played(session) == []
