"""Human-only review: a candidate's objection to automated analysis (GDPR Art. 21/22,
the Illinois AI Video Interview Act) and the withdrawal of their consent to it.

    set_human_only(session, 12, True, source="staff")   # staff record the objection
    is_human_only(session.db, 12)                        # every analysis path asks this
    withdraw_consent(session, 12)                        # results deleted, human-only set

One row per candidate in `processing_restrictions`; clearing keeps the row (with
`human_only = 0`) so who set it last and how stays visible. The kiosk records the
candidate's own choice through `record_restriction` (a kiosk account has no
RESTRICT_PROCESSING right: it may only ever *add* the restriction, for the person in
front of it). Erasing a candidate deletes the row with everything else (m006 trigger).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.accounts import Permission, now_iso
from app.errors import InvalidInput

if TYPE_CHECKING:
    from app.analysis_pipeline.store import AnswerSpec
    from app.audit import AuditLog
    from app.storage.db import Database
    from app.workspace import Session

SOURCES = ("kiosk", "staff", "request")
"""Who asked: the candidate at the kiosk, staff on their behalf, a data-subject request."""

DECLINED_BANNER = "Automated analysis declined: review the recordings"
"""What reviewers see instead of scores (the analysis page, reports)."""


@dataclass(frozen=True)
class Restriction:
    """A candidate's recorded choice (the table's row)."""

    candidate_id: int
    human_only: bool
    source: str
    set_by: str
    set_at: str


@dataclass(frozen=True)
class WithdrawalResult:
    """What a withdrawal of consent deleted (counts only: the audit log holds the same)."""

    candidate_id: int
    runs_deleted: int
    steps_deleted: int
    identity_results_deleted: int
    """Step results holding face data (identity check, per-answer face observations)."""


def is_human_only(db: Database, candidate_id: int) -> bool:
    """True when no automated step may run on this candidate's data."""
    value = db.scalar(
        "SELECT human_only FROM processing_restrictions WHERE candidate_id = ?", (candidate_id,)
    )
    return bool(value)


def restriction(db: Database, candidate_id: int) -> Restriction | None:
    """The candidate's row, or None when nothing was ever recorded."""
    row = db.query_one(
        "SELECT candidate_id, human_only, source, set_by, set_at FROM processing_restrictions "
        "WHERE candidate_id = ?",
        (candidate_id,),
    )
    return None if row is None else _restriction(row)


def record_restriction(
    db: Database,
    audit: AuditLog,
    candidate_id: int,
    human_only: bool,
    *,
    source: str,
    set_by: str,
    at: str,
) -> bool:
    """Store the choice (no permission check: callers check); False when unchanged.

    Joins the caller's transaction when there is one (the kiosk writes the consent
    row and the restriction together).
    """
    if source not in SOURCES:
        raise InvalidInput(
            f"Unknown source of a restriction: {source!r}.", f"Use one of: {', '.join(SOURCES)}."
        )
    with db.transaction():
        before = restriction(db, candidate_id)
        if before is not None and before.human_only == human_only and before.source == source:
            return False
        db.execute(
            "INSERT INTO processing_restrictions (candidate_id, human_only, source, set_by, "
            "set_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (candidate_id) DO UPDATE SET "
            "human_only = excluded.human_only, source = excluded.source, "
            "set_by = excluded.set_by, set_at = excluded.set_at",
            (candidate_id, int(human_only), source, set_by, at),
        )
        action = "restriction.human_only_set" if human_only else "restriction.human_only_cleared"
        audit.record(action, f"candidate:{candidate_id}", {"source": source})
    return True


def set_human_only(
    session: Session, candidate_id: int, human_only: bool, *, source: str = "staff"
) -> bool:
    """Staff record (or lift, when the candidate asks) an objection to automated analysis.

    Returns False when nothing changed. Unknown or erased candidates are refused.
    """
    session.user.require(Permission.RESTRICT_PROCESSING)
    session.candidates.media_key(candidate_id)  # exists and is not erased
    return record_restriction(
        session.db,
        session.audit,
        candidate_id,
        human_only,
        source=source,
        set_by=session.user.name,
        at=now_iso(),
    )


