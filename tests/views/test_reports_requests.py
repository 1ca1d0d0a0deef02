"""The Reports page's data-subject requests: register, a copy for the candidate, erasure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from app.accounts import Role
from app.compliance.inventory import list_exports
from app.compliance.requests import RequestKind, RequestRegister
from views.reports.erase_dialog import ErasedDialog, EraseDialog
from views.reports.inventory_section import InventorySection
from views.reports.page import ReportsPage
from views.reports.requests_section import RequestsSection
from views.reports.shortlist_section import ShortlistSection

from .reports_support import Offer, make_page, screened_role, show_loaded
from .screening_support import Chooser, open_as


@pytest.fixture
def page(qtbot, session, runner, tmp_path) -> Iterator[ReportsPage]:
    yield make_page(qtbot, session, runner, tmp_path)
    runner.shutdown()  # before the session fixture closes the database


def _tools(page: ReportsPage) -> tuple[Chooser, Offer]:
    assert isinstance(page.chooser, Chooser) and isinstance(page.offer, Offer)
    return page.chooser, page.offer


def _requests(page: ReportsPage) -> RequestsSection:
    section = page.show_section(RequestsSection.title)
    assert isinstance(section, RequestsSection)
    return section


def test_the_register_lists_open_requests_and_filters_the_overdue_ones(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    first, second = session.candidates.ids()
    register = RequestRegister(session)
    register.add(first, RequestKind.ACCESS, received_on=date.today() - timedelta(days=90))
    register.add(second, RequestKind.ERASURE)
    show_loaded(qtbot, page)
    section = _requests(page)
    qtbot.waitUntil(lambda: section.table.rowCount() == 2, timeout=20_000)
    due_cells = [section.table.item(row, 4).text() for row in range(2)]
    assert any("overdue by" in text for text in due_cells)
    section.filter_box.setCurrentIndex(section.filter_box.findData("overdue"))
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=20_000)
    assert section.table.item(0, 1).text() == f"#{first}"


def test_adding_a_request_from_the_page_records_it_and_tells_the_status_bar(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    show_loaded(qtbot, page)
    section = _requests(page)
    qtbot.waitUntil(lambda: section.candidate_box.count() == 2, timeout=20_000)
    with qtbot.waitSignal(page.requests_changed, timeout=20_000):
        section.add_request(section.candidate() or 0, "objection", date.today(), "by letter")
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=20_000)
    (request,) = RequestRegister(session).list()
    assert request.kind is RequestKind.OBJECTION and request.note == "by letter"


def test_a_copy_for_the_candidate_is_written_and_recorded_in_the_inventory(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    show_loaded(qtbot, page)
    section = _requests(page)
    qtbot.waitUntil(lambda: section.candidate_box.count() == 2, timeout=20_000)
    candidate_id = section.candidate()
    chooser, offer = _tools(page)
    out = tmp_path / "copy"
    chooser.answer(out)
    section.copy_button.click()
    qtbot.waitUntil(lambda: offer.last is not None, timeout=60_000)
    assert any(out.iterdir())
    (recorded,) = list_exports(session)
    assert recorded.candidate_ids == (candidate_id,)


def test_an_exported_shortlist_shows_in_the_exported_files(qtbot, session, page, tmp_path):
    screened_role(session, tmp_path)
    show_loaded(qtbot, page)
    shortlists = page.show_section(ShortlistSection.title)
    assert isinstance(shortlists, ShortlistSection)
    chooser, offer = _tools(page)
    chooser.answer(tmp_path / "lists")
    shortlists.export_button.click()
    qtbot.waitUntil(lambda: offer.last is not None, timeout=30_000)
    inventory = page.show_section(InventorySection.title)
    assert isinstance(inventory, InventorySection)
    qtbot.waitUntil(lambda: inventory.table.rowCount() == 1, timeout=20_000)
    assert inventory.table.item(0, 1).text() == "shortlist pdf"
    assert inventory.table.item(0, 3).text() == "#1, #2"
    assert inventory.table.item(0, 6).text().endswith("backend-engineer-shortlist-blind.pdf")


def test_erasing_needs_the_typed_number_and_names_the_certificate_and_the_copies(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    show_loaded(qtbot, page)
    section = _requests(page)
    qtbot.waitUntil(lambda: section.candidate_box.count() == 2, timeout=20_000)
    candidate_id = section.candidate()
    assert candidate_id is not None
    chooser, offer = _tools(page)
    chooser.answer(tmp_path / "copy")  # first an export that the certificate must name
    section.copy_button.click()
    qtbot.waitUntil(lambda: offer.last is not None, timeout=60_000)

    dialog = section.ask_erase()
    assert isinstance(dialog, EraseDialog)
    dialog.typed.setText(str(candidate_id + 1))
    assert not dialog.erase_button.isEnabled()
    assert candidate_id in session.candidates.ids()
    dialog.typed.setText(str(candidate_id))
    chooser.answer(tmp_path / "certificates")
    dialog.erase_button.click()
    qtbot.waitUntil(lambda: isinstance(section.dialog, ErasedDialog), timeout=60_000)
    assert candidate_id not in session.candidates.ids()
    written = sorted(p.suffix for p in (tmp_path / "certificates").iterdir())
    assert written == [".json", ".pdf"]
    erased = section.dialog
    assert isinstance(erased, ErasedDialog)
    assert str(tmp_path / "copy") in erased.copies.toPlainText()
    qtbot.waitUntil(lambda: section.candidate_box.count() == 1, timeout=20_000)


def test_recruiters_may_export_a_copy_but_not_erase_or_see_the_register(
    qtbot, session, workspace, runner, tmp_path
):
    recruiter = open_as(session, workspace, "rob", Role.RECRUITER)
    try:
        screened_role(session, tmp_path)
        page = make_page(qtbot, recruiter, runner, tmp_path)
        show_loaded(qtbot, page)
        section = _requests(page)
        assert section.copy_button.isEnabled()
        assert not section.erase_button.isEnabled()
        assert "Administrators only" in section.erase_button.toolTip()
        assert section.register.isHidden()
        assert section.ask_erase() is None
    finally:
        runner.shutdown()
        recruiter.close()
