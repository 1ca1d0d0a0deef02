"""First run and sign-in, through the real core (Argon2, SQLCipher, back-off)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app import state
from app.errors import WrongCredentials
from app.policy import load_policy
from app.workspace import Workspace
from views.app_window import MainWindow
from views.errors import ErrorRouter
from views.gui import CandorGui
from views.jobs import QtJobRunner

from .conftest import PASSWORD


def _start(qtbot, runner: QtJobRunner, router: ErrorRouter, tmp_path: Path) -> CandorGui:
    gui = CandorGui(runner, router, model_dir=tmp_path / "models")
    gui.start()
    assert gui.welcome is not None
    qtbot.addWidget(gui.welcome)
    return gui


def _finish(qtbot, gui: CandorGui) -> None:
    if gui.main_window is not None:
        qtbot.addWidget(gui.main_window)
    gui.runner.shutdown()
    gui.close_session()


def test_first_run_creates_workspace_and_opens_main_window(qtbot, runner, router, tmp_path) -> None:
    gui = _start(qtbot, runner, router, tmp_path)
    welcome = gui.welcome
    assert welcome is not None
    page = welcome.create_page
    assert welcome.pages.currentWidget() is page  # nothing remembered: first run
    target = tmp_path / "new-workspace"
    try:
        page.folder.set_path(target)
        qtbot.keyClicks(page.admin, "boss")
        qtbot.keyClicks(page.password, PASSWORD)
        qtbot.keyClicks(page.repeat, PASSWORD)
        page.policy.setCurrentIndex(page.policy.findData("us-illinois"))
        assert load_policy("us-illinois").description in page.policy_description.text()
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
        assert page.busy.isVisibleTo(page) and not page.create_button.isEnabled()
        qtbot.waitUntil(lambda: gui.main_window is not None, timeout=20_000)
        window = gui.main_window
        assert isinstance(window, MainWindow)
        assert window.isVisible()
        assert gui.welcome is None
        assert Workspace.is_workspace(target)
        assert gui.session is not None and gui.session.policy_id == "us-illinois"
        assert window.user_label.text() == "User: boss (administrator)"
        assert state.last_workspace() == target and state.last_user() == "boss"
    finally:
        _finish(qtbot, gui)


def test_mismatched_passwords_are_refused_before_anything_is_created(
    qtbot, runner, router, tmp_path
) -> None:
    gui = _start(qtbot, runner, router, tmp_path)
    assert gui.welcome is not None
    page = gui.welcome.create_page
    target = tmp_path / "never-made"
    page.folder.set_path(target)
    qtbot.keyClicks(page.admin, "boss")
    qtbot.keyClicks(page.password, PASSWORD)
    qtbot.keyClicks(page.repeat, PASSWORD + "x")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "differ" in page.message.text()
    assert not target.exists()
    assert runner.active() == []
    _finish(qtbot, gui)


def test_wrong_password_shows_the_message_and_does_not_open(
    qtbot, runner, router, workspace, tmp_path
) -> None:
    state.update(last_workspace=str(workspace), last_user="admin")
    gui = _start(qtbot, runner, router, tmp_path)
    assert gui.welcome is not None
    page = gui.welcome.sign_in_page
    assert gui.welcome.pages.currentWidget() is page  # remembered workspace: sign in
    assert page.folder.path() == workspace and page.user.text() == "admin"
    try:
        qtbot.keyClicks(page.password, "not the password")
        qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.message.text() != "", timeout=10_000)
        assert page.message.text() == WrongCredentials().user_text()
        assert gui.main_window is None and gui.session is None
        assert page.password.text() == ""

        qtbot.keyClicks(page.password, PASSWORD)
        qtbot.keyClick(page.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: gui.main_window is not None, timeout=10_000)
    finally:
        _finish(qtbot, gui)


def test_repeated_failures_disable_sign_in_with_a_countdown(
    qtbot, runner, router, workspace, tmp_path
) -> None:
    state.update(last_workspace=str(workspace), last_user="admin")
    gui = _start(qtbot, runner, router, tmp_path)
    assert gui.welcome is not None
    page = gui.welcome.sign_in_page

    def fail_once() -> None:
        page.message.clear()
        qtbot.keyClicks(page.password, "wrong password!")
        qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.message.text() != "", timeout=10_000)

    try:
        for _ in range(4):  # three free failures, then the core backs off
            fail_once()
            if page.countdown.active():
                break
        assert page.countdown.active()
        assert page.message.text().startswith("Too many failed attempts. Try again in")
        qtbot.keyClicks(page.password, PASSWORD)
        assert not page.sign_in_button.isEnabled()  # even with a password typed

        qtbot.waitUntil(lambda: page.sign_in_button.isEnabled(), timeout=35_000)
        assert not page.message.text().startswith("Too many")
        qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: gui.main_window is not None, timeout=10_000)
    finally:
        _finish(qtbot, gui)


def test_sign_out_returns_to_sign_in_and_closes_the_session(
    qtbot, runner, router, workspace, tmp_path
) -> None:
    state.update(last_workspace=str(workspace), last_user="admin")
    gui = _start(qtbot, runner, router, tmp_path)
    assert gui.welcome is not None
    page = gui.welcome.sign_in_page
    try:
        qtbot.keyClicks(page.password, PASSWORD)
        qtbot.keyClick(page.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: gui.main_window is not None, timeout=10_000)
        assert gui.main_window is not None
        gui.main_window.sign_out_action.trigger()
        assert gui.session is None and gui.main_window is None
        assert gui.welcome is not None and gui.welcome.isVisible()
        qtbot.addWidget(gui.welcome)
    finally:
        _finish(qtbot, gui)
