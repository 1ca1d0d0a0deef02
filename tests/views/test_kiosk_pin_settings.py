"""Setting the kiosk operator PIN in the app: Settings → Kiosk, and File → Start kiosk….

A real workspace (SQLCipher, Argon2 with the workspace's parameters); the PIN dialog
stores through the job runner, so every test waits for the job like a user would.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.accounts import Role
from app.workspace import Session, Workspace
from views.app_window import MainWindow
from views.jobs import QtJobRunner
from views.kiosk.window import KioskWindow
from views.settings.kiosk_page import NO_PIN_TEXT, PIN_SET_TEXT, KioskPage
from views.settings.pin_dialog import MISMATCH, SetPinDialog
from views.settings.settings_page import SettingsPage

from .conftest import PASSWORD

PIN = "246810"
OTHER_PIN = "975310"
HASH_TIMEOUT_MS = 20_000  # Argon2 with the workspace's real parameters


@pytest.fixture
def kiosk_page(qtbot: QtBot, session: Session, runner: QtJobRunner) -> Iterator[KioskPage]:
    page = KioskPage(session, runner)
    qtbot.addWidget(page)
    page.show()
    yield page
    runner.shutdown()


def open_dialog(qtbot: QtBot, page: KioskPage) -> SetPinDialog:
    with qtbot.waitSignal(page.dialog_opened) as opened:
        qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, SetPinDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def type_pair(qtbot: QtBot, dialog: SetPinDialog, pin: str, repeat: str) -> None:
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClicks(dialog.repeat, repeat)


def test_admin_sets_the_pin_from_settings_and_the_status_follows(
    qtbot: QtBot, kiosk_page: KioskPage, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert kiosk_page.status.text() == NO_PIN_TEXT
    assert kiosk_page.pin_button.isEnabled() and kiosk_page.pin_button.text().startswith("&Set")
    assert not kiosk_page.permission_note.isVisible()

    dialog = open_dialog(qtbot, kiosk_page)
    assert dialog.windowTitle() == "Set operator PIN"
    assert dialog.pin.echoMode() is dialog.pin.EchoMode.Password
    assert dialog.repeat.echoMode() is dialog.repeat.EchoMode.Password
    type_pair(qtbot, dialog, PIN, PIN)
    with qtbot.waitSignal(dialog.pin_set, timeout=HASH_TIMEOUT_MS):
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)  # Enter submits
        # Hashing runs in a job: the dialog is busy, holds no PIN, and Esc cannot hide the outcome.
        assert dialog.busy_now() and not dialog.ok.isEnabled()
        assert dialog.pin.text() == dialog.repeat.text() == ""
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Escape)
        assert dialog.isVisible()
    assert not dialog.isVisible()

    assert session.interviews.kiosk_pin_is_set()
    session.interviews.verify_pin(PIN)  # the stored hash opens the kiosk with this PIN
    assert kiosk_page.status.text() == PIN_SET_TEXT
    assert kiosk_page.pin_button.text().startswith("&Change")
    assert any(e.action == "kiosk.pin.set" for e in session.audit.entries())
    assert all(PIN not in record.getMessage() for record in caplog.records)


def test_admin_changes_an_existing_pin(
    qtbot: QtBot, kiosk_page: KioskPage, session: Session
) -> None:
    session.interviews.set_kiosk_pin(PIN)
    kiosk_page.refresh()
    dialog = open_dialog(qtbot, kiosk_page)
    assert dialog.windowTitle() == "Change operator PIN"
    type_pair(qtbot, dialog, OTHER_PIN, OTHER_PIN)
    with qtbot.waitSignal(dialog.pin_set, timeout=HASH_TIMEOUT_MS):
        dialog.ok.click()
    session.interviews.verify_pin(OTHER_PIN)


def test_a_mismatched_repeat_is_explained_and_nothing_is_stored(
    qtbot: QtBot, kiosk_page: KioskPage, session: Session, runner: QtJobRunner
) -> None:
    dialog = open_dialog(qtbot, kiosk_page)
    type_pair(qtbot, dialog, PIN, OTHER_PIN)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.message.text() == MISMATCH
    assert dialog.isVisible() and not dialog.busy_now()
    assert dialog.pin.text() == dialog.repeat.text() == ""  # retyped, never kept
    assert runner.active() == []  # no job was started
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Escape)  # Esc cancels
    assert not dialog.isVisible()
    assert not session.interviews.kiosk_pin_is_set()
    assert kiosk_page.status.text() == NO_PIN_TEXT


def test_a_five_digit_pin_is_refused_with_the_rule_s_message(
    qtbot: QtBot, kiosk_page: KioskPage, session: Session
) -> None:
    dialog = open_dialog(qtbot, kiosk_page)
    type_pair(qtbot, dialog, "13579", "13579")
    dialog.ok.click()
    assert "must have 6 to 12 digits" in dialog.message.text()
    assert dialog.isVisible() and not dialog.busy_now()
    assert not session.interviews.kiosk_pin_is_set()
    dialog.close()


def test_the_pin_fields_take_digits_only_and_the_rule_catches_the_rest(
    qtbot: QtBot, kiosk_page: KioskPage, session: Session
) -> None:
    dialog = open_dialog(qtbot, kiosk_page)
    qtbot.keyClicks(dialog.pin, "12ab34-56")
    assert dialog.pin.text() == "123456"  # the validator drops what is not a digit
    dialog.pin.setText("12345x")  # text set directly bypasses the validator
    dialog.repeat.setText("12345x")
    dialog.ok.click()
    assert "only digits" in dialog.message.text()
    assert not session.interviews.kiosk_pin_is_set()
    dialog.close()


def test_a_recruiter_sees_the_status_but_cannot_set_the_pin(
    qtbot: QtBot, session: Session, runner: QtJobRunner, workspace: Path, tmp_path: Path
) -> None:
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    with Workspace.open(workspace, "rita", PASSWORD) as rita:
        settings = SettingsPage(rita, runner, tmp_path / "models")
        qtbot.addWidget(settings)
        settings.show()
        page = settings.kiosk
        assert page is not None  # recruiters invite candidates to the kiosk
        settings.tabs.setCurrentWidget(page)
        assert page.status.text() == NO_PIN_TEXT
        assert not page.pin_button.isEnabled()
        assert page.permission_note.isVisible()
        assert "recruiter" in page.permission_note.text()
        assert "administrator" in page.permission_note.text()
        assert page.open_dialog() is None
        runner.shutdown()


def test_a_reviewer_gets_no_kiosk_settings(
    qtbot: QtBot, session: Session, runner: QtJobRunner, workspace: Path, tmp_path: Path
) -> None:
    session.users.add("rob", Role.REVIEWER, PASSWORD)
    with Workspace.open(workspace, "rob", PASSWORD) as rob:
        settings = SettingsPage(rob, runner, tmp_path / "models")
        qtbot.addWidget(settings)
        assert settings.kiosk is None
        runner.shutdown()


def test_starting_the_kiosk_without_a_pin_offers_to_set_it_then_starts(
    qtbot: QtBot, session: Session, runner: QtJobRunner, tmp_path: Path
) -> None:
    main = MainWindow(session, runner, model_dir=tmp_path / "models")
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    launcher = main.kiosk_launcher
    launcher._fullscreen = False

    with qtbot.waitSignal(launcher.dialog_opened) as opened:
        launcher.action.trigger()
    box = opened.args[0]
    assert isinstance(box, QMessageBox)
    assert box.text().startswith("No operator PIN is set") and "Set it now?" in box.text()
    assert launcher.window is None and not main.is_locked()
    set_now = next(b for b in box.buttons() if b.text() == "&Set PIN…")
    with qtbot.waitSignal(launcher.dialog_opened) as opened:
        set_now.click()
    dialog = opened.args[0]
    assert isinstance(dialog, SetPinDialog)
    type_pair(qtbot, dialog, PIN, PIN)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: launcher.window is not None, timeout=HASH_TIMEOUT_MS)
    assert session.interviews.kiosk_pin_is_set()
    window = launcher.window
    assert isinstance(window, KioskWindow)
    qtbot.waitUntil(window.isActiveWindow)
    assert not main.isVisible() and main.is_locked()
    # The new PIN is the way out.
    window.request_leave()
    pin_dialog = window.pin_dialog
    assert pin_dialog is not None
    qtbot.waitUntil(pin_dialog.isVisible)
    with qtbot.waitSignal(window.left, timeout=HASH_TIMEOUT_MS):
        qtbot.keyClicks(pin_dialog.pin, PIN)
        qtbot.keyClick(pin_dialog.pin, Qt.Key.Key_Return)
    assert main.isVisible() and launcher.window is None
    runner.shutdown()


def test_declining_to_set_a_pin_leaves_the_main_window_as_it_was(
    qtbot: QtBot, session: Session, runner: QtJobRunner, tmp_path: Path
) -> None:
    main = MainWindow(session, runner, model_dir=tmp_path / "models")
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.kiosk_launcher.dialog_opened) as opened:
        main.kiosk_launcher.start()
    box = opened.args[0]
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert main.kiosk_launcher.window is None
    assert main.isVisible() and not main.is_locked()
    assert not session.interviews.kiosk_pin_is_set()
    runner.shutdown()
