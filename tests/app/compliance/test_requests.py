"""The data-subject request register on real workspaces: deadlines from the policy (months
counted the GDPR way), due and overdue counts, closing, clear errors, the audit trail
without notes, and administrators only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.compliance.requests import (
    DueSummary,
    RequestKind,
    RequestNotFound,
    RequestRegister,
    RequestStatus,
)
from app.errors import CandidateErased, CandidateNotFound, InvalidInput, PermissionDenied
from app.workspace import Session
from tests.app.interviews_support import KIOSK, RECRUITER, REVIEWER, new_workspace, sign_in

NOTE = "Asked by letter; lives at 12 Canary Row"


@pytest.fixture
def eu(tmp_path: Path) -> Iterator[Session]:
    with new_workspace(tmp_path / "eu", "eu") as session:
        yield session


@pytest.fixture
def illinois(tmp_path: Path) -> Iterator[Session]:
    with new_workspace(tmp_path / "il", "us-illinois") as session:
        yield session


def test_gdpr_month_from_january_31_ends_on_the_last_day_of_february(eu: Session) -> None:
    candidate = eu.candidates.add("Ada Example", {})
    register = RequestRegister(eu)
    leap = register.add(candidate, RequestKind.ERASURE, received_on=date(2024, 1, 31))
    plain = register.add(candidate, "access", received_on=date(2025, 1, 31))
    mid = register.add(candidate, RequestKind.OBJECTION, received_on=date(2025, 3, 15))
    assert (leap.due_on, plain.due_on, mid.due_on) == ("2024-02-29", "2025-02-28", "2025-04-15")
    assert leap.status is RequestStatus.OPEN and leap.received_on == "2024-01-31"


def test_illinois_gives_30_days_for_erasure_and_45_for_access(illinois: Session) -> None:
    candidate = illinois.candidates.add("Ada Example", {})
    register = RequestRegister(illinois)
    erasure = register.add(candidate, RequestKind.ERASURE, received_on=date(2025, 1, 31))
    access = register.add(candidate, RequestKind.ACCESS, received_on=date(2025, 1, 31))
    assert (erasure.due_on, access.due_on) == ("2025-03-02", "2025-03-17")


def test_a_stored_deadline_does_not_move_when_the_policy_changes(eu: Session) -> None:
    candidate = eu.candidates.add("Ada Example", {})
    request = RequestRegister(eu).add(candidate, "erasure", received_on=date(2025, 1, 31))
    eu.set_setting("policy_id", "us-illinois")
    register = RequestRegister(eu)
    assert register.get(request.id).due_on == "2025-02-28"
    later = register.add(candidate, "erasure", received_on=date(2025, 1, 31))
    assert later.due_on == "2025-03-02"


def test_received_defaults_to_today_by_the_session_clock(eu: Session) -> None:
    candidate = eu.candidates.add("Ada Example", {})
    register = RequestRegister(eu)
    request = register.add(candidate, "rectification")
    assert request.received_on == register.today().isoformat()


def test_due_summary_counts_open_requests_overdue_and_due_within_a_week(
    illinois: Session,
) -> None:
    candidate = illinois.candidates.add("Ada Example", {})
    register = RequestRegister(illinois)
    received = date(2025, 1, 1)  # erasure due 2025-01-31, access due 2025-02-15
    register.add(candidate, "erasure", received_on=received)
    register.add(candidate, "access", received_on=received)
    closed = register.add(candidate, "erasure", received_on=received)
    register.close(closed.id, RequestStatus.REFUSED)
    assert register.due_summary(date(2025, 1, 23)) == DueSummary(overdue=0, due_soon=0)
    assert register.due_summary(date(2025, 1, 24)) == DueSummary(overdue=0, due_soon=1)
    assert register.due_summary(date(2025, 1, 31)) == DueSummary(overdue=0, due_soon=1)
    summary = register.due_summary(date(2025, 2, 8))  # erasure overdue, access due in 7
    assert (summary.overdue, summary.due_soon) == (1, 1)
    summary = register.due_summary(date(2025, 3, 1))
    assert (summary.overdue, summary.due_soon) == (2, 0)


def test_closing_records_who_when_and_adds_the_note(eu: Session) -> None:
    candidate = eu.candidates.add("Ada Example", {})
    register = RequestRegister(eu)
    request = register.add(candidate, "access", received_on=date(2025, 1, 2), note="by email")
    closed = register.close(request.id, "fulfilled", note="copy sent")
    assert closed.status is RequestStatus.FULFILLED
    assert closed.closed_by == "admin" and closed.closed_at is not None
    assert closed.note == "by email\ncopy sent"
    assert register.list(status=RequestStatus.OPEN) == []
    assert [r.id for r in register.list()] == [request.id]
    with pytest.raises(InvalidInput, match="already closed"):
        register.close(request.id, "refused")


def test_open_requests_list_first_by_deadline(eu: Session) -> None:
    candidate = eu.candidates.add("Ada Example", {})
    register = RequestRegister(eu)
    late = register.add(candidate, "access", received_on=date(2025, 3, 1))
    early = register.add(candidate, "access", received_on=date(2025, 1, 1))
    done = register.add(candidate, "access", received_on=date(2024, 1, 1))
    register.close(done.id, "fulfilled")
    assert [r.id for r in register.list()] == [early.id, late.id, done.id]
    assert [r.id for r in register.list(candidate_id=candidate + 1)] == []


def test_errors_are_clear_for_unknown_things_and_bad_values(eu: Session) -> None:
    register = RequestRegister(eu)
    with pytest.raises(CandidateNotFound):
        register.add(99, "access")
    gone = eu.candidates.add("Gone Example", {})
    eu.candidates.delete(gone)
    with pytest.raises(CandidateErased):
        register.add(gone, "access")
    candidate = eu.candidates.add("Ada Example", {})
    with pytest.raises(InvalidInput, match="Unknown kind"):
        register.add(candidate, "complaint")
    with pytest.raises(InvalidInput, match="future"):
        register.add(candidate, "access", received_on=date(2999, 1, 1))
    with pytest.raises(InvalidInput, match="at most"):
        register.add(candidate, "access", note="x" * 2001)
    with pytest.raises(RequestNotFound, match="#42"):
        register.get(42)
    with pytest.raises(RequestNotFound):
        register.close(42, "fulfilled")
    request = register.add(candidate, "access")
    with pytest.raises(InvalidInput, match="fulfilled or refused"):
        register.close(request.id, "open")
    assert register.list() == [register.get(request.id)]  # nothing else was stored


def test_erasing_the_candidate_clears_the_note_and_the_request_closes_without_one(
    eu: Session,
) -> None:
    candidate = eu.candidates.add("Ada Example", {})
    register = RequestRegister(eu)
    request = register.add(candidate, "erasure", note=NOTE)
    eu.candidates.delete(candidate)
    assert register.get(request.id).note == ""
    with pytest.raises(InvalidInput, match="erased"):
        register.close(request.id, "fulfilled", note="done for Ada")
    assert register.close(request.id, "fulfilled").status is RequestStatus.FULFILLED


def test_each_step_is_audit_logged_without_the_note(eu: Session) -> None:
    candidate = eu.candidates.add("Ada Example", {})
    register = RequestRegister(eu)
    before = eu.audit.entries()[-1].seq
    request = register.add(candidate, "erasure", received_on=date(2025, 1, 31), note=NOTE)
    register.close(request.id, "refused", note="Canary Row again")
    added, closed = eu.audit.entries(after_seq=before)
    assert (added.action, added.subject) == ("request.added", f"candidate:{candidate}")
    assert json.loads(added.details) == {
        "request": request.id,
        "kind": "erasure",
        "received_on": "2025-01-31",
        "due_on": "2025-02-28",
    }
    assert closed.action == "request.closed"
    details = json.loads(closed.details)
    assert details["status"] == "refused" and details["days_late"] > 0
    assert "Canary" not in added.details + closed.details


@pytest.mark.parametrize("user", [RECRUITER, REVIEWER, KIOSK])
def test_only_administrators_use_the_register(tmp_path: Path, user: str) -> None:
    new_workspace(tmp_path / "ws").close()
    with sign_in(tmp_path / "ws", user) as session, pytest.raises(PermissionDenied):
        RequestRegister(session)
