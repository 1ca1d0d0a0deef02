"""The register of data-subject requests: what a candidate asked, when, and by when it
must be answered.

    register = RequestRegister(session)
    request = register.add(12, RequestKind.ERASURE, received_on=date(2026, 1, 31))
    request.due_on                      # "2026-02-28" under the EU preset (one month)
    register.close(request.id, RequestStatus.FULFILLED, note="erased, certificate sent")
    register.due_summary()              # overdue and due within 7 days, for the status bar

The deadline comes from the workspace's policy (`Policy.request_deadline`) and is
stored with the request, so a later policy change does not move a promise already
made. Administrators only (MANAGE_COMPLIANCE). Adding and closing are audit-logged
with the kind, dates and outcome; never the note, which is free text and may hold
personal data (erasing the candidate clears it, `app.storage.m006_compliance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from analysis.errors import CandorError
from app.accounts import Permission, now_iso
from app.errors import CandidateErased, CandidateNotFound, InvalidInput
from app.policy import load_policy
from app.storage.m006_compliance import MAX_NOTE

if TYPE_CHECKING:
    from app.storage.db import Row
    from app.workspace import Session

DUE_SOON_DAYS = 7
"""A request is 'due soon' when its deadline is at most this many days away."""

_COLUMNS = (
    "id, candidate_id, kind, received_on, due_on, status, note, created_by, created_at, "
    "closed_by, closed_at"
)


class RequestKind(StrEnum):
    ACCESS = "access"
    ERASURE = "erasure"
    RECTIFICATION = "rectification"
    OBJECTION = "objection"  # to automated analysis: human-only review
    WITHDRAWAL = "withdrawal"  # of consent


class RequestStatus(StrEnum):
    OPEN = "open"
    FULFILLED = "fulfilled"
    REFUSED = "refused"


class RequestNotFound(CandorError):
    """No request with this number in the register."""

    def __init__(self, request_id: int) -> None:
        self.request_id = request_id
        super().__init__(
            f"There is no data-subject request #{request_id}.",
            "List the requests (candor requests list) to see their numbers.",
        )


@dataclass(frozen=True)
class DataRequest:
    """One row of the register; dates are ISO strings (received_on, due_on: YYYY-MM-DD)."""

    id: int
    candidate_id: int
    kind: RequestKind
    received_on: str
    due_on: str
    status: RequestStatus
    note: str
    created_by: str
    created_at: str
    closed_by: str | None
    closed_at: str | None

    def days_left(self, today: date) -> int:
        """Days until the deadline (negative once overdue)."""
        return (date.fromisoformat(self.due_on) - today).days

    def overdue(self, today: date) -> bool:
        return self.status is RequestStatus.OPEN and self.days_left(today) < 0


@dataclass(frozen=True)
class DueSummary:
    """Open requests past their deadline, and those due within DUE_SOON_DAYS."""

    overdue: int
    due_soon: int


class RequestRegister:
    """The register for the signed-in administrator of `session`."""

    def __init__(self, session: Session) -> None:
        session.user.require(Permission.MANAGE_COMPLIANCE)
        self._session = session
        self._db = session.db

    def today(self) -> date:
        """Today's local date by the session's clock (what a 'date received' means)."""
        return datetime.fromtimestamp(self._session.clock()).date()

    def add(
        self,
        candidate_id: int,
        kind: RequestKind | str,
        *,
        received_on: date | None = None,
        note: str = "",
    ) -> DataRequest:
        """Record a request received on `received_on` (default today); its deadline
        follows from the policy. Unknown and erased candidates are refused."""
        kind = _kind(kind)
        received = received_on or self.today()
        if received > self.today():
            raise InvalidInput(
                f"A request cannot be received in the future ({received.isoformat()}).",
                "Give the date the request reached you.",
            )
        note = _checked_note(note)
        due = load_policy(self._session.policy_id).request_deadline(kind.value).due(received)
        with self._db.transaction():
            self._session.candidates.media_key(candidate_id)  # exists and is not erased
            request_id = self._db.execute(
                "INSERT INTO data_requests (candidate_id, kind, received_on, due_on, status, "
                "note, created_by, created_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)",
                (
                    candidate_id,
                    kind.value,
                    received.isoformat(),
                    due.isoformat(),
                    note,
                    self._session.user.name,
                    now_iso(self._session.clock),
                ),
            )
            self._session.audit.record(
                "request.added",
                f"candidate:{candidate_id}",
                {
                    "request": request_id,
                    "kind": kind.value,
                    "received_on": received.isoformat(),
                    "due_on": due.isoformat(),
                },
            )
        return self.get(request_id)

    def get(self, request_id: int) -> DataRequest:
        row = self._db.query_one(
            f"SELECT {_COLUMNS} FROM data_requests WHERE id = ?", (request_id,)
        )
        if row is None:
            raise RequestNotFound(request_id)
        return _request(row)

    def list(
        self, *, status: RequestStatus | None = None, candidate_id: int | None = None
    ) -> list[DataRequest]:
        """Open requests first, earliest deadline first; then the closed ones."""
        clauses, params = [], list[object]()
        if status is not None:
            clauses.append("status = ?")
            params.append(RequestStatus(status).value)
        if candidate_id is not None:
            clauses.append("candidate_id = ?")
            params.append(candidate_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._db.query(
            f"SELECT {_COLUMNS} FROM data_requests {where} ORDER BY status != 'open', due_on, id",
            params,
        )
        return [_request(r) for r in rows]

    def close(self, request_id: int, status: RequestStatus | str, note: str = "") -> DataRequest:
        """Mark an open request fulfilled or refused; `note` is added to the request's note.

        A request of a candidate erased since can still be closed (an erasure request is
        fulfilled by the erasure), but keeps no note: its note was cleared with their data.
        """
        outcome = _outcome(status)
        note = note.strip()
        with self._db.transaction():
            request = self.get(request_id)
            if request.status is not RequestStatus.OPEN:
                raise InvalidInput(
                    f"Request #{request_id} is already closed ({request.status.value} by "
                    f"{request.closed_by} on {(request.closed_at or '')[:10]}).",
                    "Add a new request if the candidate asked again.",
                )
            if note and _erased(self._session, request.candidate_id):
                raise InvalidInput(
                    f"Candidate #{request.candidate_id} has been erased: their request keeps "
                    "no note.",
                    "Close it without --note.",
                )
            combined = f"{request.note}\n{note}" if request.note and note else request.note or note
            _checked_note(combined)
            self._db.execute(
                "UPDATE data_requests SET status = ?, note = ?, closed_by = ?, closed_at = ? "
                "WHERE id = ?",
                (
                    outcome.value,
                    combined,
                    self._session.user.name,
                    now_iso(self._session.clock),
                    request_id,
                ),
            )
            days_left = request.days_left(self.today())
            self._session.audit.record(
                "request.closed",
                f"candidate:{request.candidate_id}",
                {
                    "request": request_id,
                    "kind": request.kind.value,
                    "status": outcome.value,
                    "days_late": max(0, -days_left),
                },
            )
        return self.get(request_id)

    def due_summary(self, today: date | None = None) -> DueSummary:
        """Counts of open requests overdue and due within DUE_SOON_DAYS (inclusive) of `today`."""
        day = today or self.today()
        soon = day + timedelta(days=DUE_SOON_DAYS)
        row = self._db.query_one(
            "SELECT coalesce(sum(due_on < ?), 0), coalesce(sum(due_on >= ? AND due_on <= ?), 0) "
            "FROM data_requests WHERE status = 'open'",
            (day.isoformat(), day.isoformat(), soon.isoformat()),
        )
        assert row is not None
        return DueSummary(overdue=int(row[0]), due_soon=int(row[1]))


def _kind(kind: RequestKind | str) -> RequestKind:
    try:
        return RequestKind(kind)
    except ValueError:
        raise InvalidInput(
            f"Unknown kind of request: {kind!r}.",
            f"Use one of: {', '.join(k.value for k in RequestKind)}.",
        ) from None


def _outcome(status: RequestStatus | str) -> RequestStatus:
    try:
        outcome = RequestStatus(status)
    except ValueError:
        outcome = RequestStatus.OPEN
    if outcome is RequestStatus.OPEN:
        raise InvalidInput(
            f"A request is closed as fulfilled or refused, not {str(status)!r}.",
            "Use --status fulfilled or --status refused.",
        )
    return outcome


def _checked_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            f"A request's note can be at most {MAX_NOTE} characters (this one has {len(note)}).",
            "Shorten the note; keep details in your case file.",
        )
    return note


def _erased(session: Session, candidate_id: int) -> bool:
    try:
        session.candidates.media_key(candidate_id)
    except CandidateErased:
        return True
    except CandidateNotFound:
        return False
    return False


def _request(row: Row) -> DataRequest:
    return DataRequest(
        id=int(row[0]),
        candidate_id=int(row[1]),
        kind=RequestKind(row[2]),
        received_on=str(row[3]),
        due_on=str(row[4]),
        status=RequestStatus(row[5]),
        note=str(row[6]),
        created_by=str(row[7]),
        created_at=str(row[8]),
        closed_by=None if row[9] is None else str(row[9]),
        closed_at=None if row[10] is None else str(row[10]),
    )


__all__ = [
    "DUE_SOON_DAYS",
    "DataRequest",
    "DueSummary",
    "RequestKind",
    "RequestNotFound",
    "RequestRegister",
    "RequestStatus",
]
