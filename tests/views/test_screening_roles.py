"""The Roles page on a real workspace: criteria form with undo, versions, YAML, empty state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.accounts import Role
from views.screening.roles_page import RolesPage

from .screening_support import Chooser, backend_role, open_as


@pytest.fixture
def chooser() -> Chooser:
    return Chooser()


@pytest.fixture
def page(qtbot, session, runner, chooser) -> Iterator[RolesPage]:
    roles_page = RolesPage(session, runner, chooser=chooser)
    qtbot.addWidget(roles_page)
    roles_page.resize(1200, 800)
    roles_page.show()
    qtbot.waitExposed(roles_page)
    yield roles_page
    runner.shutdown()  # before the session fixture closes the database


def _wait_lookup(qtbot, page: RolesPage) -> None:
    qtbot.waitUntil(lambda: page.editor.must_have.entry._lookup is not None, timeout=20_000)


def _add_skill(qtbot, qtlog, entry, text: str, *, suggested: bool = True) -> None:
    """Type a skill (the suggestions pop up), close the popup, press Enter to add it."""
    # The popup grabs the keyboard, which the offscreen platform says it cannot do.
    with qtlog.disabled():
        entry.edit.setFocus()
        qtbot.keyClicks(entry.edit, text)
        assert entry.completer.popup().isVisible() == suggested
        entry.completer.popup().hide()
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)


def test_no_roles_shows_the_empty_state_with_a_new_role_button(qtbot, page: RolesPage) -> None:
    qtbot.waitUntil(page.is_showing_empty_state, timeout=10_000)
    assert "No roles yet" in page.empty.text_label.text()
    buttons = [b.text() for b in page.empty.findChildren(type(page.new_button))]
    assert "New role" in buttons and "Import YAML…" in buttons
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not page.is_showing_empty_state()
    assert page.editor_title.text() == "New role"
    assert page.editor.title.hasFocus()


def test_create_undo_redo_and_save_new_versions(qtbot, qtlog, page: RolesPage, session) -> None:
    _wait_lookup(qtbot, page)
    page.new_role()
    editor = page.editor
    qtbot.keyClicks(editor.title, "Data Engineer")
    assert editor.value("title") == "Data Engineer"
    assert editor.undo_stack.count() == 1  # typing into one field is one step

    qtbot.keyClick(editor.title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.title.text() == "" and editor.value("title") == ""
    qtbot.keyClick(
        editor.title,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.title.text() == "Data Engineer"

    # skills come from the taxonomy: a synonym is stored under its canonical name
    _add_skill(qtbot, qtlog, editor.must_have.entry, "postgres")
    assert editor.value("must_have") == ("PostgreSQL",)
    editor.must_have.entry.edit.setText("Python")
    assert "also found as" in editor.must_have.entry.synonyms.text()
    editor.must_have.entry.edit.clear()
    _add_skill(qtbot, qtlog, editor.preferred.entry, "Docker")
    editor.preferred.weight_box(0).setValue(3.0)
    assert editor.value("preferred") == (("Docker", 3.0),)
    editor.undo_stack.undo()
    assert editor.preferred.weight_box(0).value() == 1.0
    editor.undo_stack.redo()
    editor.min_education.setCurrentIndex(editor.min_education.findData("bachelor"))

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.versions.count() == 1, timeout=10_000)
    role_id = page.current_role_id()
    assert role_id is not None and not editor.is_dirty()
    stored = session.roles.get(role_id)
    assert (stored.title, stored.version, stored.must_have) == ("Data Engineer", 1, ("PostgreSQL",))
    assert stored.preferred[0].weight == 3.0 and stored.min_education == "bachelor"
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert page.table.item(0, 0).text() == "Data Engineer"

    editor.min_years.setValue(4.0)
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.versions.count() == 2, timeout=10_000)
    assert session.roles.get(role_id).min_years == 4.0
    assert [v.version for v in session.roles.versions(role_id)] == [1, 2]
    assert session.roles.get(role_id, 1).min_years is None  # version 1 is unchanged
    assert page.editor_title.text() == "Data Engineer — version 2"


def test_invalid_criteria_show_the_problem_and_save_nothing(qtbot, qtlog, page, session) -> None:
    _wait_lookup(qtbot, page)
    page.new_role()
    editor = page.editor
    qtbot.keyClicks(editor.title, "Analyst")
    _add_skill(qtbot, qtlog, editor.preferred.entry, "SQL")
    editor.preferred.weight_box(0).setValue(0.0)  # a weight must be greater than 0
    _add_skill(qtbot, qtlog, editor.must_have.entry, "Underwater basket weaving", suggested=False)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(editor.problems.isVisible, timeout=10_000)
    text = editor.problems.text()
    assert "nothing was saved" in text
    assert "preferred[1].weight: must be greater than 0" in text
    assert "'Underwater basket weaving' is not a skill in the taxonomy" in text
    assert set(editor.marked()) == {"preferred", "must_have"}
    assert session.roles.list() == []
    assert page.current_role_id() is None and page.save_button.isEnabled()


def test_yaml_export_and_import_through_the_file_seam(qtbot, page, session, chooser, tmp_path):
    role_id = session.roles.create(backend_role())
    page.refresh()
    qtbot.waitUntil(lambda: page.current_role_id() == role_id, timeout=10_000)

    exported = tmp_path / "backend.yaml"
    chooser.answer(exported)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(exported.exists, timeout=10_000)
    assert chooser.asked[-1] == ("save", "backend-engineer.yaml")
    data = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert data["title"] == "Backend Engineer" and data["must_have"] == ["Python", "SQL"]

    data["title"] = "Platform Engineer"
    changed = tmp_path / "platform.yaml"
    changed.write_text(yaml.safe_dump(data), encoding="utf-8")
    chooser.answer(changed)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.roles) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: page.editor.value("title") == "Platform Engineer", timeout=10_000)
    assert sorted(r.title for r in session.roles.list()) == [
        "Backend Engineer",
        "Platform Engineer",
    ]


def test_importing_invalid_yaml_reports_every_problem_and_adds_no_role(
    qtbot, page, session, chooser, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Tester\npreferred:\n  - skill: Python\n    weight: -2\n", "utf-8")
    chooser.answer(bad)
    page.choose_import()
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=10_000)
    assert "weight: must not be negative" in page.message.text()
    assert session.roles.list() == []


def test_unsaved_edits_are_kept_unless_the_user_discards_them(qtbot, page, session) -> None:
    first = session.roles.create(backend_role())
    page.refresh()
    qtbot.waitUntil(lambda: page.current_role_id() == first, timeout=10_000)
    page.editor.title.setFocus()
    qtbot.keyClicks(page.editor.title, " II")
    boxes: list[QMessageBox] = []
    page.dialog_opened.connect(boxes.append)
    page.new_role()
    assert boxes and page.editor.value("title") == "Backend Engineer II"
    boxes[0].button(QMessageBox.StandardButton.Cancel).click()
    assert page.editor.value("title") == "Backend Engineer II"
    page.new_role()
    discard = next(b for b in boxes[1].buttons() if b.text() == "Discard changes")
    discard.click()
    assert page.editor.value("title") == "" and page.editor_title.text() == "New role"


def test_archive_hides_the_role(qtbot, page, session) -> None:
    role_id = session.roles.create(backend_role())
    page.refresh()
    qtbot.waitUntil(lambda: page.current_role_id() == role_id, timeout=10_000)
    boxes: list[QMessageBox] = []
    page.dialog_opened.connect(boxes.append)
    page.confirm_archive()
    next(b for b in boxes[0].buttons() if b.text() == "Archive").click()
    qtbot.waitUntil(page.is_showing_empty_state, timeout=10_000)
    assert session.roles.list() == [] and len(session.roles.list(include_archived=True)) == 1


def test_a_reviewer_reads_criteria_but_cannot_change_them(
    qtbot, session, workspace, runner
) -> None:
    role_id = session.roles.create(backend_role())
    reviewer = open_as(session, workspace, "rita", Role.REVIEWER)
    try:
        page = RolesPage(reviewer, runner)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.current_role_id() == role_id, timeout=10_000)
        assert page.editor.value("title") == "Backend Engineer"
        assert page.editor.title.isReadOnly()
        for button in (page.new_button, page.import_button, page.archive_button, page.save_button):
            assert not button.isEnabled()
        assert page.export_button.isEnabled()
    finally:
        runner.shutdown()
        reviewer.close()


def test_screenshot_of_the_roles_editor(qtbot, page, session) -> None:
    role_id = session.roles.create(backend_role())
    page.refresh()
    qtbot.waitUntil(lambda: page.current_role_id() == role_id, timeout=10_000)
    _wait_lookup(qtbot, page)
    page.editor.must_have.entry.edit.setText("Python")
    assert page.grab().save("/tmp/candor_screening_roles.png")
