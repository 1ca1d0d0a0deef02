"""`session.interviews`: the use cases of one-way video interviews for the signed-in user.

- recruiters (MANAGE_INTERVIEWS): question sets, invitations with a one-time
  login code, extra time;
- the kiosk (RUN_KIOSK): `open_kiosk_session(code)` -> a `KioskSession` bound to
  that one interview, `recover_interrupted`, `verify_pin`;
- people who read candidates (never the kiosk): answers, consents, playback
  (audit-logged);
- administrators: the kiosk operator PIN, the retention list.

Capture (PyAV, OpenCV) is imported only when a kiosk session opens or a
recording is recovered, so opening a workspace stays fast.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from analysis.errors import CandorError
from app.accounts import Permission, Role, User, iso_utc, now_iso
from app.audit import AuditLog
from app.errors import CandidateErased, CandidateNotFound, InvalidInput, PermissionDenied
from app.interviews.codes import code_hash, format_code, new_code, normalise_code
from app.interviews.errors import (
    InterviewClosed,
    InterviewNotFound,
    LoginCodeExpired,
    LoginCodeInvalid,
)
from app.interviews.guard import AttemptGuard
from app.interviews.model import (
    AnswerTake,
    ConsentRecord,
    ExpiredMedia,
    InterviewStatus,
    InterviewSummary,
    Invitation,
    TakeStatus,
)
from app.interviews.pin import KioskPin
from app.interviews.question_sets import QuestionSetRepo, load_question_set
from app.interviews.resume import INTERRUPTED_REASON, consent_identity_allowed
from app.interviews.retention import expired_media
from app.interviews.store import InterviewStore
from app.interviews.takes import TakeOutcome, save_take
from app.keys import KdfParams
from app.media import MediaReader, MediaRef, MediaStore
from app.policy import Policy
from app.signin import Clock
from app.storage.db import Database

if TYPE_CHECKING:
    from app.capture import RecordingSettings
    from app.interviews.kiosk import KioskSession

log = logging.getLogger("candor.interviews")

DEFAULT_VALID_DAYS = 7.0
MAX_VALID_DAYS = 90.0
MAX_EXTRA_TIME_S = 3600
_DAY_S = 86_400


class InterviewService:
    def __init__(
        self,
        db: Database,
        audit: AuditLog,
        user: User,
        media: MediaStore,
        *,
        policy: Callable[[], Policy],
        kdf: Callable[[], KdfParams],
        clock: Clock = time.time,
    ) -> None:
        self._db = db
        self._audit = audit
        self._user = user
        self._media = media
        self._policy = policy
        self._clock = clock
        self._store = InterviewStore(db)
        self._pin = KioskPin(db, audit, user, clock, kdf)
        self._code_guard = AttemptGuard(
            db, "login_code", "login code", clock, free_attempts=5, max_delay_s=60.0
        )
        self.question_sets = QuestionSetRepo(db, audit, user, clock)

    # -- invitations (recruiters) ----------------------------------------------

    def invite(
        self,
        candidate_id: int,
        question_set_id: int,
        *,
        role_id: int | None = None,
        valid_days: float = DEFAULT_VALID_DAYS,
        extra_time_s: int = 0,
    ) -> Invitation:
        """Create an interview and its one-time login code (returned here, never stored)."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        _check_valid_days(valid_days)
        _check_extra_time(extra_time_s)
        question_set = self.question_sets.get(question_set_id)
        if not question_set.questions:
            raise InvalidInput(
                "This question set has no questions yet.", "Add questions before inviting."
            )
        role = role_id if role_id is not None else question_set.role_id
        with self._db.transaction():
            self._check_candidate(candidate_id)
            if (
                role is not None
                and self._db.scalar("SELECT 1 FROM roles WHERE id = ?", (role,)) is None
            ):
                raise InvalidInput(f"There is no role #{role}.", "Choose an existing role.")
            code, expires_at = new_code(), self._expiry(valid_days)
            session_id = self._store.insert_session(
                candidate_id=candidate_id,
                role_id=role,
                question_set_id=question_set_id,
                code_hash=code_hash(code),
                expires_at=expires_at,
                extra_time_s=extra_time_s,
                created_by=self._user.name,
                now=now_iso(self._clock),
            )
            self._audit.record(
                "interview.invited",
                _candidate(candidate_id),
                {"session": session_id, "question_set": question_set_id},
            )
        return Invitation(session_id, format_code(code), expires_at)

    def reissue_code(
        self, session_id: int, *, valid_days: float = DEFAULT_VALID_DAYS
    ) -> Invitation:
        """A new login code for an interview not yet finished (the old one stops working),
        e.g. to resume on the kiosk after Candor closed mid-interview."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        _check_valid_days(valid_days)
        with self._db.transaction():
            row = self._store.session(session_id)
            now = now_iso(self._clock)
            if row.status not in (InterviewStatus.INVITED, InterviewStatus.IN_PROGRESS) and not (
                row.effective_status(now) is InterviewStatus.EXPIRED and row.started_at is None
            ):
                raise InterviewClosed(session_id, row.status.value)
            if row.status is InterviewStatus.EXPIRED:
                self._db.execute(
                    "UPDATE interview_sessions SET status = 'invited', ended_at = NULL "
                    "WHERE id = ?",
                    (session_id,),
                )
            self._check_candidate(row.candidate_id)
            code, expires_at = new_code(), self._expiry(valid_days)
            self._store.set_code(session_id, code_hash(code), expires_at)
            self._audit.record(
                "interview.code_reissued", _candidate(row.candidate_id), {"session": session_id}
            )
        return Invitation(session_id, format_code(code), expires_at)

    def revoke(self, session_id: int) -> None:
        """Cancel an invitation that was not used yet: its code stops working."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        with self._db.transaction():
            row = self._store.session(session_id)
            if row.status is not InterviewStatus.INVITED:
                raise InterviewClosed(session_id, row.status.value)
            self._store.set_status(session_id, InterviewStatus.EXPIRED, now_iso(self._clock))
            self._audit.record(
                "interview.revoked", _candidate(row.candidate_id), {"session": session_id}
            )

    def set_extra_time(self, session_id: int, seconds: int) -> None:
        """Accessibility: seconds added to every question's think and answer time."""
        self._user.require(Permission.MANAGE_INTERVIEWS)
        _check_extra_time(seconds)
        with self._db.transaction():
            row = self._store.session(session_id)
            self._store.set_extra_time(session_id, seconds)
            self._audit.record(
                "interview.extra_time",
                _candidate(row.candidate_id),
                {"session": session_id, "seconds": seconds},
            )

    # -- reading (recruiters, reviewers) ---------------------------------------

    def sessions(self, *, candidate_id: int | None = None) -> list[InterviewSummary]:
        self._require_reader()
        return self._store.summaries(now_iso(self._clock), candidate_id=candidate_id)

    def get(self, session_id: int) -> InterviewSummary:
        self._require_reader()
        found = self._store.summaries(now_iso(self._clock), session_id=session_id)
        if not found:
            raise InterviewNotFound(f"Interview #{session_id}")
        return found[0]

    def answers(self, session_id: int, *, include_replaced: bool = False) -> list[AnswerTake]:
        """The takes of an interview, in recording order (by default only those that count)."""
        self._require_reader()
        self._store.session(session_id)
        takes = self._store.takes(session_id)
        return takes if include_replaced else [t for t in takes if t.replaced_by is None]

    def consents(self, session_id: int) -> list[ConsentRecord]:
        self._require_reader()
        self._store.session(session_id)
        return self._store.consents(session_id)

    def answer_reader(self, answer_id: int) -> MediaReader:
        """A decrypting, seekable reader of an answer's recording (WebM). Audit-logged.

        Never for the kiosk account, whatever its permissions say.
        """
        if self._user.role is Role.KIOSK or not self._user.can(Permission.READ_CANDIDATES):
            raise PermissionDenied("play interview answers", self._user.role.value)
        take = self._store.take(answer_id)
        if take.ref is None:
            raise InterviewNotFound(f"A recording of answer #{answer_id}")
        candidate_id = self._store.session(take.session_id).candidate_id
        reader = self._media.open(take.ref)
        try:
            self._audit.record(
                "interview.answer.played",
                _candidate(candidate_id),
                {"session": take.session_id, "answer": answer_id},
            )
        except BaseException:
            reader.close()
            raise
        return reader

    def may_create_identity_template(self, session_id: int) -> bool:
        """Whether analysis may build a face identity template from this interview."""
        return consent_identity_allowed(self._policy(), self._store, session_id)

    # -- the kiosk -------------------------------------------------------------

    def open_kiosk_session(
        self, code: str, *, recording: RecordingSettings | None = None
    ) -> KioskSession:
        """Open the one interview this login code belongs to; the code is then used up.

        Raises LoginCodeInvalid (unknown, mistyped or used), LoginCodeExpired, or
        TooManyKioskAttempts. Answers left 'recording' by a crash are recovered first.
        """
        from app.interviews.kiosk import KioskSession

        self._user.require(Permission.RUN_KIOSK)
        normalised = normalise_code(code)
        self._code_guard.begin()
        row = self._store.session_by_code(code_hash(normalised)) if normalised else None
        if row is None or row.status not in (InterviewStatus.INVITED, InterviewStatus.IN_PROGRESS):
            self._audit.record("interview.code_rejected", "", {"reason": "unknown"})
            raise LoginCodeInvalid()
        now = now_iso(self._clock)
        if row.expires_at <= now:
            with self._db.transaction():
                if row.status is InterviewStatus.INVITED:
                    self._store.set_status(row.id, InterviewStatus.EXPIRED, now)
                else:
                    self._store.set_code(row.id, None, None)
                self._audit.record(
                    "interview.code_rejected", _candidate(row.candidate_id), {"reason": "expired"}
                )
            raise LoginCodeExpired()
        with self._db.transaction():
            self._store.set_code(row.id, None, None)
            self._store.set_status(row.id, InterviewStatus.IN_PROGRESS, now)
            self._code_guard.succeeded()
            self._audit.record(
                "interview.opened", _candidate(row.candidate_id), {"session": row.id}
            )
        self._recover(row.id)
        question_set = load_question_set(self._db, row.question_set_id)
        return KioskSession(
            db=self._db,
            store=self._store,
            audit=self._audit,
            media=self._media,
            policy=self._policy(),
            row=self._store.session(row.id),
            questions=question_set.questions,
            practice=question_set.practice,
            clock=self._clock,
            recording=recording,
        )

    def recover_interrupted(self, session_id: int) -> list[AnswerTake]:
        """Finish the takes a crash left 'recording': keep what reached the disk (marked
        incomplete, reason 'interrupted'), or mark them incomplete with nothing saved.

        Call it only where no recording of this interview can be running (the kiosk
        does so itself when it opens the interview). Returns the takes as now stored.
        """
        if not (
            self._user.can(Permission.RUN_KIOSK) or self._user.can(Permission.MANAGE_INTERVIEWS)
        ):
            raise PermissionDenied("recover interrupted interviews", self._user.role.value)
        self._store.session(session_id)
        return self._recover(session_id)

    def set_kiosk_pin(self, pin: str) -> None:
        """Administrators: the 6-12 digit PIN that lets staff leave kiosk mode."""
        self._pin.set(pin)

    def kiosk_pin_is_set(self) -> bool:
        return self._pin.is_set()

    def verify_pin(self, pin: str) -> None:
        """Accept the operator PIN, or raise WrongPin / TooManyKioskAttempts / PinNotSet."""
        self._pin.verify(pin)

    # -- retention -------------------------------------------------------------

    def expired_media(self, now: float | None = None) -> list[ExpiredMedia]:
        """Answer recordings past the policy's retention period (the list only)."""
        self._user.require(Permission.ERASE_CANDIDATES)
        return expired_media(self._db, self._policy(), self._clock() if now is None else now)

    # -- internals -------------------------------------------------------------

    def _recover(self, session_id: int) -> list[AnswerTake]:
        from app.capture import recover_answer

        row = self._store.session(session_id)
        done = []
        for take in self._store.takes(session_id, TakeStatus.RECORDING):
            status, duration = TakeStatus.INCOMPLETE, 0.0
            reason: str | None = INTERRUPTED_REASON
            ref: MediaRef | None = None
            if take.ref is not None:
                try:
                    outcome = recover_answer(self._media, take.ref)
                except CandorError as exc:  # the key was destroyed, the file damaged...
                    log.warning("an interrupted answer could not be recovered: %s", exc.message)
                else:
                    ref, duration = outcome.ref, outcome.duration
                    status = TakeStatus.COMPLETE if outcome.complete else TakeStatus.INCOMPLETE
                    reason = outcome.reason.value if outcome.reason is not None else None
            stored, _ = save_take(
                self._db, self._store, self._audit, self._media, take.id,
                TakeOutcome(status, reason, duration, ref, now_iso(self._clock)),
                action="interview.answer.recovered", subject=_candidate(row.candidate_id),
                details={"session": session_id, "question": take.question_id},
            )  # fmt: skip
            done.append(stored)
        return done

    def _require_reader(self) -> None:
        if self._user.role is Role.KIOSK or not (
            self._user.can(Permission.READ_CANDIDATES)
            or self._user.can(Permission.MANAGE_INTERVIEWS)
        ):
            raise PermissionDenied("see interviews", self._user.role.value)

    def _check_candidate(self, candidate_id: int) -> None:
        row = self._db.query_one("SELECT erased_at FROM candidates WHERE id = ?", (candidate_id,))
        if row is None:
            raise CandidateNotFound(candidate_id)
        if row[0] is not None:
            raise CandidateErased(candidate_id)

    def _expiry(self, valid_days: float) -> str:
        return iso_utc(self._clock() + valid_days * _DAY_S)


def _check_valid_days(valid_days: float) -> None:
    if not 0 < valid_days <= MAX_VALID_DAYS:
        raise InvalidInput(
            f"An invitation can be valid for at most {MAX_VALID_DAYS:.0f} days.",
            "Choose a shorter validity.",
        )


def _check_extra_time(seconds: int) -> None:
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int)
        or not 0 <= seconds <= MAX_EXTRA_TIME_S
    ):
        raise InvalidInput(
            f"Extra time must be a whole number of seconds from 0 to {MAX_EXTRA_TIME_S}."
        )


def _candidate(candidate_id: int) -> str:
    return f"candidate:{candidate_id}"
