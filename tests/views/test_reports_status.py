"""The status bar counts overdue requests for administrators; the sweep runs at sign-in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from app.accounts import Role
from app.compliance.requests import RequestKind, RequestRegister
from app.workspace import Workspace
from views.app_window import MainWindow
from views.reports.daily import ComplianceWatch
from views.reports.requests_section import RequestsSection

from .conftest import PASSWORD
from .reports_support import screened_role
from .screening_support import open_as


def _window(qtbot, session, runner, tmp_path) -> MainWindow:
    main = MainWindow(session, runner, model_dir=tmp_path / "models")
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def requests(session, tmp_path) -> Iterator[tuple[int, int]]:
    """Two candidates: one access request overdue (90 days old), one erasure due soon."""
    screened_role(session, tmp_path)
    first, second = session.candidates.ids()
    register = RequestRegister(session)
    register.add(first, RequestKind.ACCESS, received_on=date.today() - timedelta(days=90))
    register.add(second, RequestKind.ERASURE, received_on=date.today() - timedelta(days=27))
    yield first, second


def test_the_status_bar_counts_overdue_and_due_soon_requests_and_a_notice_says_so(
    qtbot, session, runner, tmp_path, requests
):
    main = _window(qtbot, session, runner, tmp_path)
    try:
        label = main.compliance.label
        qtbot.waitUntil(label.isVisible, timeout=20_000)
        assert label.text() == "Requests: 1 overdue, 1 due soon"
        notice = main.compliance.notice
        assert isinstance(notice, QMessageBox)
        assert "1 data-subject request is past the legal deadline" in notice.text()
        show = next(b for b in notice.buttons() if "Show requests" in b.text())
        show.click()
        assert main.current_page_name() == "Reports"
        assert isinstance(main.reports.stack.currentWidget(), RequestsSection)
    finally:
        runner.shutdown()


def test_closing_a_request_from_the_page_updates_the_status_bar(
    qtbot, session, runner, tmp_path, requests
):
    main = _window(qtbot, session, runner, tmp_path)
    try:
        label = main.compliance.label
        qtbot.waitUntil(lambda: label.text().startswith("Requests: 1 overdue"), timeout=20_000)
        overdue = next(r for r in RequestRegister(session).list() if r.candidate_id == requests[0])
        section = main.reports.sections[RequestsSection.title]
        assert isinstance(section, RequestsSection)
        section.close_request(overdue.id, "fulfilled", "copy sent")
        qtbot.waitUntil(lambda: label.text() == "Requests: 0 overdue, 1 due soon", timeout=20_000)
    finally:
        runner.shutdown()


def test_recruiters_get_no_requests_label_and_no_sweep(qtbot, session, workspace, runner, tmp_path):
    recruiter = open_as(session, workspace, "rob", Role.RECRUITER)
    try:
        main = _window(qtbot, recruiter, runner, tmp_path)
        assert not main.compliance.active
        assert not main.compliance.timer.isActive()
        assert main.compliance.label.isHidden()
        assert all(job.title != "Retention sweep" for job in runner.active())
    finally:
        runner.shutdown()
        recruiter.close()


def test_the_sweep_runs_at_sign_in_and_again_each_interval(
    qtbot, session, workspace, runner, tmp_path
):
    screened_role(session, tmp_path)
    later = Workspace.open(
        workspace, "admin", PASSWORD, clock=lambda: time.time() + 200 * 24 * 60 * 60
    )
    try:
        main = _window(qtbot, later, runner, tmp_path)
        assert main.compliance.timer.isActive()
        assert main.compliance.timer.interval() == 24 * 60 * 60 * 1000
        qtbot.waitUntil(lambda: later.candidates.ids() == [], timeout=60_000)  # resumes expired
        watch = ComplianceWatch(later, runner, main, interval_ms=50)
        with qtbot.waitSignals([watch.swept, watch.swept], timeout=20_000):
            watch.start()  # once now, once after the interval
        watch.stop()
    finally:
        runner.shutdown()
        later.close()
