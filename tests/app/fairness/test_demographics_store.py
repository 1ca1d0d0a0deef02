"""Recording voluntary demographics: sealed, kept apart, recorded by kiosk and admins only."""

from __future__ import annotations

import pytest

from app.accounts import Role
from app.errors import CandidateErased, CandidateNotFound, InvalidInput, PermissionDenied
from app.fairness.demographics import (
    RACE_ETHNICITY_CATEGORIES,
    SEX_CATEGORIES,
    Demographic,
    DemographicsStore,
)
from app.workspace import Session, Workspace

PASSWORD = "a long enough password"


def _user(session: Session, name: str, role: Role) -> Session:
    session.users.add(name, role, PASSWORD)
    return Workspace.open(session.path, name, PASSWORD)


def test_categories_use_eeo1_wording_and_allow_declining() -> None:
    assert "Black or African American" in RACE_ETHNICITY_CATEGORIES
    assert "Native Hawaiian or Other Pacific Islander" in RACE_ETHNICITY_CATEGORIES
    assert RACE_ETHNICITY_CATEGORIES[-1] == SEX_CATEGORIES[-1] == "Prefer not to say"


def test_recorded_answers_are_sealed_and_read_back_by_the_audit(session: Session) -> None:
    cid = session.candidates.add("Ann", {})
    store = DemographicsStore(session)
    store.record(cid, sex="female", race_ethnicity="two or more races", source="import")
    sealed = session.db.scalar("SELECT sealed FROM demographics WHERE candidate_id = ?", (cid,))
    assert b"Female" not in sealed and b"Two" not in sealed
    assert store.read_for_audit([cid]) == {cid: Demographic("Female", "Two or More Races")}


def test_a_sealed_record_moved_to_another_candidate_cannot_be_opened(session: Session) -> None:
    from app.errors import WorkspaceCorrupt

    a, b = session.candidates.add("A", {}), session.candidates.add("B", {})
    store = DemographicsStore(session)
    store.record(a, sex="Male", race_ethnicity="Asian", source="synthetic")
    store.record(b, sex="Female", race_ethnicity="White", source="synthetic")
    session.db.execute(
        "UPDATE demographics SET sealed = (SELECT sealed FROM demographics WHERE candidate_id = ?) "
        "WHERE candidate_id = ?",
        (a, b),
    )
    with pytest.raises(WorkspaceCorrupt):
        store.read_for_audit([b])


def test_the_kiosk_records_but_cannot_read_back(session: Session) -> None:
    cid = session.candidates.add("Ann", {})
    with _user(session, "kiosk-1", Role.KIOSK) as kiosk:
        store = DemographicsStore(kiosk)
        store.record(cid, sex="Male", race_ethnicity="Asian", source="kiosk")
        with pytest.raises(PermissionDenied):
            store.read_for_audit([cid])
        with pytest.raises(PermissionDenied):
            store.record(cid, sex="Male", race_ethnicity="Asian", source="import")
    assert DemographicsStore(session).read_for_audit([cid])[cid].race_ethnicity == "Asian"


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.REVIEWER])
def test_recruiters_and_reviewers_can_neither_record_nor_read(session: Session, role: Role) -> None:
    cid = session.candidates.add("Ann", {})
    DemographicsStore(session).record(cid, sex="Male", race_ethnicity="White", source="import")
    with _user(session, "staff", role) as other:
        with pytest.raises(PermissionDenied):
            DemographicsStore(other).read_for_audit([cid])
        with pytest.raises(PermissionDenied):
            DemographicsStore(other).record(
                cid, sex="Male", race_ethnicity="White", source="import"
            )


def test_unknown_categories_sources_and_candidates_are_refused(session: Session) -> None:
    cid = session.candidates.add("Ann", {})
    store = DemographicsStore(session)
    with pytest.raises(InvalidInput):
        store.record(cid, sex="Other", race_ethnicity="White", source="import")
    with pytest.raises(InvalidInput):
        store.record(cid, sex="Male", race_ethnicity="Martian", source="import")
    with pytest.raises(InvalidInput):
        store.record(cid, sex="Male", race_ethnicity="White", source="guess")
    with pytest.raises(CandidateNotFound):
        store.record(cid + 99, sex="Male", race_ethnicity="White", source="import")
    session.candidates.delete(cid)
    with pytest.raises(CandidateErased):
        store.record(cid, sex="Male", race_ethnicity="White", source="import")


def test_erasing_a_candidate_removes_their_answers(session: Session) -> None:
    cid = session.candidates.add("Ann", {})
    DemographicsStore(session).record(cid, sex="Male", race_ethnicity="White", source="import")
    session.candidates.delete(cid)
    assert session.db.scalar("SELECT count(*) FROM demographics") == 0


def test_the_audit_log_holds_no_answers(session: Session) -> None:
    cid = session.candidates.add("Ann", {})
    DemographicsStore(session).record(cid, sex="Female", race_ethnicity="Asian", source="kiosk")
    rows = session.db.query("SELECT action, subject, details FROM audit_log")
    text = repr(rows)
    assert "demographics.recorded" in text and "Asian" not in text and "Female" not in text


def test_common_ats_spellings_are_read_as_the_eeo1_categories() -> None:
    from app.fairness.demographics import canonical

    assert canonical("F", SEX_CATEGORIES) == "Female"
    assert canonical("Decline To Self Identify", SEX_CATEGORIES) == "Prefer not to say"
    assert canonical("black", RACE_ETHNICITY_CATEGORIES) == "Black or African American"
    assert canonical("  two   or more races ", RACE_ETHNICITY_CATEGORIES) == "Two or More Races"
    assert canonical("F", RACE_ETHNICITY_CATEGORIES) is None  # an alias of another list
    assert canonical("Non-binary", SEX_CATEGORIES) is None  # not an EEO-1 category
