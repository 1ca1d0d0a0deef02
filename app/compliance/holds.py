"""Legal holds: a candidate whose data must be kept (litigation, an investigation, a
regulator's request) whatever the retention periods say.

    set_hold(session, 12, "Case 2026-014")   # the sweep skips candidate 12 from now on
    is_held(session.db, 12)                  # what the retention sweep asks
    release_hold(session, 12)                # the periods apply again at the next sweep

One row per candidate in `legal_holds`. The reason is a case or matter reference for
the administrators; it stays out of the audit log (only its length is recorded), like
every free text. Erasing a candidate removes their hold (m006 trigger); the erasure
use case refuses a held candidate first. Administrators only (MANAGE_COMPLIANCE).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.errors import CandorError
from app.accounts import Permission, now_iso
from app.errors import InvalidInput
from app.storage.m006_compliance import MAX_HOLD_REASON

if TYPE_CHECKING:
    from app.storage.db import Database
    from app.workspace import Session


class NotOnHold(CandorError):
    """Releasing a hold that is not there."""

    def __init__(self, candidate_id: int) -> None:
        self.candidate_id = candidate_id
        super().__init__(
            f"Candidate #{candidate_id} is not on legal hold.",
            "List the holds (candor retention holds) to see who is.",
        )


@dataclass(frozen=True)
class Hold:
    candidate_id: int
    reason: str
    set_by: str
    set_at: str


def is_held(db: Database, candidate_id: int) -> bool:
    """True when the candidate's data must be kept (the sweep skips them)."""
    return (
        db.scalar("SELECT 1 FROM legal_holds WHERE candidate_id = ?", (candidate_id,)) is not None
    )


def held_ids(db: Database) -> set[int]:
    """Every held candidate, in one query (the sweep's view)."""
    return {int(r[0]) for r in db.query("SELECT candidate_id FROM legal_holds")}


def set_hold(session: Session, candidate_id: int, reason: str) -> Hold:
    """Put the candidate on hold, or change the reason of their hold.

    Unknown and erased candidates are refused; so is an empty or too long reason.
    """
    session.user.require(Permission.MANAGE_COMPLIANCE)
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "A legal hold needs a reason.", "Give the case or matter reference (no candidate data)."
        )
    if len(reason) > MAX_HOLD_REASON:
        raise InvalidInput(f"A hold's reason can be at most {MAX_HOLD_REASON} characters.")
    db = session.db
    with db.transaction():
        session.candidates.media_key(candidate_id)  # exists and is not erased
        before = is_held(db, candidate_id)
        db.execute(
            "INSERT INTO legal_holds (candidate_id, reason, set_by, set_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (candidate_id) DO UPDATE SET reason = excluded.reason, "
            "set_by = excluded.set_by, set_at = excluded.set_at",
            (candidate_id, reason, session.user.name, now_iso(session.clock)),
        )
        session.audit.record(
            "legal_hold.changed" if before else "legal_hold.set",
            f"candidate:{candidate_id}",
            {"reason_chars": len(reason)},
        )
    return _hold(session, candidate_id)


def release_hold(session: Session, candidate_id: int) -> None:
    """Lift the hold: the retention periods apply to the candidate again."""
    session.user.require(Permission.MANAGE_COMPLIANCE)
    db = session.db
    with db.transaction():
        if db.execute_count("DELETE FROM legal_holds WHERE candidate_id = ?", (candidate_id,)) == 0:
            session.candidates.media_key(candidate_id)  # unknown / erased say so first
            raise NotOnHold(candidate_id)
        session.audit.record("legal_hold.released", f"candidate:{candidate_id}")


def list_holds(session: Session) -> list[Hold]:
    """Every hold, by candidate number."""
    session.user.require(Permission.MANAGE_COMPLIANCE)
    rows = session.db.query(
        "SELECT candidate_id, reason, set_by, set_at FROM legal_holds ORDER BY candidate_id"
    )
    return [Hold(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def _hold(session: Session, candidate_id: int) -> Hold:
    row = session.db.query_one(
        "SELECT candidate_id, reason, set_by, set_at FROM legal_holds WHERE candidate_id = ?",
        (candidate_id,),
    )
    assert row is not None
    return Hold(int(row[0]), str(row[1]), str(row[2]), str(row[3]))


__all__ = ["Hold", "NotOnHold", "held_ids", "is_held", "list_holds", "release_hold", "set_hold"]
