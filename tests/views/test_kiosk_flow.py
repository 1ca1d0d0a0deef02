"""The kiosk window on a real workspace, driven by keyboard only: code, notice, consents,
device check with a stand-in video file, answers recorded and stored, the end screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.interviews import (
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    InterviewStatus,
    LoginCodeInvalid,
    TakeStatus,
)
from app.keys import KdfParams
from app.workspace import Workspace

from . import kiosk_support
from .conftest import PASSWORD
from .kiosk_support import (
    FIRST,
    SECOND,
    invite,
    open_window,
    press,
    type_text,
    wait_step,
)

clip = kiosk_support.clip  # fixtures
closing = kiosk_support.closing
Key = Qt.Key


def test_keyboard_only_interview_records_two_answers_and_ends_on_thank_you(
    qtbot, session, runner, clip, closing, tmp_path
) -> None:
    invitation = invite(session, practice=True, extra_time_s=2)
    window = open_window(qtbot, session, runner, stand_in=clip, model_dir=tmp_path / "models")
    closing.append((window, runner))
    seen: list[str] = []
    window.step_shown.connect(seen.append)

    wait_step(qtbot, window, "code")
    type_text(qtbot, window, invitation.code.lower())
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "welcome")
    assert "2 questions" in window.welcome.text.text()
    assert "2 extra seconds" in window.welcome.text.text()

    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "notice")
    assert "90 days" in window.notice.text.toPlainText()  # the EU policy's retention
    assert "European Union" in window.notice.policy.text()
    press(qtbot, window, Key.Key_PageDown)  # scrolling does not leave the page
    assert window.current_page() is window.notice
    press(qtbot, window, Key.Key_Return)

    wait_step(qtbot, window, "consent")
    assert "explicitly consent" in window.consent.text.text()
    press(qtbot, window, Key.Key_Return)  # "I agree" has the focus
    wait_step(qtbot, window, "identity_consent")
    press(qtbot, window, Key.Key_Return)

    wait_step(qtbot, window, "device_check")
    devices = window.devices
    qtbot.waitUntil(devices.passed, timeout=15_000)
    assert devices.status.text().startswith("✔")
    assert devices.meter.value() > 50  # the clip's tone at 0.4 of full scale
    assert devices.preview.frames_shown > 0 and devices.preview.pixmap() is not None
    assert "No face is visible" in devices.hints.text()  # a gradient, no face: a hint only
    assert devices.microphone.currentText() == "Sound of the video file"
    press(qtbot, window, Key.Key_Return)

    wait_step(qtbot, window, "practice")
    press(qtbot, window, Key.Key_Tab)  # to "Skip practice"
    assert window.practice.skip_it.hasFocus()
    press(qtbot, window, Key.Key_Space)

    # Question 1: 1 s to think (+2 s extra), then recorded until the clip ends.
    qtbot.waitUntil(lambda: window.question.mode == "think", timeout=10_000)
    assert window.question.question.text() == FIRST
    assert window.question.intro.text() == "Take your time."
    assert window.question.heading.text() == "Question 1 of 2"
    assert window.question.countdown.text() == "3"
    qtbot.waitUntil(lambda: window.question.mode == "recording", timeout=10_000)
    assert window.question.elapsed.text().endswith("/ 0:07")  # 5 s + 2 s extra
    wait_step(qtbot, window, "answered")
    assert window.question.result.text().startswith("Your answer has been saved")
    assert window.question.again.isVisible() and window.question.again.text() == (
        "Record again (1 left)"
    )
    assert not window.question.operator.isVisible()
    press(qtbot, window, Key.Key_Return)  # Next question

    # Question 2: no thinking time; stopped with Space while recording.
    qtbot.waitUntil(lambda: window.question.mode == "recording", timeout=10_000)
    assert window.question.question.text() == SECOND
    assert window.question.stop.hasFocus()
    # The self-view shows the recording's own pictures; stop once some have arrived and
    # the answer is past a second (one stopped at once is not kept as complete).
    qtbot.waitUntil(lambda: window.question.self_view.frames_shown >= 5, timeout=10_000)
    qtbot.waitUntil(lambda: window.question.elapsed.text().startswith("0:01"), timeout=10_000)
    press(qtbot, window, Key.Key_Space)
    wait_step(qtbot, window, "answered")
    assert window.question.next.text() == "Finish the interview"
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "thank_you")

    assert seen[:5] == ["welcome", "notice", "consent", "identity_consent", "device_check"]
    assert seen[5:] == [
        "practice", "think", "recording", "answered", "think", "recording", "answered",
        "thank_you",
    ]  # fmt: skip
    interviews = session.interviews
    answers = interviews.answers(invitation.session_id)
    assert [a.status for a in answers] == [TakeStatus.COMPLETE, TakeStatus.COMPLETE], answers
    assert all(a.ref is not None and a.duration_s > 0 for a in answers), answers
    assert interviews.get(invitation.session_id).status is InterviewStatus.COMPLETED
    consents = interviews.consents(invitation.session_id)
    assert [(c.kind, c.decision, c.notice_version) for c in consents] == [
        (ConsentKind.RECORDING, ConsentDecision.GIVEN, 1),
        (ConsentKind.IDENTITY_TEMPLATE, ConsentDecision.GIVEN, 1),
    ]
    # Each answer went to analysis as the candidate moved on; the run completed at the
    # end even though this model folder is empty (every part is marked unavailable).
    live = window.live_analysis
    assert live is not None and live.wait_idle(60)
    assert live.completed_run is not None

    press(qtbot, window, Key.Key_Return)  # staff: ready for the next person
    wait_step(qtbot, window, "code")
    assert window.kiosk is None and window.code.code.text() == ""


def test_declining_consent_asks_once_more_then_says_goodbye_and_is_recorded(
    qtbot, session, runner, clip, closing
) -> None:
    invitation = invite(session)
    window = open_window(qtbot, session, runner, stand_in=clip)
    closing.append((window, runner))
    type_text(qtbot, window, invitation.code)
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "welcome")
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "notice")
    press(qtbot, window, Key.Key_Return)
    wait_step(qtbot, window, "consent")

    press(qtbot, window, Key.Key_Right)  # arrow keys move between the buttons
    assert window.consent.decline.hasFocus()
    press(qtbot, window, Key.Key_Return)
    assert "Are you sure?" in window.consent.text.text()
    assert window.consent.back.hasFocus()  # the safe choice is highlighted
    press(qtbot, window, Key.Key_Return)  # Go back
    assert window.consent.agree.isVisible() and not window.consent.confirm_decline.isVisible()
    assert window.consent.agree.hasFocus()
    assert session.interviews.consents(invitation.session_id) == []  # nothing decided yet

    press(qtbot, window, Key.Key_Tab)
    press(qtbot, window, Key.Key_Return)  # I do not agree
    press(qtbot, window, Key.Key_Left)
    assert window.consent.confirm_decline.hasFocus()
    press(qtbot, window, Key.Key_Return)  # Yes, end the interview
    wait_step(qtbot, window, "declined")
    assert "nothing was recorded" in window.goodbye.text.text()
    assert "alternative process" in window.goodbye.text.text()

    interviews = session.interviews
    assert interviews.get(invitation.session_id).status is InterviewStatus.DECLINED
    (consent,) = interviews.consents(invitation.session_id)
    assert (consent.kind, consent.decision) == (ConsentKind.RECORDING, ConsentDecision.DECLINED)
    assert interviews.answers(invitation.session_id) == []


def test_illinois_waiver_is_signed_by_typing_the_full_name(
    qtbot, runner, clip, closing, tmp_path: Path
) -> None:
    path = tmp_path / "illinois"
    Workspace.create(path, "admin", PASSWORD, "us-illinois", kdf=KdfParams.insecure_fast()).close()
    session = Workspace.open(path, "admin", PASSWORD)
    try:
        invitation = invite(session)
        window = open_window(qtbot, session, runner, stand_in=clip)
        closing.append((window, runner))
        type_text(qtbot, window, invitation.code)
        press(qtbot, window, Key.Key_Return)
        for step in ("welcome", "notice", "consent"):
            wait_step(qtbot, window, step)
            press(qtbot, window, Key.Key_Return)
        wait_step(qtbot, window, "identity_consent")
        page = window.identity
        assert "Written release" in page.text.text()
        assert page.signature.hasFocus() and not page.agree.isEnabled()
        press(qtbot, window, Key.Key_Return)  # an empty signature signs nothing
        assert window.current_page() is page
        type_text(qtbot, window, "Grace Hopper")
        assert page.agree.isEnabled()
        press(qtbot, window, Key.Key_Return)
        # Illinois offers voluntary self-identification next; skipping it stores nothing.
        qtbot.waitUntil(lambda: window.current_page() is window.self_id, timeout=15_000)
        window.self_id.skip.click()
        wait_step(qtbot, window, "device_check")
        assert session.db.scalar("SELECT count(*) FROM demographics") == 0
        consents = session.interviews.consents(invitation.session_id)
        assert [(c.kind, c.method) for c in consents] == [
            (ConsentKind.RECORDING, ConsentMethod.CLICK),
            (ConsentKind.IDENTITY_TEMPLATE, ConsentMethod.SIGNED_WAIVER),
        ]
    finally:
        closing_runner_first(closing)
        session.close()


def closing_runner_first(opened) -> None:
    """This test owns its session: put the interview away before closing it."""
    while opened:
        kiosk_support.shut(*opened.pop())


def test_an_unknown_code_is_refused_with_a_clear_message(
    qtbot, session, runner, clip, closing
) -> None:
    invite(session)
    window = open_window(qtbot, session, runner, stand_in=clip)
    closing.append((window, runner))
    type_text(qtbot, window, "ZZZZ-9999")
    press(qtbot, window, Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.code.message.text() == LoginCodeInvalid().user_text(), timeout=10_000
    )
    assert window.current_page() is window.code and window.kiosk is None
    assert window.code.code.hasFocus()
    press(qtbot, window, Key.Key_Return)  # the code is still there: tried again, refused again
    qtbot.waitUntil(lambda: not window._busy, timeout=10_000)
    assert window.code.message.text() == LoginCodeInvalid().user_text()
