"""The Reports page's bias audit section: administrators only, plain 'not enough data'."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.accounts import Role
from views.reports.audit_section import AuditSection
from views.reports.counterfactual_section import CounterfactualSection
from views.reports.page import ReportsPage

from .reports_support import Offer, make_page, screened_role, show_loaded
from .screening_support import Chooser, backend_role, open_as


@pytest.fixture
def page(qtbot, session, runner, tmp_path) -> Iterator[ReportsPage]:
    yield make_page(qtbot, session, runner, tmp_path)
    runner.shutdown()  # before the session fixture closes the database


def test_recruiters_see_the_bias_audit_locked_with_the_reason(
    qtbot, session, workspace, runner, tmp_path
):
    recruiter = open_as(session, workspace, "rob", Role.RECRUITER)
    try:
        page = make_page(qtbot, recruiter, runner, tmp_path)
        show_loaded(qtbot, page)
        assert AuditSection.title not in page.sections
        assert "demographic" in page.locked_sections()[AuditSection.title]
        row = next(i for i in range(page.nav.count()) if page.nav.item(i).text() == "Bias audit")
        page.nav.setCurrentRow(row)  # listed with the reason instead of the controls
        assert page.stack.currentWidget().objectName() == "sectionLocked"
    finally:
        runner.shutdown()
        recruiter.close()


def test_a_role_without_decisions_says_not_enough_data_and_shows_no_empty_table(
    qtbot, session, page, tmp_path
):
    session.roles.create(backend_role())
    show_loaded(qtbot, page)
    section = page.show_section(AuditSection.title)
    assert isinstance(section, AuditSection)
    section.preview_button.click()
    qtbot.waitUntil(lambda: section.audit is not None, timeout=20_000)
    text = section.view.toPlainText()
    assert "Not enough data for a bias audit yet" in text
    assert "Impact ratio" not in text  # no empty tables


def test_the_audit_of_a_screened_role_exports_as_csv_into_the_chosen_folder(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    show_loaded(qtbot, page)
    section = page.show_section(AuditSection.title)
    assert isinstance(section, AuditSection)
    section.format_box.setCurrentIndex(section.format_box.findData("csv"))
    out = tmp_path / "audit"
    chooser, offer = page.chooser, page.offer
    assert isinstance(chooser, Chooser) and isinstance(offer, Offer)
    chooser.answer(out)
    section.export_button.click()
    qtbot.waitUntil(lambda: offer.last is not None, timeout=30_000)
    assert [p.name for p in out.iterdir()] == ["bias-audit-backend-engineer.csv"]
    assert "Screening" in section.view.toPlainText()


def test_the_counterfactual_check_reports_each_swap_of_a_screened_role(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    show_loaded(qtbot, page)
    section = page.show_section(CounterfactualSection.title)
    assert isinstance(section, CounterfactualSection)
    section.check_button.click()
    qtbot.waitUntil(lambda: section.report is not None, timeout=60_000)
    report = section.report
    assert report is not None and report.candidates == 2
    assert "2 candidates checked" in section.verdict.text()
    assert section.table.rowCount() == len(report.changes)
    assert section.table.isVisible() == bool(report.changes)
