"""The main window on a real workspace: navigation, lock, idle lock, status bar, help."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.errors import WrongCredentials
from views.app_window import PAGE_NAMES, MainWindow
from views.crash import CrashDialog

from .conftest import PASSWORD


@pytest.fixture
def window(qtbot, session, runner, tmp_path) -> Iterator[MainWindow]:
    main = MainWindow(session, runner, model_dir=tmp_path / "models")
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    yield main
    runner.shutdown()  # before the session fixture closes the database


def _press(qtbot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.ControlModifier):
    qtbot.keyClick(window.focusWidget() or window, key, modifier)


def test_ctrl_number_switches_pages(qtbot, window: MainWindow) -> None:
    assert window.current_page_name() == "Roles"
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5]
    for key, name in reversed(list(zip(keys, PAGE_NAMES, strict=True))):
        _press(qtbot, window, key)
        assert window.current_page_name() == name
        assert window.nav.currentItem().text() == name


def test_status_bar_shows_workspace_user_role_and_model_device(qtbot, window, session) -> None:
    assert window.workspace_label.text() == f"Workspace: {session.path.name}"
    assert window.user_label.text() == "User: admin (administrator)"
    qtbot.waitUntil(lambda: window.device_label.text() != "Models: checking…", timeout=20_000)
    assert window.device_label.text() in {"Models: CPU", "Models: CUDA", "Models: CUDA + CPU"}


def test_ctrl_l_locks_and_hides_everything(qtbot, window: MainWindow) -> None:
    window.go_to(1)
    window.show_help()
    assert window.jobs_dock.isVisible()
    _press(qtbot, window, Qt.Key.Key_L)
    assert window.is_locked()
    assert window.lock_screen.isVisible()
    assert not window.workspace_view.isVisible()
    assert not window.jobs_dock.isVisible()
    assert not window.view_menu.isEnabled()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [window]  # the help dialog is hidden too
    # navigation shortcuts do nothing while locked
    _press(qtbot, window, Qt.Key.Key_4)
    assert window.is_locked() and window.current_page_name() == "Candidates"


def test_wrong_password_keeps_it_locked_and_the_right_one_unlocks(qtbot, window) -> None:
    window.lock()
    screen = window.lock_screen
    qtbot.keyClicks(screen.password, "not it at all")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message.text() == WrongCredentials().user_text(), timeout=10_000)
    assert window.is_locked() and not window.workspace_view.isVisible()

    qtbot.keyClicks(screen.password, PASSWORD)
    with qtbot.waitSignal(window.locked_changed, timeout=10_000) as blocker:
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [False]
    assert not window.is_locked()
    assert window.workspace_view.isVisible() and window.jobs_dock.isVisible()
    assert window.view_menu.isEnabled()


def test_idle_window_locks_itself(qtbot, session, runner, tmp_path) -> None:
    main = MainWindow(session, runner, model_dir=tmp_path / "models", idle_lock_ms=50)
    qtbot.addWidget(main)
    main.show()
    try:
        qtbot.waitUntil(main.is_locked, timeout=5_000)
        assert not main.workspace_view.isVisible()
    finally:
        runner.shutdown()


def test_idle_minutes_setting_is_stored_and_applied(qtbot, window, session) -> None:
    general = window.settings.general
    assert general.idle_spin.value() == 10  # the default
    assert window.idle.interval_ms() == 10 * 60_000
    general.idle_spin.setValue(3)
    assert session.get_setting("idle_lock_minutes") == "3"
    assert window.idle.interval_ms() == 3 * 60_000


def test_f1_opens_help(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_dialog = window.help_dialog
    assert help_dialog is not None and help_dialog.isVisible()
    assert "Ctrl+L" in help_dialog.browser.toPlainText()


def test_exception_in_a_slot_reaches_the_crash_dialog(qtbot, window, router) -> None:
    presented: list[object] = []
    router.presented.connect(presented.append)
    router.install()
    try:
        window.nav.currentRowChanged.connect(lambda row: 1 / 0)
        window.go_to(2)
        qtbot.waitUntil(lambda: bool(presented))
    finally:
        router.uninstall()
    assert isinstance(presented[0], CrashDialog)
    assert "ZeroDivisionError" in presented[0].report_text()
    qtbot.addWidget(presented[0])
