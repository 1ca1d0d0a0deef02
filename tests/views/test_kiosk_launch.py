"""Ways into the kiosk: a kiosk account signs in straight to it; staff start it from File."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.accounts import Role
from app.workspace import Workspace
from views.app_window import MainWindow
from views.gui import CandorGui
from views.kiosk.window import KioskWindow
from views.welcome import WelcomeWindow

from .kiosk_support import PIN, invite, type_text, wait_step

KIOSK_USER, KIOSK_PASSWORD = "kiosk-1", "a long enough password"
Mod = Qt.KeyboardModifier


def leave(qtbot, window: KioskWindow) -> None:
    window.request_leave()
    dialog = window.pin_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    with qtbot.waitSignal(window.left, timeout=10_000):
        qtbot.keyClicks(dialog.pin, PIN)
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)


def test_a_kiosk_account_gets_the_kiosk_and_leaving_signs_it_out(
    qtbot, session, workspace, runner, router
) -> None:
    session.users.add(KIOSK_USER, Role.KIOSK, KIOSK_PASSWORD)
    session.interviews.set_kiosk_pin(PIN)
    gui = CandorGui(runner, router, workspace=workspace, user=KIOSK_USER)
    gui.start()
    kiosk_session = Workspace.open(workspace, KIOSK_USER, KIOSK_PASSWORD)
    gui._opened(kiosk_session)
    window = gui.kiosk_window
    assert window is not None and gui.main_window is None  # deleted by the GUI on sign-out
    assert window.isVisible()
    qtbot.waitUntil(window.isFullScreen)
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.current_page() is window.code
    # The sign-in window is gone and no main window exists: nothing else is reachable.
    assert gui.welcome is None
    others = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, (WelcomeWindow, MainWindow))
    ]
    assert not any(w.isVisible() for w in others)

    leave(qtbot, window)
    assert gui.kiosk_window is None and gui.session is None
    assert gui.welcome is not None and gui.welcome.isVisible()
    assert not window.isVisible()
    gui.welcome.close()


def test_start_kiosk_covers_the_locked_main_window_until_staff_leave(
    qtbot, session, runner, tmp_path
) -> None:
    invitation = invite(session)  # also sets the operator PIN
    main = MainWindow(session, runner, model_dir=tmp_path / "models")
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    launcher = main.kiosk_launcher
    assert launcher.action.isVisible()  # an administrator may run the kiosk
    launcher._fullscreen = False
    main.go_to(1)

    launcher.action.trigger()
    window = launcher.window
    assert window is not None  # deleted by the launcher when staff leave
    qtbot.waitUntil(window.isActiveWindow)
    assert not main.isVisible() and main.is_locked()
    # The main window's application-wide shortcuts do nothing from the kiosk.
    qtbot.keyClick(window.code.code, Qt.Key.Key_2, Mod.ControlModifier)
    qtbot.keyClick(window.code.code, Qt.Key.Key_F1)
    assert main.help_dialog is None and main.current_page_name() == "Candidates"
    type_text(qtbot, window, invitation.code)
    qtbot.keyClick(window.code.code, Qt.Key.Key_Return)
    wait_step(qtbot, window, "welcome")

    leave(qtbot, window)
    assert main.isVisible() and main.is_locked()  # back only with the user's password
    assert launcher.window is None
    runner.shutdown()


def test_start_kiosk_is_refused_while_no_operator_pin_is_set(
    qtbot, session, runner, router, tmp_path
) -> None:
    main = MainWindow(session, runner, model_dir=tmp_path / "models")
    qtbot.addWidget(main)
    main.show()
    assert main.kiosk_launcher.start() is None
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any("No operator PIN" in box.text() for box in boxes if box.isVisible())
    assert main.isVisible() and not main.is_locked()
    for box in boxes:
        box.close()
    runner.shutdown()
