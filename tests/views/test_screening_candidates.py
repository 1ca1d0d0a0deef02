"""The Candidates page on a real workspace: import, table, candidate page, blind mode, export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from analysis.models import ModelRegistry
from analysis.tasks import NullTask
from app.accounts import Role
from app.screening.importing import import_resumes
from views.screening.blind import MASK
from views.screening.candidates_model import CANDIDATE, LABEL
from views.screening.candidates_page import CandidatesPage
from views.screening.import_summary import ImportSummaryDialog

from .screening_support import PARTIAL, STRONG, Chooser, backend_role, open_as, write_resumes


@pytest.fixture
def chooser() -> Chooser:
    return Chooser()


@pytest.fixture
def registry(tmp_path) -> ModelRegistry:
    return ModelRegistry(tmp_path / "models")  # empty: the packaged spaCy model is used


@pytest.fixture
def role_id(session) -> int:
    return session.roles.create(backend_role())


def _page(qtbot, session, runner, registry, chooser) -> CandidatesPage:
    page = CandidatesPage(session, runner, registry, chooser=chooser)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, session, runner, registry, chooser) -> Iterator[CandidatesPage]:
    yield _page(qtbot, session, runner, registry, chooser)
    runner.shutdown()  # before the session fixture closes the database


@pytest.fixture
def imported(session, role_id, registry, tmp_path) -> int:
    """The role with the fictional resumes imported (directly, through the app layer)."""
    folder = tmp_path / "resumes"
    write_resumes(folder)
    import_resumes(session, role_id, [folder], NullTask(), registry=registry)
    return role_id


def _loaded(qtbot, page: CandidatesPage, rows: int) -> None:
    qtbot.waitUntil(lambda: page.model.rowCount() == rows, timeout=20_000)


def _open(qtbot, page: CandidatesPage, row: int = 0) -> None:
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(row, 0))
    with qtbot.waitSignal(page.candidate_opened, timeout=10_000):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)


def test_no_roles_and_no_candidates_show_their_empty_states(qtbot, page, session) -> None:
    qtbot.waitUntil(lambda: page.showing() == "no roles", timeout=10_000)
    assert "No roles yet" in page.no_roles.text_label.text()
    session.roles.create(backend_role())
    with qtbot.waitSignal(page.rows_loaded, timeout=10_000):
        page.refresh_roles()
    assert page.showing() == "no candidates"
    assert page.import_files_button.isEnabled()
    assert not any(b.isEnabled() for b in page.export_bar.buttons.values())


def test_importing_a_folder_lists_rows_and_a_summary_with_the_bad_file(
    qtbot, role_id, page, chooser, tmp_path
) -> None:
    qtbot.waitUntil(lambda: page.showing() == "no candidates", timeout=10_000)
    folder = tmp_path / "incoming"
    write_resumes(folder)
    chooser.answer(folder)
    with qtbot.waitSignal(page.dialog_opened, timeout=60_000) as opened:
        qtbot.mouseClick(page.import_folder_button, Qt.MouseButton.LeftButton)
        assert not page.import_files_button.isEnabled()  # one import at a time
    summary = opened.args[0]
    assert isinstance(summary, ImportSummaryDialog) and not summary.isModal()
    qtbot.addWidget(summary)
    by_file = {name: (status, message) for name, status, message in summary.rows()}
    assert by_file["marta_quintela.txt"][0] == "Imported"
    assert by_file["tomas_varela.txt"][0] == "Imported"
    status, message = by_file["broken.pdf"]
    assert status == "Corrupt" and message  # a specific reason for this file
    assert summary.summary.text().startswith("2 of 3 files imported")

    _loaded(qtbot, page, 2)
    assert page.showing() == "table"
    labels = [page.proxy.index(row, LABEL).data() for row in range(2)]
    assert labels == ["Meets all must-haves", "Missing: SQL"]  # best first
    names = [page.proxy.index(row, CANDIDATE).data() for row in range(2)]
    assert all(name.startswith("Candidate #") for name in names)  # blind by default
    assert page.count_label.text() == "2 candidates"

    # the same files again: flagged as duplicates, nothing stored twice
    chooser.answer(folder / "marta_quintela.txt")
    with qtbot.waitSignal(page.dialog_opened, timeout=60_000) as opened:
        page.choose_files()
    qtbot.addWidget(opened.args[0])
    ((name, status, message),) = opened.args[0].rows()
    assert (name, status) == ("marta_quintela.txt", "Duplicate")
    assert message.startswith("Duplicate of candidate #")
    _loaded(qtbot, page, 2)


def test_dropping_files_on_the_page_imports_them(qtbot, role_id, page, tmp_path) -> None:
    qtbot.waitUntil(lambda: page.showing() == "no candidates", timeout=10_000)
    written = write_resumes(tmp_path / "dropped")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "dropped" / name)) for name in written])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(page.table.viewport(), enter)  # reaches the page, which accepts
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, data, buttons, keys)
    with qtbot.waitSignal(page.dialog_opened, timeout=60_000) as opened:
        QApplication.sendEvent(page.table.viewport(), drop)
    qtbot.addWidget(opened.args[0])
    assert drop.isAccepted()
    _loaded(qtbot, page, 2)


def test_candidate_page_highlights_evidence_next_to_the_score_parts(
    qtbot, imported, chooser, session, runner, registry
) -> None:
    page = _page(qtbot, session, runner, registry, chooser)
    try:
        _loaded(qtbot, page, 2)
        _open(qtbot, page, 0)
        view = page.candidate_view
        assert page.showing() == "candidate"
        detail = session.screenings.detail(imported, view.candidate_id())
        parts = detail.screening["parts"]
        assert view.chart.bar_count() == len(parts) == view.parts_list.count()
        assert [p.points for p in view.chart.parts()] == [p["points"] for p in parts]
        expected = sorted({(e["start"], e["end"]) for p in parts for e in p["evidence"]})
        assert expected  # the strong candidate has evidence
        shown = sorted(
            (s.cursor.selectionStart(), s.cursor.selectionEnd())
            for s in view.text.extraSelections()
        )
        assert shown == expected
        assert view.banner.text() == "Candor recommends; a person decides."
        assert f"criteria version {detail.criteria_version}" in view.meta_label.text()

        # choosing a part selects its first evidence span in the resume
        with_evidence = next(i for i, p in enumerate(parts) if p["evidence"])
        view.parts_list.setCurrentRow(with_evidence)
        first = parts[with_evidence]["evidence"][0]
        assert view.selected_span() == (first["start"], first["end"])
        assert view.evidence_list.count() == len(parts[with_evidence]["evidence"])
        without = [i for i, p in enumerate(parts) if not p["evidence"]]
        if without:
            view.parts_list.setCurrentRow(without[0])
            assert view.no_evidence.isVisible() and "No evidence" in view.no_evidence.text()
        assert page.grab().save("/tmp/candor_screening_candidate.png")

        qtbot.keyClick(view.text, Qt.Key.Key_Escape)
        assert page.showing() == "table"
        assert page.table.currentIndex().row() == 0
    finally:
        runner.shutdown()


def test_blind_mode_hides_names_and_contacts_until_a_recruiter_turns_it_off(
    qtbot, imported, chooser, session, runner, registry
) -> None:
    page = _page(qtbot, session, runner, registry, chooser)
    try:
        _loaded(qtbot, page, 2)
        _open(qtbot, page, 0)  # the strong candidate
        text = page.candidate_view.displayed_text()
        original = session.screenings.detail(imported, page.candidate_view.candidate_id())
        assert len(text) == len(original.resume_text)  # offsets unchanged
        for secret in (STRONG.name, "Marta", "Quintela", STRONG.email, STRONG.phone, "2015"):
            assert secret not in text
        assert "Lisbon, Portugal" not in text and MASK in text  # the address line
        assert "Python" in text and "Orbital Widgets" in text  # qualifications stay
        assert page.candidate_view.name_label.text().startswith("Candidate #")

        qtbot.keyClick(page.candidate_view.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        assert not page.blind.is_on()
        assert STRONG.email in page.candidate_view.displayed_text()
        assert page.candidate_view.name_label.text() == STRONG.name
        page.back_to_list()
        names = {page.proxy.index(row, CANDIDATE).data() for row in range(2)}
        assert names == {STRONG.name, PARTIAL.name}
    finally:
        runner.shutdown()


def test_blind_mode_is_forced_on_for_a_reviewer(
    qtbot, imported, session, workspace, runner, registry
) -> None:
    reviewer = open_as(session, workspace, "rita", Role.REVIEWER)
    try:
        page = CandidatesPage(reviewer, runner, registry)
        qtbot.addWidget(page)
        page.show()
        _loaded(qtbot, page, 2)
        assert page.blind.forced and not page.blind.action.isEnabled()
        page.blind.action.setChecked(False)  # even when asked to, it stays on
        page.blind.set_on(False)
        assert page.blind.is_on() and page.blind.action.isChecked()
        blind_export = page.export_bar.blind_export
        assert not blind_export.isEnabled() and blind_export.isChecked()
        assert not page.import_files_button.isEnabled()  # reviewers do not import
        _open(qtbot, page, 0)
        text = page.candidate_view.displayed_text()
        assert STRONG.email not in text and STRONG.name not in text
    finally:
        runner.shutdown()
        reviewer.close()


def test_export_buttons_write_csv_json_and_the_shortlist_pdf(
    qtbot, imported, chooser, session, runner, registry, tmp_path
) -> None:
    page = _page(qtbot, session, runner, registry, chooser)
    try:
        _loaded(qtbot, page, 2)
        assert page.export_bar.blind_export.isChecked()
        written = {}
        for kind in ("csv", "json", "pdf"):
            target = tmp_path / f"out.{kind}"
            chooser.answer(target)
            with qtbot.waitSignal(page.exported, timeout=30_000) as done:
                qtbot.mouseClick(page.export_bar.buttons[kind], Qt.MouseButton.LeftButton)
            assert done.args[0] == target and target.stat().st_size > 0
            written[kind] = target
        assert chooser.asked[0] == ("save", "backend-engineer-blind.csv")
        with written["csv"].open(encoding="utf-8") as handle:
            table = list(csv.DictReader(handle))
        assert len(table) == 2 and "name" not in table[0]  # blind export
        assert STRONG.email not in written["json"].read_text(encoding="utf-8")
        assert json.loads(written["json"].read_text(encoding="utf-8"))
        assert written["pdf"].read_bytes().startswith(b"%PDF")
    finally:
        runner.shutdown()


def test_keyboard_filter_and_screenshot_of_the_table(
    qtbot, imported, chooser, session, runner, registry
) -> None:
    page = _page(qtbot, session, runner, registry, chooser)
    try:
        _loaded(qtbot, page, 2)
        qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert page.filter_edit.hasFocus()
        qtbot.keyClicks(page.filter_edit, "missing")
        assert page.proxy.rowCount() == 1 and page.count_label.text() == "2 candidates, 1 shown"
        page.filter_edit.clear()
        page.must_haves_only.setChecked(True)
        assert page.proxy.rowCount() == 1
        assert page.proxy.index(0, LABEL).data() == "Meets all must-haves"
        page.must_haves_only.setChecked(False)
        qtbot.keyClick(page.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        assert chooser.asked[-1] == ("files", "Import resumes")
        assert page.grab().save("/tmp/candor_screening_table.png")
    finally:
        runner.shutdown()


def test_rescoring_after_new_criteria_ranks_everyone_by_the_new_version(
    qtbot, imported, chooser, session, runner, registry
) -> None:
    from dataclasses import replace

    session.roles.save_version(imported, replace(backend_role(), must_have=("Python",)))
    page = _page(qtbot, session, runner, registry, chooser)
    try:
        _loaded(qtbot, page, 2)
        qtbot.waitUntil(page.notice.isVisible, timeout=10_000)
        assert "2 candidates were scored against older criteria than version 2" in (
            page.notice.text()
        )
        with qtbot.waitSignal(page.rows_loaded, timeout=30_000):
            qtbot.mouseClick(page.rescore_button, Qt.MouseButton.LeftButton)
        assert not page.notice.isVisible()
        labels = {page.proxy.index(row, LABEL).data() for row in range(2)}
        assert labels == {"Meets all must-haves"}  # SQL is no longer a must-have
    finally:
        runner.shutdown()
