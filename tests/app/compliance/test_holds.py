"""Legal holds: set, change, release and list, audit-logged without the reason, clear
errors for unknown or erased candidates, administrators only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.compliance.holds import NotOnHold, is_held, list_holds, release_hold, set_hold
from app.errors import CandidateErased, CandidateNotFound, InvalidInput, PermissionDenied
from app.workspace import Session
from tests.app.interviews_support import KIOSK, RECRUITER, REVIEWER, new_workspace, sign_in

REASON = "Case 2026-014, Ada's tribunal claim"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    with new_workspace(tmp_path / "ws") as s:
        yield s


def test_set_change_list_and_release_a_hold(session: Session) -> None:
    candidate = session.candidates.add("Ada Example", {})
    other = session.candidates.add("Bo Example", {})
    hold = set_hold(session, candidate, f"  {REASON} ")
    assert (hold.candidate_id, hold.reason, hold.set_by) == (candidate, REASON, "admin")
    assert is_held(session.db, candidate) and not is_held(session.db, other)
    set_hold(session, candidate, "Case 2026-015")
    set_hold(session, other, "Case 2026-016")
    assert [(h.candidate_id, h.reason) for h in list_holds(session)] == [
        (candidate, "Case 2026-015"),
        (other, "Case 2026-016"),
    ]
    release_hold(session, candidate)
    assert not is_held(session.db, candidate)
    assert [h.candidate_id for h in list_holds(session)] == [other]


def test_each_change_is_audit_logged_without_the_reason(session: Session) -> None:
    candidate = session.candidates.add("Ada Example", {})
    before = session.audit.entries()[-1].seq
    set_hold(session, candidate, REASON)
    set_hold(session, candidate, "Case 2")
    release_hold(session, candidate)
    entries = session.audit.entries(after_seq=before)
    assert [(e.action, e.subject) for e in entries] == [
        ("legal_hold.set", f"candidate:{candidate}"),
        ("legal_hold.changed", f"candidate:{candidate}"),
        ("legal_hold.released", f"candidate:{candidate}"),
    ]
    assert json.loads(entries[0].details) == {"reason_chars": len(REASON)}
    assert "Ada" not in "".join(e.details for e in entries)


def test_errors_name_the_problem(session: Session) -> None:
    with pytest.raises(CandidateNotFound):
        set_hold(session, 99, "Case 1")
    with pytest.raises(CandidateNotFound):
        release_hold(session, 99)
    gone = session.candidates.add("Gone Example", {})
    session.candidates.delete(gone)
    with pytest.raises(CandidateErased):
        set_hold(session, gone, "Case 1")
    candidate = session.candidates.add("Ada Example", {})
    with pytest.raises(InvalidInput, match="needs a reason"):
        set_hold(session, candidate, "   ")
    with pytest.raises(InvalidInput, match="at most"):
        set_hold(session, candidate, "x" * 501)
    with pytest.raises(NotOnHold, match=f"#{candidate}"):
        release_hold(session, candidate)
    assert list_holds(session) == []


def test_erasing_a_candidate_removes_their_hold(session: Session) -> None:
    candidate = session.candidates.add("Ada Example", {})
    set_hold(session, candidate, "Case 1")
    session.candidates.delete(candidate)  # the repository itself does not ask; erasure does
    assert not is_held(session.db, candidate) and list_holds(session) == []


@pytest.mark.parametrize("user", [RECRUITER, REVIEWER, KIOSK])
def test_only_administrators_manage_holds(tmp_path: Path, user: str) -> None:
    with new_workspace(tmp_path / "ws") as admin:
        candidate = admin.candidates.add("Ada Example", {})
        set_hold(admin, candidate, "Case 1")
    with sign_in(tmp_path / "ws", user) as session:
        for attempt in (
            lambda: set_hold(session, candidate, "Case 2"),
            lambda: release_hold(session, candidate),
            lambda: list_holds(session),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
        assert is_held(session.db, candidate)