def human_only(session: Session, candidate_id: int) -> bool:
    """For pages that show a candidate (reviewers too): is their review human-only?"""
    session.user.require(Permission.READ_CANDIDATES)
    return is_human_only(session.db, candidate_id)


def recordings_for_review(session: Session, candidate_id: int) -> list[AnswerSpec]:
    """The recorded answers a person reviews instead of an analysis, in question order:
    those of the candidate's latest interview with answers (finished or not), else of
    their latest imported recordings. Keys are the analysis keys ("q01"), so ratings
    given here are the same ratings as on an analysed candidate's page.
    """
    from app.analysis_pipeline.live import answer_key
    from app.analysis_pipeline.store import AnalysisStore, AnswerSpec
    from app.interviews.takes import counting_takes

    session.user.require(Permission.READ_CANDIDATES)
    session.candidates.media_key(candidate_id)  # exists and is not erased
    interviews = session.interviews
    for summary in sorted(interviews.sessions(candidate_id=candidate_id), key=lambda s: -s.id):
        takes = counting_takes(interviews.answers(summary.id))
        if not takes:
            continue
        questions = interviews.question_sets.get(summary.question_set_id).questions
        found = []
        for question in sorted(questions, key=lambda q: q.position):
            take = takes.get(question.id)
            if take is not None and take.ref is not None:
                key = answer_key(question.position)
                found.append(
                    AnswerSpec(key, question.position, question.text, question.key_points, take.ref)
                )
        return found
    store = AnalysisStore(session.db)
    sources = store.sources(candidate_id)
    return store.answers(sources[-1]) if sources else []


def list_restrictions(session: Session, *, include_cleared: bool = False) -> list[Restriction]:
    """Candidates under human-only review (and, on request, those whose was lifted)."""
    session.user.require(Permission.RESTRICT_PROCESSING)
    where = "" if include_cleared else "WHERE human_only = 1"
    rows = session.db.query(
        "SELECT candidate_id, human_only, source, set_by, set_at FROM processing_restrictions "
        f"{where} ORDER BY candidate_id"
    )
    return [_restriction(r) for r in rows]


def withdraw_consent(session: Session, candidate_id: int) -> WithdrawalResult:
    """The candidate withdraws consent to automated analysis: in one transaction, every
    analysis run and step result of theirs is deleted (face observations and identity
    checks with them: no face template is stored anywhere else) and human-only review
    is set (source 'request'). Recordings, the resume, ratings and decisions stay.

    A pipeline still running for them can add nothing afterwards: its run is gone, and
    a step of a missing run is refused by the foreign key.
    """
    session.user.require(Permission.RESTRICT_PROCESSING)
    db = session.db
    with db.transaction():
        session.candidates.media_key(candidate_id)  # exists and is not erased
        runs = "SELECT id FROM analysis_runs WHERE candidate_id = ?"
        identity = int(
            db.scalar(
                f"SELECT count(*) FROM analysis_step_results WHERE run_id IN ({runs}) "
                "AND step IN ('video', 'identity')",
                (candidate_id,),
            )
        )
        steps = db.execute_count(
            f"DELETE FROM analysis_step_results WHERE run_id IN ({runs})", (candidate_id,)
        )
        run_count = db.execute_count(
            "DELETE FROM analysis_runs WHERE candidate_id = ?", (candidate_id,)
        )
        record_restriction(
            db,
            session.audit,
            candidate_id,
            True,
            source="request",
            set_by=session.user.name,
            at=now_iso(),
        )
        session.audit.record(
            "consent.withdrawn",
            f"candidate:{candidate_id}",
            {"runs_deleted": run_count, "steps_deleted": steps, "identity_results": identity},
        )
    return WithdrawalResult(candidate_id, run_count, steps, identity)


def _restriction(row: tuple[object, ...]) -> Restriction:
    return Restriction(
        candidate_id=int(str(row[0])),
        human_only=bool(row[1]),
        source=str(row[2]),
        set_by=str(row[3]),
        set_at=str(row[4]),
    )


__all__ = [
    "DECLINED_BANNER",
    "SOURCES",
    "Restriction",
    "WithdrawalResult",
    "human_only",
    "is_human_only",
    "list_restrictions",
    "record_restriction",
    "recordings_for_review",
    "restriction",
    "set_human_only",
    "withdraw_consent",
]
