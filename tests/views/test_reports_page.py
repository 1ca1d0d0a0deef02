"""The Reports page on a real workspace: sections per role, report and shortlist jobs."""

from __future__ import annotations

import stat
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.accounts import Role
from app.compliance.inventory import list_exports
from views.reports.interview_section import InterviewReportsSection
from views.reports.page import ReportsPage
from views.reports.shortlist_section import ShortlistSection
from views.reports.summary_section import SummarySection

from .reports_support import Offer, make_page, mark_analysed, screened_role, show_loaded
from .screening_support import Chooser, open_as


@pytest.fixture
def page(qtbot, session, runner, tmp_path) -> Iterator[ReportsPage]:
    yield make_page(qtbot, session, runner, tmp_path)
    runner.shutdown()  # before the session fixture closes the database


def _chooser(page: ReportsPage) -> Chooser:
    assert isinstance(page.chooser, Chooser)
    return page.chooser


def _offer(page: ReportsPage) -> Offer:
    assert isinstance(page.offer, Offer)
    return page.offer


def test_reviewers_get_no_section_and_are_told_why(qtbot, session, workspace, runner, tmp_path):
    reviewer = open_as(session, workspace, "rita", Role.REVIEWER)
    try:
        page = make_page(qtbot, reviewer, runner, tmp_path)
        page.show()
        assert page.sections == {}
        assert not page.nav.isVisible()
        assert page.stack.currentWidget().objectName() == "reportsNotForRole"
    finally:
        runner.shutdown()
        reviewer.close()


def test_recruiters_get_reports_and_shortlists_and_see_the_summary_locked(
    qtbot, session, workspace, runner, tmp_path
):
    recruiter = open_as(session, workspace, "rob", Role.RECRUITER)
    try:
        page = make_page(qtbot, recruiter, runner, tmp_path)
        show_loaded(qtbot, page)
        assert InterviewReportsSection.title in page.sections
        assert ShortlistSection.title in page.sections
        assert SummarySection.title not in page.sections
        assert "user accounts" in page.locked_sections()[SummarySection.title]
    finally:
        runner.shutdown()
        recruiter.close()


def test_administrators_get_every_section_and_none_locked(qtbot, page):
    show_loaded(qtbot, page)
    assert page.section_titles() == [
        "Interview reports",
        "Shortlists",
        "Workspace summary",
        "Bias audit",
        "Counterfactual check",
        "Retention",
        "Data-subject requests",
        "Exported files",
    ]
    assert page.locked_sections() == {}


def test_interview_reports_lists_only_analysed_candidates_blind_by_default(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    analysed, _other = session.candidates.ids()
    mark_analysed(session, analysed)
    show_loaded(qtbot, page)
    section = page.show_section(InterviewReportsSection.title)
    assert isinstance(section, InterviewReportsSection)
    assert section.candidates.count() == 1
    assert section.candidates.item(0).text() == f"Candidate #{analysed}"
    assert not section.make_button.isEnabled()  # nobody ticked yet


def test_interview_report_job_writes_a_pdf_per_ticked_candidate_and_offers_the_folder(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    first, second = session.candidates.ids()
    mark_analysed(session, first)
    mark_analysed(session, second)
    show_loaded(qtbot, page)
    section = page.show_section(InterviewReportsSection.title)
    assert isinstance(section, InterviewReportsSection)
    section.candidates.item(1).setCheckState(Qt.CheckState.Checked)
    out = tmp_path / "out"
    _chooser(page).answer(out)
    section.make_button.click()
    qtbot.waitUntil(lambda: _offer(page).last is not None, timeout=30_000)
    written = sorted(out.iterdir())
    assert [p.name for p in written] == [f"candidate-{second}-blind.pdf"]
    assert written[0].read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o600
    (recorded,) = list_exports(session)  # outside the encryption: an erasure must name it
    assert (recorded.kind, recorded.candidate_ids, recorded.blind) == (
        "candidate_report",
        (second,),
        True,
    )
    assert recorded.path == str(written[0])
    box = _offer(page).last
    assert box is not None
    open_button = next(b for b in box.buttons() if "Open folder" in b.text())
    open_button.click()
    assert _offer(page).opened == [out]


def test_a_folder_candor_cannot_write_to_is_a_message_not_a_crash(qtbot, session, page, tmp_path):
    screened_role(session, tmp_path)
    show_loaded(qtbot, page)
    section = page.show_section(ShortlistSection.title)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    _chooser(page).answer(blocked)
    section.export_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(section.message.isVisible, timeout=20_000)
    assert "cannot write to the folder" in section.message.text()
    assert _offer(page).last is None


def test_shortlist_export_writes_each_chosen_format_named_after_the_role(
    qtbot, session, page, tmp_path
):
    screened_role(session, tmp_path)
    show_loaded(qtbot, page)
    section = page.show_section(ShortlistSection.title)
    assert isinstance(section, ShortlistSection)
    section.formats["csv"].setChecked(True)
    section.blind.setChecked(False)
    out = tmp_path / "lists"
    _chooser(page).answer(out)
    section.export_button.click()
    qtbot.waitUntil(lambda: _offer(page).last is not None, timeout=30_000)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["backend-engineer-shortlist.csv", "backend-engineer-shortlist.pdf"]
    assert "Marta Quintela" in (out / "backend-engineer-shortlist.csv").read_text()


def test_administrators_write_the_workspace_summary(qtbot, session, page, tmp_path):
    show_loaded(qtbot, page)
    section = page.show_section(SummarySection.title)
    assert isinstance(section, SummarySection)
    out = tmp_path / "summary"
    _chooser(page).answer(out)
    section.write_button.click()
    qtbot.waitUntil(lambda: _offer(page).last is not None, timeout=30_000)
    assert (out / "workspace-summary.pdf").read_bytes().startswith(b"%PDF")
    assert isinstance(_offer(page).last, QMessageBox)


def test_every_section_has_its_own_mnemonics_clear_of_the_menus(qtbot, page):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    menus = {"f", "v", "h"}  # File, View, Help
    for title, section in page.sections.items():
        texts = [w.text() for w in section.findChildren(QAbstractButton)]
        texts += [w.text() for w in section.findChildren(QLabel) if w.buddy() is not None]
        keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t and "&&" not in t]
        assert len(keys) == len(set(keys)), (title, sorted(keys))
        assert not menus & set(keys), (title, keys)


def test_a_cancelled_export_says_so_and_frees_the_section(qtbot, page):
    import threading

    show_loaded(qtbot, page)
    section = page.show_section(SummarySection.title)
    started = threading.Event()

    def slow(task):
        started.set()
        while not task.cancelled():
            time.sleep(0.01)
        task.check()  # raises Cancelled

    section.start("Workspace summary", slow, lambda _r: None)
    assert section.busy and not section.write_button.isEnabled()
    assert started.wait(10)
    (job,) = [j for j in page.runner.active() if j.title == "Workspace summary"]
    page.runner.cancel(job.job_id)
    qtbot.waitUntil(lambda: not section.busy, timeout=10_000)
    assert section.notice.text() == "Workspace summary: cancelled."
    assert section.write_button.isEnabled()
