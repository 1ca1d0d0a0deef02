"""The Reports page's retention section: preview, legal holds, Run now (administrators)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QMessageBox

from app.accounts import Role
from app.compliance.holds import list_holds
from app.workspace import Workspace
from views.reports.retention_section import RetentionSection

from .conftest import PASSWORD
from .reports_support import make_page, screened_role, show_loaded
from .screening_support import open_as

DAY = 24 * 60 * 60


def _later(workspace, days: int):
    """The admin signed in `days` from now: the eu policy keeps resumes 180 days."""
    return Workspace.open(workspace, "admin", PASSWORD, clock=lambda: time.time() + days * DAY)


def test_the_preview_lists_what_expired_and_why_and_a_hold_keeps_a_candidate(
    qtbot, session, workspace, runner, tmp_path
):
    screened_role(session, tmp_path)
    first, second = session.candidates.ids()
    later = _later(workspace, 200)
    try:
        page = make_page(qtbot, later, runner, tmp_path)
        show_loaded(qtbot, page)
        section = page.show_section(RetentionSection.title)
        assert isinstance(section, RetentionSection)
        qtbot.waitUntil(lambda: section.plan is not None, timeout=20_000)
        shown = {section.plan_table.item(r, 0).text() for r in range(section.plan_table.rowCount())}
        assert shown == {f"#{first}", f"#{second}"}
        assert "180 days" in section.periods.text()
        assert section.run_button.isEnabled()

        section.hold_candidate.setCurrentIndex(section.hold_candidate.findData(first))
        section.hold(first, "Case 2026-14")
        qtbot.waitUntil(lambda: section.holds_table.rowCount() == 1, timeout=20_000)
        assert [h.candidate_id for h in list_holds(later)] == [first]
        qtbot.waitUntil(lambda: section.plan is not None and bool(section.plan.skipped))
        assert "legal hold" in section.plan_count.text()

        section.ask_run()
        box = section.dialog
        assert isinstance(box, QMessageBox)
        remove = next(b for b in box.buttons() if "Remove now" in b.text())
        remove.click()
        qtbot.waitUntil(lambda: "candidate erased" in section.notice.text(), timeout=60_000)
        assert "1 on legal hold kept" in section.notice.text()
        assert first in later.candidates.ids()  # held: kept
        assert second not in later.candidates.ids()

        section.holds_table.selectRow(0)
        section.release_button.click()
        qtbot.waitUntil(lambda: section.holds_table.rowCount() == 0, timeout=20_000)
        assert list_holds(later) == []
    finally:
        runner.shutdown()
        later.close()


def test_recruiters_see_retention_locked(qtbot, session, workspace, runner, tmp_path):
    recruiter = open_as(session, workspace, "rob", Role.RECRUITER)
    try:
        page = make_page(qtbot, recruiter, runner, tmp_path)
        show_loaded(qtbot, page)
        assert RetentionSection.title not in page.sections
        assert RetentionSection.title in page.locked_sections()
    finally:
        runner.shutdown()
        recruiter.close()
