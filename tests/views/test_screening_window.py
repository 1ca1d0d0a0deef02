"""The screening pages inside the main window: navigation, menu entries, shortcuts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from views.app_window import MainWindow
from views.screening.candidates_page import CandidatesPage
from views.screening.roles_page import RolesPage

from .screening_support import backend_role


@pytest.fixture
def window(qtbot, session, runner, tmp_path) -> Iterator[MainWindow]:
    main = MainWindow(session, runner, model_dir=tmp_path / "models")
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    yield main
    runner.shutdown()


def test_roles_and_candidates_pages_replace_the_placeholders(qtbot, window) -> None:
    assert isinstance(window.pages.widget(0), RolesPage)
    assert isinstance(window.pages.widget(1), CandidatesPage)
    blind = window.candidates.blind.action
    assert blind in window.view_menu.actions() and blind.isChecked()
    assert blind.shortcut().toString() == "Ctrl+B"

    qtbot.waitUntil(window.roles.is_showing_empty_state, timeout=10_000)
    qtbot.keyClick(
        window.focusWidget() or window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
    )
    assert window.roles.editor_title.text() == "New role"

    qtbot.keyClick(
        window.focusWidget() or window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: window.candidates.showing() == "no roles", timeout=10_000)
    qtbot.keyClick(
        window.focusWidget() or window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier
    )
    assert not window.candidates.blind.is_on()  # an administrator may switch it off


def test_rows_load_only_when_the_candidates_page_is_seen(qtbot, window, session) -> None:
    role_id = session.roles.create(backend_role())
    window.roles.refresh()
    qtbot.waitUntil(lambda: window.roles.current_role_id() == role_id, timeout=10_000)
    window.candidates.refresh_roles()
    qtbot.waitUntil(lambda: window.candidates.current_role_id() == role_id, timeout=10_000)
    listed = session.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'candidates.listed'")
    assert listed == 0  # nobody looked at the list yet
    with qtbot.waitSignal(window.candidates.rows_loaded, timeout=10_000):
        window.go_to(1)
    assert window.candidates.showing() == "no candidates"
