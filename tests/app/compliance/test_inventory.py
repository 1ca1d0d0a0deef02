"""The export inventory: every file written outside the encryption is recorded, and the
exports that existed before it (shortlists, CSV, JSON) now record themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.accounts import Role
from app.compliance.inventory import list_exports, record_export
from app.errors import InvalidInput, PermissionDenied
from app.screening.exports import export_csv, export_json, export_shortlist_pdf
from app.workspace import Session, Workspace

from .candidate_support import build_candidate

PASSWORD = "a long enough password"


def test_recorded_exports_are_listed_newest_first_and_by_candidate(
    session: Session, tmp_path: Path
) -> None:
    a = session.candidates.add("A", {})
    b = session.candidates.add("B", {})
    first = record_export(session, "shortlist_pdf", tmp_path / "s.pdf", [b, a, a], blind=True)
    second = record_export(session, "candidate_report", tmp_path / "r.pdf", [a], blind=False)

    listed = list_exports(session)
    assert [e.id for e in listed] == [second, first]
    assert listed[1].candidate_ids == (a, b)
    assert (listed[1].kind, listed[1].path, listed[1].blind) == (
        "shortlist_pdf",
        str(tmp_path / "s.pdf"),
        True,
    )
    assert listed[0].exported_by == "admin" and listed[0].exported_at
    assert [e.id for e in list_exports(session, candidate_id=b)] == [first]
    assert list_exports(session, candidate_id=999) == []
    with pytest.raises(InvalidInput):
        record_export(session, " ", tmp_path / "x", [a], blind=False)


def test_reviewers_may_not_list_the_inventory_recruiters_may(
    session: Session, workspace_path: Path, tmp_path: Path
) -> None:
    a = session.candidates.add("A", {})
    record_export(session, "candidate_report", tmp_path / "r.pdf", [a], blind=False)
    session.users.add("rob", Role.REVIEWER, PASSWORD)
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    with (
        Workspace.open(workspace_path, "rob", PASSWORD) as reviewer,
        pytest.raises(PermissionDenied),
    ):
        list_exports(reviewer)
    with Workspace.open(workspace_path, "rita", PASSWORD) as recruiter:
        assert len(list_exports(recruiter)) == 1


def test_screening_exports_record_their_files_with_role_and_candidates(
    session: Session, tmp_path: Path
) -> None:
    built = build_candidate(session, answers=0)
    role = built.role_id
    export_csv(session, role, tmp_path / "list.csv", blind=False)
    export_json(session, role, tmp_path / "list.json", blind=True)
    export_shortlist_pdf(session, role, tmp_path / "list.pdf", blind=True)

    listed = list_exports(session, candidate_id=built.candidate_id)
    assert [(e.kind, Path(e.path).name, e.blind, e.role_id) for e in listed] == [
        ("shortlist_pdf", "list.pdf", True, role),
        ("shortlist_json", "list.json", True, role),
        ("shortlist_csv", "list.csv", False, role),
    ]
    assert all(e.candidate_ids == (built.candidate_id,) for e in listed)
