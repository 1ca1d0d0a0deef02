"""SQL for interview sessions, consents and answer takes (no permission checks here:
the service and the kiosk session check before they call)."""

from __future__ import annotations

from dataclasses import dataclass

from app.interviews.errors import InterviewNotFound
from app.interviews.model import (
    AnswerTake,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    InterviewStatus,
    InterviewSummary,
    TakeStatus,
)
from app.media import MediaRef
from app.storage.db import Database, Row

_SESSION_COLUMNS = (
    "id, candidate_id, role_id, question_set_id, status, expires_at, extra_time_s, "
    "created_by, created_at, started_at, ended_at"
)
_TAKE_COLUMNS = (
    "id, session_id, question_id, take, status, reason, duration_s, started_at, ended_at, "
    "replaced_by, media_ref_json"
)


@dataclass(frozen=True)
class SessionRow:
    id: int
    candidate_id: int
    role_id: int | None
    question_set_id: int
    status: InterviewStatus
    expires_at: str
    extra_time_s: int
    created_by: str
    created_at: str
    started_at: str | None
    ended_at: str | None

    def effective_status(self, now: str) -> InterviewStatus:
        if self.status is InterviewStatus.INVITED and self.expires_at <= now:
            return InterviewStatus.EXPIRED
        return self.status


class InterviewStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- sessions --------------------------------------------------------------

    def insert_session(
        self,
        *,
        candidate_id: int,
        role_id: int | None,
        question_set_id: int,
        code_hash: str,
        expires_at: str,
        extra_time_s: int,
        created_by: str,
        now: str,
    ) -> int:
        return self._db.execute(
            "INSERT INTO interview_sessions (candidate_id, role_id, question_set_id, status, "
            "code_hash, expires_at, extra_time_s, created_by, created_at) "
            "VALUES (?, ?, ?, 'invited', ?, ?, ?, ?, ?)",
            (
                candidate_id,
                role_id,
                question_set_id,
                code_hash,
                expires_at,
                extra_time_s,
                created_by,
                now,
            ),
        )

    def session(self, session_id: int) -> SessionRow:
        row = self._db.query_one(
            f"SELECT {_SESSION_COLUMNS} FROM interview_sessions WHERE id = ?", (session_id,)
        )
        if row is None:
            raise InterviewNotFound(f"Interview #{session_id}")
        return _session(row)

    def session_by_code(self, code_hash: str) -> SessionRow | None:
        row = self._db.query_one(
            f"SELECT {_SESSION_COLUMNS} FROM interview_sessions WHERE code_hash = ?", (code_hash,)
        )
        return None if row is None else _session(row)

    def set_status(self, session_id: int, status: InterviewStatus, now: str) -> None:
        started = status is InterviewStatus.IN_PROGRESS
        ended = status in (
            InterviewStatus.COMPLETED,
            InterviewStatus.DECLINED,
            InterviewStatus.EXPIRED,
        )
        self._db.execute(
            "UPDATE interview_sessions SET status = ?, "
            "started_at = CASE WHEN ? AND started_at IS NULL THEN ? ELSE started_at END, "
            "ended_at = CASE WHEN ? THEN ? ELSE ended_at END, "
            "code_hash = CASE WHEN ? THEN NULL ELSE code_hash END WHERE id = ?",
            (status.value, started, now, ended, now, ended, session_id),
        )

    def set_code(self, session_id: int, code_hash: str | None, expires_at: str | None) -> None:
        self._db.execute(
            "UPDATE interview_sessions SET code_hash = ?, "
            "expires_at = coalesce(?, expires_at) WHERE id = ?",
            (code_hash, expires_at, session_id),
        )

    def set_extra_time(self, session_id: int, seconds: int) -> None:
        self._db.execute(
            "UPDATE interview_sessions SET extra_time_s = ? WHERE id = ?", (seconds, session_id)
        )

    def summaries(
        self, now: str, *, candidate_id: int | None = None, session_id: int | None = None
    ) -> list[InterviewSummary]:
        clauses, params = [], []
        if candidate_id is not None:
            clauses.append("s.candidate_id = ?")
            params.append(candidate_id)
        if session_id is not None:
            clauses.append("s.id = ?")
            params.append(session_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        columns = ", ".join(f"s.{c.strip()}" for c in _SESSION_COLUMNS.split(","))
        rows = self._db.query(
            f"SELECT {columns}, "
            "(SELECT count(*) FROM questions q WHERE q.question_set_id = s.question_set_id), "
            "(SELECT count(DISTINCT a.question_id) FROM answers a WHERE a.session_id = s.id "
            " AND a.replaced_by IS NULL AND a.media_ref_json IS NOT NULL "
            " AND a.status != 'recording') "
            f"FROM interview_sessions s {where} ORDER BY s.id",
            params,
        )
        out = []
        for row in rows:
            base = _session(row[:11])
            out.append(
                InterviewSummary(
                    id=base.id,
                    candidate_id=base.candidate_id,
                    role_id=base.role_id,
                    question_set_id=base.question_set_id,
                    status=base.effective_status(now),
                    expires_at=base.expires_at,
                    extra_time_s=base.extra_time_s,
                    created_by=base.created_by,
                    created_at=base.created_at,
                    started_at=base.started_at,
                    ended_at=base.ended_at,
                    questions=int(row[11]),
                    answered=int(row[12]),
                )
            )
        return out

    # -- consents --------------------------------------------------------------

    def add_consent(self, session_id: int, record: ConsentRecord) -> None:
        self._db.execute(
            "INSERT INTO consents (session_id, kind, policy_id, notice_version, decision, "
            "method, at, evidence_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                record.kind.value,
                record.policy_id,
                record.notice_version,
                record.decision.value,
                record.method.value,
                record.at,
                None if record.evidence is None else record.evidence.to_json(),
            ),
        )

    def consents(self, session_id: int) -> list[ConsentRecord]:
        rows = self._db.query(
            "SELECT kind, decision, method, policy_id, notice_version, at, evidence_ref "
            "FROM consents "
            "WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [
            ConsentRecord(
                kind=ConsentKind(r[0]),
                decision=ConsentDecision(r[1]),
                method=ConsentMethod(r[2]),
                policy_id=str(r[3]),
                notice_version=int(r[4]),
                at=str(r[5]),
                evidence=None if r[6] is None else MediaRef.from_json(str(r[6])),
            )
            for r in rows
        ]

    def latest_consent(self, session_id: int, kind: ConsentKind) -> ConsentRecord | None:
        records = [c for c in self.consents(session_id) if c.kind is kind]
        return records[-1] if records else None

    # -- answer takes ----------------------------------------------------------

    def start_take(self, session_id: int, question_id: int, ref: MediaRef, now: str) -> int:
        """Insert the take's row, status 'recording', before its first frame is recorded."""
        take = int(
            self._db.scalar(
                "SELECT coalesce(max(take), 0) + 1 FROM answers "
                "WHERE session_id = ? AND question_id = ?",
                (session_id, question_id),
            )
        )
        return self._db.execute(
            "INSERT INTO answers (session_id, question_id, take, media_ref_json, status, "
            "started_at) VALUES (?, ?, ?, ?, 'recording', ?)",
            (session_id, question_id, take, ref.to_json(), now),
        )

    def finish_take(
        self,
        answer_id: int,
        status: TakeStatus,
        reason: str | None,
        duration_s: float,
        ref: MediaRef | None,
        now: str,
    ) -> None:
        self._db.execute(
            "UPDATE answers SET status = ?, reason = ?, duration_s = ?, media_ref_json = ?, "
            "ended_at = ? WHERE id = ?",
            (
                status.value,
                reason,
                max(0.0, duration_s),
                None if ref is None else ref.to_json(),
                now,
                answer_id,
            ),
        )

    def replace_ref(self, answer_id: int, old: MediaRef, new: MediaRef) -> None:
        """Point the answer at its finalised (indexed) file, if it still points at `old`."""
        changed = self._db.execute_count(
            "UPDATE answers SET media_ref_json = ? WHERE id = ? AND media_ref_json = ?",
            (new.to_json(), answer_id, old.to_json()),
        )
        if changed != 1:
            raise RuntimeError(f"answer {answer_id} no longer points at the recorded file")

    def settle_take(self, answer: AnswerTake) -> list[AnswerTake]:
        """Keep one take per question once `answer` is stored; returns the takes it
        set aside (their media reference dropped; the caller removes their files).

        The last take that saved a recording counts and replaces the earlier ones,
        except that a take a fault cut short (incomplete) never replaces a complete
        one: it is the one set aside, and the complete take stays.
        """
        if answer.ref is None:
            return []
        others = [
            t
            for t in self.takes(answer.session_id)
            if t.question_id == answer.question_id
            and t.id != answer.id
            and t.replaced_by is None
            and t.ref is not None
            and t.status is not TakeStatus.RECORDING
        ]
        complete = [t for t in others if t.status is TakeStatus.COMPLETE]
        if answer.status is TakeStatus.INCOMPLETE and complete:
            self._replace(answer, by=complete[-1].id)
            return [answer]
        for take in others:
            self._replace(take, by=answer.id)
        return others

    def _replace(self, take: AnswerTake, *, by: int) -> None:
        self._db.execute(
            "UPDATE answers SET replaced_by = ?, media_ref_json = NULL WHERE id = ?",
            (by, take.id),
        )

    def take(self, answer_id: int) -> AnswerTake:
        row = self._db.query_one(f"SELECT {_TAKE_COLUMNS} FROM answers WHERE id = ?", (answer_id,))
        if row is None:
            raise InterviewNotFound(f"Answer #{answer_id}")
        return _take(row)

    def takes(self, session_id: int, status: TakeStatus | None = None) -> list[AnswerTake]:
        sql = f"SELECT {_TAKE_COLUMNS} FROM answers WHERE session_id = ?"
        params: list[object] = [session_id]
        if status is not None:
            sql += " AND status = ?"
            params.append(status.value)
        return [_take(r) for r in self._db.query(sql + " ORDER BY id", params)]

    def answers_ended_before(self, cutoff: str) -> list[tuple[AnswerTake, int]]:
        """Kept recordings that ended before `cutoff`, with their candidate id."""
        columns = ", ".join(f"a.{c.strip()}" for c in _TAKE_COLUMNS.split(","))
        rows = self._db.query(
            f"SELECT {columns}, s.candidate_id FROM answers a "
            "JOIN interview_sessions s ON s.id = a.session_id "
            "WHERE a.media_ref_json IS NOT NULL AND a.status != 'recording' "
            "AND coalesce(a.ended_at, a.started_at) < ? ORDER BY a.id",
            (cutoff,),
        )
        return [(_take(r[:11]), int(r[11])) for r in rows]


def _session(row: Row) -> SessionRow:
    return SessionRow(
        id=int(row[0]),
        candidate_id=int(row[1]),
        role_id=None if row[2] is None else int(row[2]),
        question_set_id=int(row[3]),
        status=InterviewStatus(row[4]),
        expires_at=str(row[5]),
        extra_time_s=int(row[6]),
        created_by=str(row[7]),
        created_at=str(row[8]),
        started_at=None if row[9] is None else str(row[9]),
        ended_at=None if row[10] is None else str(row[10]),
    )


def _take(row: Row) -> AnswerTake:
    return AnswerTake(
        id=int(row[0]),
        session_id=int(row[1]),
        question_id=int(row[2]),
        take=int(row[3]),
        status=TakeStatus(row[4]),
        reason=None if row[5] is None else str(row[5]),
        duration_s=float(row[6]),
        started_at=str(row[7]),
        ended_at=None if row[8] is None else str(row[8]),
        replaced_by=None if row[9] is None else int(row[9]),
        ref=None if row[10] is None else MediaRef.from_json(str(row[10])),
    )
