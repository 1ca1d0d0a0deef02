"""Ratings and decisions: who may do what, what is kept, what is logged, what erasure removes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import sqlcipher3

from analysis.scoring.criteria import RoleCriteria
from app.accounts import Role
from app.decisions import HUMAN_DECISION_NOTICE, Outcome
from app.errors import CandidateErased, InvalidInput, PermissionDenied
from app.workspace import Session, Workspace

PASSWORD = "a long enough password"
COMMENT = "Confident answer about the Zanzibar migration project"
REASON = "Strong system design answers; meets the must-haves"


@pytest.fixture
def candidate(session: Session) -> int:
    return session.candidates.add("Ada Lovelace", {"email": "ada@example.org"})


@contextmanager
def signed_in(session: Session, name: str, role: Role) -> Iterator[Session]:
    session.users.add(name, role, PASSWORD)
    with Workspace.open(session.path, name, PASSWORD) as other:
        yield other


def test_stars_outside_one_to_five_are_refused(session: Session, candidate: int) -> None:
    for stars in (0, 6, -1):
        with pytest.raises(InvalidInput, match="1 to 5"):
            session.decisions.rate(candidate, "q1", stars)
    with pytest.raises(InvalidInput):
        session.decisions.rate(candidate, "q1", 3, "x" * 2001)
    assert session.decisions.ratings(candidate) == []
    for stars in (1, 5):
        assert session.decisions.rate(candidate, f"q{stars}", stars).stars == stars


def test_rerating_replaces_the_current_rating_and_keeps_history(
    session: Session, candidate: int
) -> None:
    first = session.decisions.rate(candidate, "q1", 2, "too vague")
    second = session.decisions.rate(candidate, "q1", 4, "  better on a second listen  ")
    other_answer = session.decisions.rate(candidate, "q2", 3)
    current = session.decisions.ratings(candidate)
    assert current == [second, other_answer]
    assert second.comment == "better on a second listen"
    assert (second.reviewer, second.answer_key) == ("admin", "q1")
    history = session.db.query(
        "SELECT id, stars, superseded_at IS NOT NULL FROM answer_ratings "
        "WHERE candidate_id = ? AND answer_key = 'q1' ORDER BY id",
        (candidate,),
    )
    assert history == [(first.id, 2, 1), (second.id, 4, 0)]


def test_each_reviewer_has_their_own_current_rating(session: Session, candidate: int) -> None:
    mine = session.decisions.rate(candidate, "q1", 5)
    with signed_in(session, "rene", Role.REVIEWER) as rene:
        theirs = rene.decisions.rate(candidate, "q1", 2, "missed the key point")
        assert rene.decisions.ratings(candidate) == [mine, theirs]


def test_reviewer_can_rate_but_not_decide(session: Session, candidate: int) -> None:
    with signed_in(session, "rene", Role.REVIEWER) as rene:
        rene.decisions.rate(candidate, "q1", 4)
        with pytest.raises(PermissionDenied):
            rene.decisions.decide(candidate, "advance", REASON)
        assert rene.decisions.decisions(candidate) == []


def test_recruiter_can_rate_and_decide(session: Session, candidate: int) -> None:
    with signed_in(session, "rita", Role.RECRUITER) as rita:
        rita.decisions.rate(candidate, "q1", 3)
        decision = rita.decisions.decide(candidate, Outcome.HOLD, REASON)
    assert (decision.outcome, decision.decided_by, decision.reason) == ("hold", "rita", REASON)
    assert session.decisions.current_decision(candidate) == decision


def test_kiosk_can_neither_rate_nor_decide_nor_read(session: Session, candidate: int) -> None:
    with signed_in(session, "kiosk1", Role.KIOSK) as kiosk:
        with pytest.raises(PermissionDenied):
            kiosk.decisions.rate(candidate, "q1", 4)
        with pytest.raises(PermissionDenied):
            kiosk.decisions.decide(candidate, "advance", REASON)
        with pytest.raises(PermissionDenied):
            kiosk.decisions.ratings(candidate)
        with pytest.raises(PermissionDenied):
            kiosk.decisions.decisions(candidate)


def test_a_decision_needs_a_reason_and_a_known_outcome(session: Session, candidate: int) -> None:
    for reason in ("", "   \n"):
        with pytest.raises(InvalidInput, match="reason"):
            session.decisions.decide(candidate, "decline", reason)
    with pytest.raises(InvalidInput, match="advance, hold, decline"):
        session.decisions.decide(candidate, "hire", REASON)
    with pytest.raises(InvalidInput, match="role"):
        session.decisions.decide(candidate, "advance", REASON, role_id=999)
    assert session.decisions.decisions(candidate) == []


def test_decision_history_is_kept_newest_last(session: Session, candidate: int) -> None:
    role_id = session.roles.create(RoleCriteria(title="Backend developer", min_years=2))
    general = session.decisions.decide(candidate, "hold", "Waiting for references")
    first = session.decisions.decide(candidate, "advance", REASON, role_id=role_id)
    second = session.decisions.decide(candidate, "decline", "Role filled", role_id=role_id)
    assert session.decisions.decisions(candidate) == [general, first, second]
    assert session.decisions.current_decision(candidate, role_id) == second
    assert session.decisions.current_decision(candidate) == second
    assert session.decisions.current_decision(candidate, role_id + 1) is None


def test_decisions_and_ratings_cannot_be_changed_behind_the_app(
    session: Session, candidate: int, raw_db: Callable[[], sqlcipher3.Connection]
) -> None:
    session.decisions.decide(candidate, "advance", REASON)
    session.decisions.rate(candidate, "q1", 4, COMMENT)
    conn = raw_db()
    try:
        for statement in (
            "UPDATE decisions SET outcome = 'decline'",
            "DELETE FROM decisions",
            "INSERT INTO decisions (candidate_id, outcome, reason, decided_by, decided_at) "
            "VALUES (1, 'advance', '  ', 'admin', 'now')",
            "UPDATE answer_ratings SET stars = 1",
            "UPDATE answer_ratings SET comment = 'edited'",
            "DELETE FROM answer_ratings",
        ):
            with pytest.raises(sqlcipher3.DatabaseError):
                conn.execute(statement)
    finally:
        conn.close()
    assert session.decisions.current_decision(candidate) is not None
    assert [r.stars for r in session.decisions.ratings(candidate)] == [4]


def test_actions_are_audited_without_comments_or_reasons(session: Session, candidate: int) -> None:
    rating = session.decisions.rate(candidate, "q1", 4, COMMENT)
    session.decisions.ratings(candidate)
    decision = session.decisions.decide(candidate, "advance", REASON)
    session.decisions.decisions(candidate)
    entries = [e for e in session.audit.entries() if e.subject == f"candidate:{candidate}"]
    actions = [(e.actor, e.action) for e in entries]
    for expected in ["answer.rated", "ratings.read", "decision.recorded", "decisions.read"]:
        assert ("admin", expected) in actions
    rated = next(e for e in entries if e.action == "answer.rated")
    assert f'"rating_id":{rating.id}' in rated.details and '"stars":4' in rated.details
    decided = next(e for e in entries if e.action == "decision.recorded")
    assert f'"decision_id":{decision.id}' in decided.details
    assert '"outcome":"advance"' in decided.details
    logged = " ".join(e.subject + e.details for e in session.audit.entries())
    for secret in ("Zanzibar", "system design", "Ada", "ada@example.org"):
        assert secret not in logged
    assert session.audit.verify().ok


def test_erasing_the_candidate_removes_their_ratings_and_decisions(
    session: Session, candidate: int
) -> None:
    other = session.candidates.add("Charles Babbage", {})
    session.decisions.rate(candidate, "q1", 2)
    session.decisions.rate(candidate, "q1", 3, COMMENT)  # a superseded row too
    session.decisions.decide(candidate, "decline", REASON)
    kept = session.decisions.decide(other, "advance", REASON)
    session.candidates.delete(candidate)
    for table in ("answer_ratings", "decisions"):
        count = session.db.scalar(
            f"SELECT count(*) FROM {table} WHERE candidate_id = ?", (candidate,)
        )
        assert count == 0
    with pytest.raises(CandidateErased):
        session.decisions.ratings(candidate)
    with pytest.raises(CandidateErased):
        session.decisions.rate(candidate, "q1", 5)
    assert session.decisions.decisions(other) == [kept]


def test_the_notice_says_people_decide() -> None:
    assert "person" in HUMAN_DECISION_NOTICE and "never" in HUMAN_DECISION_NOTICE
