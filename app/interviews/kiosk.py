"""The kiosk's interview flow for ONE interview session, as a plain-Python state machine.

`InterviewService.open_kiosk_session(code)` returns a `KioskSession` bound to
the one interview the code opened: the questions of its set, the recording of
its answers, its consents. It holds no way to name another interview or
candidate (no ids are accepted anywhere), reads nothing about the candidate,
and plays nothing back. The Qt kiosk screens drive it from their thread:

- each method is allowed at one step (`step`); calling it elsewhere raises
  FlowError, a bug in the caller;
- countdowns are the screens' business: at the end of the think countdown (or
  when the candidate is ready) they call `start_recording`; the answer's time
  limit is also enforced here, on a timer;
- `start_recording(on_ended=...)`'s callback runs on a recording thread when the
  recording stops by itself (time limit, end of a stand-in file, a device lost):
  relay it to the UI thread, which then calls `finish_recording()`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable

import numpy as np

from app.accounts import now_iso
from app.audit import AuditLog
from app.capture import (
    AudioChunk,
    CapturedFrame,
    CaptureError,
    CaptureSource,
    FrameListener,
    IncompleteReason,
    LiveFrame,
    RecordingSettings,
)
from app.capture.finalize import RecordingNotFinalizable, finalize_answer
from app.capture.source import as_float_samples
from app.compliance.restrictions import is_human_only, record_restriction
from app.errors import InvalidInput
from app.interviews.errors import DeviceCheckNeeded, FlowError
from app.interviews.kiosk_types import (
    IDENTITY_CONSENT_TEXT,
    IDENTITY_WAIVER_TEXT,
    DeviceCheck,
    IdentityConsentRequest,
    KioskStep,
    Notice,
    QuestionView,
    SavedAnswer,
    TakeResult,
)
from app.interviews.model import (
    TIME_LIMIT_REASON,
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    ConsentRecord,
    InterviewStatus,
    PracticeSettings,
    Question,
    TakeStatus,
)
from app.interviews.recording import TimedRecording
from app.interviews.resume import consent_identity_allowed, count_complete, resume_index
from app.interviews.store import InterviewStore, SessionRow
from app.interviews.takes import TakeOutcome, counting_takes, save_take
from app.media import MediaRef, MediaStore
from app.policy import Policy
from app.signin import Clock
from app.storage.db import Database

log = logging.getLogger("candor.interviews")

MIN_ANSWER_SECONDS = 0.5  # below this a stop was pressed at once: not an answer
TOO_SHORT_REASON = "too_short"

AnswerFrameCallback = Callable[[int, LiveFrame], None]
"""(answer id, frame): live frames of the answer being recorded, on a listener thread."""

SILENCE_LEVEL = 1e-3


class KioskSession:
    def __init__(
        self,
        *,
        db: Database,
        store: InterviewStore,
        audit: AuditLog,
        media: MediaStore,
        policy: Policy,
        row: SessionRow,
        questions: tuple[Question, ...],
        practice: PracticeSettings,
        clock: Clock = time.time,
        recording: RecordingSettings | None = None,
    ) -> None:
        self._db = db
        self._store = store
        self._audit = audit
        self._media = media
        self._policy = policy
        self._row = row
        self._questions = questions
        self._practice = practice
        self._clock = clock
        self._settings = recording
        self._step = KioskStep.WELCOME
        self._resumed = bool(store.takes(row.id))
        self._index = 0  # the current question (-1: practice)
        self._source: CaptureSource | None = None
        self._recording: TimedRecording | None = None
        self._answer_id: int | None = None
        self._frame_callbacks: list[tuple[AnswerFrameCallback, int, int]] = []
        self._listeners: list[FrameListener] = []
        self._saved_callbacks: list[Callable[[SavedAnswer], None]] = []
        self._completed_callbacks: list[Callable[[], None]] = []
        self._last: TakeResult | None = None
        self._closed = False
        self._human_only = is_human_only(db, row.candidate_id)
        self._offer_self_id = False  # set when the candidate consents in this sitting

    # -- what is shown --------------------------------------------------------

    @property
    def step(self) -> KioskStep:
        return self._step

    @property
    def candidate_id(self) -> int:
        """Whose interview this is (an id only: the kiosk reads nothing about them)."""
        return self._row.candidate_id

    @property
    def session_id(self) -> int:
        return self._row.id

    @property
    def question_count(self) -> int:
        return len(self._questions)

    @property
    def extra_time_s(self) -> int:
        return self._row.extra_time_s

    @property
    def practice_enabled(self) -> bool:
        return self._practice.enabled

    @property
    def last_result(self) -> TakeResult | None:
        """The take just recorded (at ANSWERED)."""
        return self._last

    def notice(self) -> Notice:
        return Notice(
            policy_name=self._policy.name,
            version=self._policy.notice_version,
            text=self._policy.rendered_notice(),
            consent_text=self._policy.consent_text,
        )

    def identity_consent_request(self) -> IdentityConsentRequest | None:
        """What to ask before any face template, or None when the policy needs nothing."""
        if not self._needs_identity_consent():
            return None
        rule = self._policy.identity_consent
        text = IDENTITY_WAIVER_TEXT if rule == "signed_waiver" else IDENTITY_CONSENT_TEXT
        return IdentityConsentRequest(rule, text)

    def current_question(self) -> QuestionView:
        self._expect(KioskStep.THINK, KioskStep.RECORDING, KioskStep.ANSWERED)
        extra = self._row.extra_time_s
        if self._index < 0:
            p = self._practice
            return QuestionView(
                -1, len(self._questions), p.text, "", p.think_seconds + extra,
                p.answer_seconds + extra, 1, 0, True,
            )  # fmt: skip
        q = self._questions[self._index]
        takes = [t for t in self._store.takes(self._row.id) if t.question_id == q.id]
        upcoming = self._step is KioskStep.THINK  # its row does not exist yet
        take = max((t.take for t in takes), default=0) + (1 if upcoming else 0)
        # The take on screen counts as used until it is known (at ANSWERED) whether it was
        # complete; a take a fault cut short gives its turn back (see count_complete).
        in_hand = 1 if self._step in (KioskStep.THINK, KioskStep.RECORDING) else 0
        completes = count_complete(takes)
        allowed = 1 + q.retakes
        return QuestionView(
            index=self._index,
            count=len(self._questions),
            text=q.text,
            intro=q.intro,
            think_seconds=q.think_seconds + extra,
            answer_seconds=q.answer_seconds + extra,
            take=max(take, 1),
            retakes_left=max(0, allowed - completes - in_hand),
            practice=False,
        )

    def resume_point(self) -> int | None:
        """0-based index of the question the interview goes on with; None when all are done.

        A question is done when its latest take was saved and not cut off by a crash
        (an interrupted take, recovered or not, is asked again).
        """
        return resume_index(self._questions, self._store.takes(self._row.id))

    def may_create_identity_template(self) -> bool:
        """True only if the policy allows face identity and its consent rule is met."""
        if self._human_only:
            return False
        return consent_identity_allowed(self._policy, self._store, self._row.id)

    @property
    def automated_analysis_declined(self) -> bool:
        """The candidate chose human-only review (here, or staff recorded it before this
        sitting): no frame is handed to live analysis and nothing is analysed."""
        return self._human_only

    # -- hooks ----------------------------------------------------------------

    def on_frame(
        self, callback: AnswerFrameCallback, *, every_n: int = 1, max_pending: int = 1
    ) -> None:
        """Live analysis: frames of every recorded answer (never of the practice question).

        Runs on a listener thread of its own; a slow callback misses frames and never
        slows the recording (see `app.capture.FrameListener`).
        """
        if every_n < 1 or max_pending < 1:
            raise ValueError("every_n and max_pending must be at least 1")
        self._frame_callbacks.append((callback, every_n, max_pending))

    def on_answer_saved(self, callback: Callable[[SavedAnswer], None]) -> None:
        """Called (on the caller's thread) when the candidate moves on from a question,
        with the take that counts for it (e.g. to analyse it while the next one plays).

        Not before: until then a retake may replace it. An answer the operator leaves
        the kiosk on is not announced; `kept_answers()` lists it with the others.
        """
        self._saved_callbacks.append(callback)

    def on_completed(self, callback: Callable[[], None]) -> None:
        """Called (on the caller's thread) once the last question is answered."""
        self._completed_callbacks.append(callback)

    def kept_answers(self) -> list[SavedAnswer]:
        """The take that counts for each question answered so far, in question order."""
        return [a for q in self._questions if (a := self._kept_answer(q)) is not None]

    # -- the flow -------------------------------------------------------------

    def begin(self) -> None:
        self._expect(KioskStep.WELCOME)
        consent = self._store.latest_consent(self._row.id, ConsentKind.RECORDING)
        if (
            consent is not None
            and consent.decision is ConsentDecision.GIVEN
            and consent.notice_version == self._policy.notice_version
        ):
            self._step = self._after_recording_consent()
        else:
            self._step = KioskStep.NOTICE

    def acknowledge_notice(self) -> None:
        self._expect(KioskStep.NOTICE)
        self._step = KioskStep.CONSENT

    def give_consent(self, *, human_only: bool = False) -> None:
        """Consent to recording; `human_only`: "a person reviews my recorded answers; no
        automated analysis" (recorded as automated_analysis declined, plus the restriction
        every analysis path obeys, in one transaction)."""
        self._expect(KioskStep.CONSENT)
        with self._db.transaction():
            self._record_consent(ConsentKind.RECORDING, ConsentDecision.GIVEN, ConsentMethod.CLICK)
            if human_only:
                self._record_consent(
                    ConsentKind.AUTOMATED_ANALYSIS, ConsentDecision.DECLINED, ConsentMethod.CLICK
                )
                record_restriction(
                    self._db, self._audit, self._row.candidate_id, True,
                    source="kiosk", set_by="kiosk", at=self._now(),
                )  # fmt: skip
        self._human_only = self._human_only or human_only
        self._offer_self_id = self._policy.self_identification
        self._step = self._after_recording_consent()

    def decline_consent(self) -> None:
        """The candidate refuses: recorded, the interview ends (politely: DECLINED)."""
        self._expect(KioskStep.NOTICE, KioskStep.CONSENT)
        with self._db.transaction():
            self._record_consent(
                ConsentKind.RECORDING, ConsentDecision.DECLINED, ConsentMethod.CLICK
            )
            self._store.set_status(self._row.id, InterviewStatus.DECLINED, self._now())
            self._audit.record("interview.declined", self._subject(), {"session": self._row.id})
        self._step = KioskStep.DECLINED

    def give_identity_consent(self, signature: str = "") -> None:
        """Explicit consent (a click) or a signed waiver, as the policy requires.

        A waiver needs the candidate's typed full name; the signed document (waiver
        text, name, policy, time) is kept as evidence, encrypted under the
        candidate's key, so erasing the candidate shreds it with everything else.
        """
        self._expect(KioskStep.IDENTITY_CONSENT)
        method = self._identity_method()
        evidence = None
        if method is ConsentMethod.SIGNED_WAIVER:
            name = " ".join(signature.split())
            if sum(ch.isalpha() for ch in name) < 2:
                raise InvalidInput(
                    "The waiver needs a signature.", "Type your full name to sign it."
                )
            document = {
                "waiver": IDENTITY_WAIVER_TEXT,
                "signed_by": name,
                "policy_id": self._policy.id,
                "notice_version": self._policy.notice_version,
                "signed_at": self._now(),
            }
            evidence = self._media.put_bytes(
                self._row.candidate_id, "waiver", json.dumps(document).encode("utf-8")
            )
        with self._db.transaction():
            self._record_consent(
                ConsentKind.IDENTITY_TEMPLATE, ConsentDecision.GIVEN, method, evidence
            )
        self._step = self._after_consents()

    def decline_identity_consent(self) -> None:
        """No face template; the interview goes on without the identity check."""
        self._expect(KioskStep.IDENTITY_CONSENT)
        with self._db.transaction():
            self._record_consent(
                ConsentKind.IDENTITY_TEMPLATE, ConsentDecision.DECLINED, self._identity_method()
            )
        self._step = self._after_consents()

    def finish_self_identification(self, record: Callable[[int], object] | None) -> None:
        """Leave the voluntary self-identification page: `record(candidate_id)` stores the
        answers (app.fairness.demographics, which the kiosk may write, never read);
        None when the candidate skipped it."""
        self._expect(KioskStep.SELF_IDENTIFICATION)
        if record is not None:
            record(self._row.candidate_id)
        self._offer_self_id = False
        self._step = KioskStep.DEVICE_CHECK

    def check_devices(self, source: CaptureSource, seconds: float = 1.0) -> DeviceCheck:
        """Sample `source` for about `seconds` (this blocks; run it off the UI thread).

        A passing check makes `source` the one every answer is recorded from.
        """
        self._expect(KioskStep.DEVICE_CHECK)
        result = sample_source(source, seconds)
        self._source = source if result.ok else None
        return result

    def confirm_devices(self) -> None:
        self._expect(KioskStep.DEVICE_CHECK)
        if self._source is None:
            raise DeviceCheckNeeded("no check has passed yet.")
        if self._practice.enabled and not self._resumed:
            self._step = KioskStep.PRACTICE
        else:
            self._go_to_resume_point()

    def start_practice(self) -> None:
        self._expect(KioskStep.PRACTICE)
        self._index = -1
        self._step = KioskStep.THINK

    def skip_practice(self) -> None:
        self._expect(KioskStep.PRACTICE)
        self._go_to_resume_point()

    def start_recording(self, on_ended: Callable[[], None] | None = None) -> None:
        """Start recording the current question (the think countdown is over)."""
        self._expect(KioskStep.THINK)
        assert self._source is not None  # a passed device check precedes every THINK
        view = self.current_question()
        if view.practice:
            recording = TimedRecording(
                self._media.scratch, self._row.candidate_id, self._source, view.answer_seconds,
                settings=self._settings, on_ended=on_ended,
            )  # fmt: skip
            self._answer_id = None
        else:
            recording = TimedRecording(
                self._media, self._row.candidate_id, self._source, view.answer_seconds,
                settings=self._settings, on_ended=on_ended,
            )  # fmt: skip
            try:
                # Stored before the first frame: after a crash, the row names the file.
                with self._db.transaction():
                    question = self._questions[self._index]
                    self._answer_id = self._store.start_take(
                        self._row.id, question.id, recording.pending_ref, self._now()
                    )
            except BaseException:
                recording.discard()
                raise
            self._attach_listeners(recording, self._answer_id)
        self._recording = recording
        recording.start()
        self._step = KioskStep.RECORDING

    @property
    def recording(self) -> bool:
        """True while the recorder still runs (False once it stopped by itself)."""
        return self._recording is not None and self._recording.running

    def finish_recording(self) -> TakeResult:
        """Stop the answer (if still running), store it, and move to ANSWERED."""
        self._expect(KioskStep.RECORDING)
        assert self._recording is not None
        recording, self._recording = self._recording, None
        outcome = recording.finish()
        for listener in self._listeners:
            listener.close()
        self._listeners = []
        reason = outcome.reason.value if outcome.reason is not None else None
        if outcome.complete and recording.time_limit_hit:
            reason = TIME_LIMIT_REASON
        status = TakeStatus.COMPLETE if outcome.complete else TakeStatus.INCOMPLETE
        message = outcome.message
        if status is TakeStatus.COMPLETE and outcome.duration < MIN_ANSWER_SECONDS:
            # a stop pressed at once is not an answer: keep it aside, offer the question again
            status, reason = TakeStatus.INCOMPLETE, TOO_SHORT_REASON
            message = "The answer was too short to keep. Please record it again."
        if self._index < 0:
            if outcome.ref is not None:
                self._media.scratch.delete(outcome.ref)  # the practice answer is never kept
            result = TakeResult(
                None, -1, 1, status, reason, outcome.duration, message, True, True, False
            )
        else:
            result = self._store_take(status, reason, outcome.duration, outcome.ref, message)
            if result.kept and status is TakeStatus.COMPLETE and outcome.ref is not None:
                self._finalize(result.answer_id, outcome.ref)
        self._last = result
        self._step = KioskStep.ANSWERED
        return result

    def _finalize(self, answer_id: int | None, ref: MediaRef) -> None:
        """Remux the live recording into an indexed file (duration, seeking) before
        anyone is told the answer is saved; on failure the live file stays in use."""
        if answer_id is None:
            return
        try:
            finalize_answer(
                self._media, ref, commit=lambda new: self._store.replace_ref(answer_id, ref, new)
            )
        except RecordingNotFinalizable as exc:
            log.warning("answer %d kept unindexed: %s", answer_id, exc.message)

    def retake(self) -> None:
        self._expect(KioskStep.ANSWERED)
        if self._last is None or not self._last.can_retake:
            raise FlowError("no retake is left for this question")
        self._step = KioskStep.THINK

    def next_question(self) -> None:
        self._expect(KioskStep.ANSWERED)
        self._last = None
        if self._index < 0:
            self._go_to_resume_point()
            return
        saved = self._kept_answer(self._questions[self._index])
        if saved is not None:
            for callback in self._saved_callbacks:
                callback(saved)
        following = self._index + 1
        if following < len(self._questions):
            self._index = following
            self._step = KioskStep.THINK
        else:
            self._complete()

    def close(self) -> None:
        """Leave the kiosk (operator): an answer being recorded is kept, marked stopped early.

        The object is unusable afterwards; the interview stays resumable with a new code.
        """
        self._closed = True
        if self._recording is None:
            return
        recording, self._recording = self._recording, None
        outcome = recording.finish()
        for listener in self._listeners:
            listener.close()
        self._listeners = []
        if self._index >= 0 and self._answer_id is not None:
            reason = outcome.reason or IncompleteReason.STOPPED_EARLY
            self._store_take(TakeStatus.INCOMPLETE, reason.value, outcome.duration, outcome.ref, "")
        elif outcome.ref is not None:
            self._media.scratch.delete(outcome.ref)

    # -- internals ------------------------------------------------------------

    def _expect(self, *steps: KioskStep) -> None:
        if self._closed:
            raise FlowError("this kiosk session was closed")
        if self._step not in steps:
            allowed = " or ".join(s.value for s in steps)
            raise FlowError(f"the kiosk is at step {self._step.value}, not {allowed}")

    def _now(self) -> str:
        return now_iso(self._clock)

    def _subject(self) -> str:
        return f"candidate:{self._row.candidate_id}"

    def _needs_identity_consent(self) -> bool:
        return self._policy.allows("face_identity") and self._policy.identity_consent != "none"

    def _identity_method(self) -> ConsentMethod:
        if self._policy.identity_consent == "signed_waiver":
            return ConsentMethod.SIGNED_WAIVER
        return ConsentMethod.CLICK

    def _after_recording_consent(self) -> KioskStep:
        decided = self._store.latest_consent(self._row.id, ConsentKind.IDENTITY_TEMPLATE)
        if self._needs_identity_consent() and decided is None and not self._human_only:
            return KioskStep.IDENTITY_CONSENT
        return self._after_consents()

    def _after_consents(self) -> KioskStep:
        return KioskStep.SELF_IDENTIFICATION if self._offer_self_id else KioskStep.DEVICE_CHECK

    def _record_consent(
        self,
        kind: ConsentKind,
        decision: ConsentDecision,
        method: ConsentMethod,
        evidence: MediaRef | None = None,
    ) -> None:
        record = ConsentRecord(
            kind,
            decision,
            method,
            self._policy.id,
            self._policy.notice_version,
            self._now(),
            evidence,
        )
        self._store.add_consent(self._row.id, record)
        self._audit.record(
            "interview.consent",
            self._subject(),
            {
                "session": self._row.id,
                "kind": kind.value,
                "decision": decision.value,
                "method": method.value,
                "notice_version": record.notice_version,
            },
        )

    def _go_to_resume_point(self) -> None:
        point = self.resume_point()
        if point is None:
            self._complete()
        else:
            self._index = point
            self._step = KioskStep.THINK

    def _complete(self) -> None:
        with self._db.transaction():
            self._store.set_status(self._row.id, InterviewStatus.COMPLETED, self._now())
            self._audit.record("interview.completed", self._subject(), {"session": self._row.id})
        self._step = KioskStep.THANK_YOU
        for callback in self._completed_callbacks:
            callback()

    def _kept_answer(self, question: Question) -> SavedAnswer | None:
        take = counting_takes(self._store.takes(self._row.id)).get(question.id)
        if take is None:
            return None
        assert take.ref is not None
        return SavedAnswer(
            answer_id=take.id,
            session_id=self._row.id,
            candidate_id=self._row.candidate_id,
            position=question.position,
            question=question.text,
            key_points=question.key_points,
            ref=take.ref,
            status=take.status,
            duration_s=take.duration_s,
        )

    def _attach_listeners(self, recording: TimedRecording, answer_id: int) -> None:
        if self._human_only:
            return  # no automated analysis: live analysis never sees a frame
        for callback, every_n, max_pending in self._frame_callbacks:

            def relay(frame: LiveFrame, callback: AnswerFrameCallback = callback) -> None:
                callback(answer_id, frame)

            self._listeners.append(recording.add_frame_listener(relay, every_n, max_pending))

    def _store_take(
        self,
        status: TakeStatus,
        reason: str | None,
        duration: float,
        media_ref: MediaRef | None,
        message: str,
    ) -> TakeResult:
        assert self._answer_id is not None
        question = self._questions[self._index]
        take, _ = save_take(
            self._db, self._store, self._audit, self._media, self._answer_id,
            TakeOutcome(status, reason, duration, media_ref, self._now()),
            action="interview.answer.recorded", subject=self._subject(),
            details={"session": self._row.id, "question": question.id},
        )  # fmt: skip
        if take.replaced_by is not None:  # a fault cut it short: the complete one stays
            message = f"{message} Your earlier answer to this question is kept.".strip()
        takes = [t for t in self._store.takes(self._row.id) if t.question_id == question.id]
        return TakeResult(
            answer_id=take.id,
            question_index=self._index,
            take=take.take,
            status=status,
            reason=reason,
            duration_s=duration,
            message=message,
            can_retake=count_complete(takes) < 1 + question.retakes,
            practice=False,
            kept=take.kept,
        )


def sample_source(source: CaptureSource, seconds: float) -> DeviceCheck:
    """Read `source` for about `seconds` of its time (at most 3x that of wall time)."""
    stop = threading.Event()
    guard = threading.Timer(max(3 * seconds, 2.0), stop.set)
    guard.daemon = True
    frames, audio, level = 0, 0.0, 0.0
    size: tuple[int, int] | None = None
    problems: list[str] = []
    items = source.items(stop)
    guard.start()
    try:
        first: float | None = None
        for item in items:
            first = item.timestamp if first is None else first
            if isinstance(item, CapturedFrame):
                frames += 1
                size = (int(item.image.shape[1]), int(item.image.shape[0]))
            elif isinstance(item, AudioChunk):
                audio += item.duration
                samples = as_float_samples(item.samples)
                level = max(level, float(np.abs(samples).max(initial=0.0)))
            if item.timestamp - first >= seconds:
                break
    except CaptureError as exc:
        problems.append(exc.message)
    finally:
        stop.set()
        guard.cancel()
        items.close()  # type: ignore[attr-defined]
    if source.video_size is None:
        problems.append("No camera is connected; the interview needs one.")
    elif frames == 0 and not problems:
        problems.append("The camera sent no pictures.")
    if not source.has_audio:
        problems.append("No microphone is connected; the interview needs one.")
    elif audio == 0 and not problems:
        problems.append("The microphone sent no sound.")
    warnings = []
    if audio > 0 and level < SILENCE_LEVEL:
        warnings.append("The microphone hears only silence: check that it is not muted.")
    return DeviceCheck(
        ok=not problems,
        video_size=size,
        frames=frames,
        audio_seconds=round(audio, 3),
        sound_level=level,
        problems=tuple(problems),
        warnings=tuple(warnings),
    )
