"""Settings pages on a real workspace and a real (temporary) model folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from analysis.models import Capability, ModelRegistry
from app.accounts import Role
from app.errors import AccountDisabled
from app.workspace import Workspace
from views.jobs import QtJobRunner
from views.settings.models_page import COLUMNS, MODEL_COLUMN, UNAVAILABLE_BACKGROUND, ModelsPage
from views.settings.settings_page import SettingsPage
from views.settings.users_page import PasswordDialog, UsersPage

from .conftest import PASSWORD

NEW_PASSWORD = "another long password"


@pytest.fixture
def users_page(qtbot, session, runner: QtJobRunner) -> Iterator[UsersPage]:
    page = UsersPage(session, runner)
    qtbot.addWidget(page)
    page.show()
    yield page
    runner.shutdown()


def _column(page: ModelsPage, name: str) -> int:
    return COLUMNS.index(name)


def test_models_page_lists_every_capability_and_the_fix_for_missing_ones(
    qtbot, runner, tmp_path
) -> None:
    model_dir = tmp_path / "models"  # empty: only models shipped in packages are found
    page = ModelsPage(runner, model_dir)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.statuses_loaded, timeout=30_000):
        page.refresh()
    expected = ModelRegistry(model_dir).status()
    assert page.table.rowCount() == len(Capability) == 7
    labels = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    assert labels == [status.label for status in expected]
    missing = [row for row, status in enumerate(expected) if not status.available]
    assert missing, "an empty model folder leaves some capability without a model"
    for row, status in enumerate(expected):
        state = page.table.item(row, _column(page, "Status")).text()
        if status.available:
            assert state.startswith("Available")
            assert page.table.item(row, 0).background().color() != UNAVAILABLE_BACKGROUND
            model = status.model
            assert model is not None
            checksum = page.table.item(row, _column(page, "Checksum"))
            assert checksum.text() == model.sha256[:12] + "…"
            assert checksum.toolTip() == model.sha256  # the full checksum on hover
            assert page.table.item(row, _column(page, "Device")).text() == model.device
        else:
            assert state == "Unavailable"
            # the problem and its fix fill the model's columns
            problem = page.table.item(row, MODEL_COLUMN).text()
            assert status.problem in problem and f"Fix: {status.fix}" in problem
            assert page.table.columnSpan(row, MODEL_COLUMN) == len(COLUMNS) - MODEL_COLUMN
            for column in range(MODEL_COLUMN + 1):
                cell = page.table.item(row, column)
                assert cell.background().color() == UNAVAILABLE_BACKGROUND
    assert page.state_label.text().startswith(
        f"{len(expected) - len(missing)} of {len(expected)} capabilities available"
    )


def test_admin_adds_a_user(qtbot, users_page: UsersPage, workspace) -> None:
    assert [u.name for u in users_page.users] == ["admin"]
    with qtbot.waitSignal(users_page.dialog_opened) as opened:
        qtbot.mouseClick(users_page.add_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert isinstance(dialog, PasswordDialog)
    qtbot.keyClicks(dialog.name, "rita")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.REVIEWER))
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.repeat, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    row = [u.name for u in users_page.users].index("rita")
    assert users_page.table.item(row, 1).text() == "reviewer"
    assert users_page.table.item(row, 2).text() == "Active"
    with Workspace.open(workspace, "rita", PASSWORD) as rita:  # the account really works
        assert rita.user.role is Role.REVIEWER


def test_add_user_dialog_keeps_the_core_s_message_on_a_bad_name(
    qtbot, users_page: UsersPage
) -> None:
    dialog = users_page.open_add_dialog()
    qtbot.keyClicks(dialog.name, "two words")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.repeat, PASSWORD)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "user name may contain only" in dialog.message.text(), timeout=10_000)
    assert dialog.isVisible()
    assert [u.name for u in users_page.users] == ["admin"]
    dialog.close()


def test_admin_disables_a_user_and_resets_a_password(
    qtbot, users_page: UsersPage, session, workspace
) -> None:
    session.users.add("kim", Role.RECRUITER, PASSWORD)
    session.users.add("lee", Role.REVIEWER, PASSWORD)
    users_page.reload()
    users_page.select("admin")
    assert not users_page.disable_button.isEnabled()  # nobody disables themselves here

    users_page.select("kim")
    box = users_page.confirm_disable()
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: any(u.name == "kim" and u.disabled for u in users_page.users))
    row = [u.name for u in users_page.users].index("kim")
    assert users_page.table.item(row, 2).text() == "Disabled"
    with pytest.raises(AccountDisabled):
        Workspace.open(workspace, "kim", PASSWORD)

    users_page.select("lee")
    dialog = users_page.open_reset_dialog()
    assert dialog is not None and dialog.name.text() == "lee" and dialog.name.isReadOnly()
    qtbot.keyClicks(dialog.password, NEW_PASSWORD)
    qtbot.keyClicks(dialog.repeat, NEW_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    Workspace.open(workspace, "lee", NEW_PASSWORD).close()


def test_users_page_is_hidden_for_a_recruiter(qtbot, session, runner, workspace, tmp_path):
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    admin_page = SettingsPage(session, runner, tmp_path / "models")
    qtbot.addWidget(admin_page)
    assert admin_page.users is not None
    tab_names = [admin_page.tabs.tabText(i) for i in range(admin_page.tabs.count())]
    assert "&Users" in tab_names
    with Workspace.open(workspace, "rita", PASSWORD) as rita:
        page = SettingsPage(rita, runner, tmp_path / "models")
        qtbot.addWidget(page)
        assert page.users is None
        tab_names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        assert tab_names == ["&General", "&Policy", "&Models", "&Kiosk"]  # the PIN, read-only
        runner.shutdown()
