"""The kiosk flow end to end: consent, identity consent, recording answers from a file
standing in for the camera, retakes, practice, live frames, playback and retention."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.capture import CameraLost, CapturedFrame, CaptureItem, FileSource, LiveFrame
from app.capture.finalize import scan_webm
from app.errors import InvalidInput, PermissionDenied
from app.interviews import (
    ConsentDecision,
    ConsentKind,
    ConsentMethod,
    DeviceCheckNeeded,
    FlowError,
    InterviewStatus,
    KioskStep,
    SavedAnswer,
    TakeStatus,
)
from app.interviews.kiosk import KioskSession
from app.interviews.recording import TimedRecording
from app.media import FILE_SUFFIX, MediaRef
from app.workspace import Session

from .conftest import ADMIN
from .interviews_support import (
    KIOSK,
    RECRUITER,
    REVIEWER,
    decode,
    make_clip,
    new_workspace,
    sign_in,
    to_first_question,
    two_questions,
)

DAY = 86_400.0


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "answer.mkv", seconds=1.0)


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "long.mkv", seconds=4.0)


class Interview:
    """A workspace with a recruiter's invitation, opened on the kiosk."""

    def __init__(self, path: Path, policy_id: str = "general", **invite: object) -> None:
        self.path = path
        new_workspace(path, policy_id).close()
        self.recruiter = sign_in(path, RECRUITER)
        practice = bool(invite.pop("practice", False))
        retakes = int(str(invite.pop("retakes", 1)))
        self.question_set = self.recruiter.interviews.question_sets.create(
            two_questions(retakes=retakes, practice=practice)
        )
        self.candidate = self.recruiter.candidates.add("Ada Lovelace", {})
        self.invitation = self.recruiter.interviews.invite(
            self.candidate,
            self.question_set.id,
            **invite,  # type: ignore[arg-type]
        )
        self.kiosk_session = sign_in(path, KIOSK)
        self.kiosk = self.kiosk_session.interviews.open_kiosk_session(self.invitation.code)

    def close(self) -> None:
        self.kiosk.close()
        self.kiosk_session.close()
        self.recruiter.close()


@pytest.fixture
def interview(tmp_path: Path) -> Iterator[Interview]:
    opened = Interview(tmp_path / "ws")
    yield opened
    opened.close()


def record(kiosk: KioskSession) -> object:
    """Record the current question until the stand-in file ends."""
    ended = threading.Event()
    kiosk.start_recording(on_ended=ended.set)
    assert ended.wait(30), "the recording did not end by itself"
    return kiosk.finish_recording()


def media_files(session: Session, candidate: int) -> set[str]:
    return set(session.media.file_ids(candidate))


def test_full_interview_records_two_answers_that_decrypt_and_decode(
    interview: Interview, clip: Path
) -> None:
    kiosk = interview.kiosk
    assert kiosk.step is KioskStep.WELCOME
    notice = kiosk.notice()
    assert notice.version == 1 and "180 days" in notice.text  # retention filled in
    to_first_question(kiosk, FileSource(clip, realtime=False))
    assert kiosk.current_question().index == 0
    first = record(kiosk)
    kiosk.next_question()
    assert kiosk.current_question().text == "How do you prioritise?"
    second = record(kiosk)
    kiosk.next_question()
    assert kiosk.step is KioskStep.THANK_YOU
    assert kiosk.resume_point() is None

    service = interview.recruiter.interviews
    summary = service.get(interview.invitation.session_id)
    assert (summary.status, summary.answered, summary.questions) == (
        InterviewStatus.COMPLETED, 2, 2,
    )  # fmt: skip
    answers = service.answers(summary.id)
    assert [a.id for a in answers] == [first.answer_id, second.answer_id]  # type: ignore[attr-defined]
    for answer in answers:
        assert answer.status is TakeStatus.COMPLETE and answer.ref is not None
        assert 0.8 <= answer.duration_s <= 1.2
        with service.answer_reader(answer.id) as reader:
            frames, sound = decode(reader)
        assert frames >= 14 and 0.8 <= sound <= 1.2
        with service.answer_reader(answer.id) as reader:
            assert scan_webm(reader).has_cues  # finalised: seekable, with a duration
    consent = service.consents(summary.id)
    assert [(c.kind, c.decision, c.method, c.notice_version) for c in consent] == [
        (ConsentKind.RECORDING, ConsentDecision.GIVEN, ConsentMethod.CLICK, 1),
        (ConsentKind.IDENTITY_TEMPLATE, ConsentDecision.GIVEN, ConsentMethod.CLICK, 1),
    ]
    actions = [e.action for e in interview.recruiter.audit.entries()]
    assert actions.count("interview.answer.recorded") == 2
    assert "interview.completed" in actions


def test_declining_consent_ends_the_interview_and_is_recorded(
    interview: Interview, clip: Path
) -> None:
    kiosk = interview.kiosk
    kiosk.begin()
    kiosk.acknowledge_notice()
    kiosk.decline_consent()
    assert kiosk.step is KioskStep.DECLINED
    with pytest.raises(FlowError):
        kiosk.check_devices(FileSource(clip, realtime=False))
    service = interview.recruiter.interviews
    assert service.get(interview.invitation.session_id).status is InterviewStatus.DECLINED
    (record_,) = service.consents(interview.invitation.session_id)
    assert (record_.kind, record_.decision, record_.notice_version, record_.policy_id) == (
        ConsentKind.RECORDING, ConsentDecision.DECLINED, 1, "general",
    )  # fmt: skip
    assert service.answers(interview.invitation.session_id) == []
    assert "interview.declined" in [e.action for e in interview.recruiter.audit.entries()]
    # Consent records are evidence: the database refuses to change them.
    with pytest.raises(Exception, match="append-only"):
        interview.recruiter.db.execute("UPDATE consents SET decision = 'given'")


@pytest.mark.parametrize("decision", ["give", "decline"])
def test_eu_policy_requires_identity_consent_before_any_face_template(
    tmp_path: Path, clip: Path, decision: str
) -> None:
    opened = Interview(tmp_path / "ws", "eu")
    try:
        kiosk, service = opened.kiosk, opened.recruiter.interviews
        session_id = opened.invitation.session_id
        assert "No emotion recognition" in kiosk.notice().text
        kiosk.begin()
        kiosk.acknowledge_notice()
        assert not kiosk.may_create_identity_template()
        kiosk.give_consent()
        assert kiosk.step is KioskStep.IDENTITY_CONSENT
        request = kiosk.identity_consent_request()
        assert request is not None and request.rule == "explicit_consent"
        assert not kiosk.may_create_identity_template()  # recording consent is not enough
        assert not service.may_create_identity_template(session_id)
        if decision == "give":
            kiosk.give_identity_consent()
        else:
            kiosk.decline_identity_consent()
        assert kiosk.step is KioskStep.DEVICE_CHECK  # declining does not end the interview
        allowed = decision == "give"
        assert kiosk.may_create_identity_template() is allowed
        assert service.may_create_identity_template(session_id) is allowed
        identity = [
            c for c in service.consents(session_id) if c.kind is ConsentKind.IDENTITY_TEMPLATE
        ]
        assert [(c.decision.value, c.method) for c in identity] == [
            ("given" if allowed else "declined", ConsentMethod.CLICK)
        ]
    finally:
        opened.close()


def test_illinois_records_a_signed_waiver(tmp_path: Path) -> None:
    opened = Interview(tmp_path / "ws", "us-illinois")
    try:
        kiosk = opened.kiosk
        kiosk.begin()
        kiosk.acknowledge_notice()
        kiosk.give_consent()
        request = kiosk.identity_consent_request()
        assert request is not None and request.rule == "signed_waiver"
        assert "Written release" in request.text
        with pytest.raises(InvalidInput):
            kiosk.give_identity_consent("  ")  # a waiver is not signed by a click
        assert not kiosk.may_create_identity_template()
        kiosk.give_identity_consent("Jordan  Q. Sample")
        consents = opened.recruiter.interviews.consents(kiosk.session_id)
        assert [c.method for c in consents] == [ConsentMethod.CLICK, ConsentMethod.SIGNED_WAIVER]
        assert kiosk.may_create_identity_template()
        waiver = consents[1].evidence
        assert waiver is not None and consents[0].evidence is None
        document = json.loads(opened.recruiter.media.read_bytes(waiver))
        assert document["signed_by"] == "Jordan Q. Sample"
        assert document["waiver"] == request.text and document["policy_id"] == "us-illinois"
        on_disk = b"".join(p.read_bytes() for p in (tmp_path / "ws").rglob("*") if p.is_file())
        assert b"Jordan" not in on_disk  # the signature is stored encrypted
    finally:
        opened.close()


def test_a_retake_replaces_the_take_and_erases_the_old_file(tmp_path: Path, clip: Path) -> None:
    opened = Interview(tmp_path / "ws", retakes=1)
    try:
        kiosk, service = opened.kiosk, opened.recruiter.interviews
        to_first_question(kiosk, FileSource(clip, realtime=False))
        first = record(kiosk)
        assert first.can_retake  # type: ignore[attr-defined]
        (old,) = service.answers(kiosk.session_id)
        assert old.ref is not None
        old_file = (
            opened.recruiter.media.root
            / str(old.ref.candidate_id)
            / (old.ref.file_id + FILE_SUFFIX)
        )
        assert old_file.exists()
        kiosk.retake()
        assert kiosk.current_question().take == 2
        assert kiosk.current_question().retakes_left == 0
        second = record(kiosk)
        assert not second.can_retake  # type: ignore[attr-defined]
        with pytest.raises(FlowError, match="no retake"):
            kiosk.retake()

        assert not old_file.exists()
        assert media_files(opened.recruiter, opened.candidate) == {
            second_ref(service, kiosk).file_id
        }
        (kept,) = service.answers(kiosk.session_id)
        assert kept.take == 2 and kept.kept
        both = service.answers(kiosk.session_id, include_replaced=True)
        assert [(t.take, t.replaced_by, t.ref is None) for t in both] == [
            (1, kept.id, True), (2, None, False),
        ]  # fmt: skip
        with service.answer_reader(kept.id) as reader:
            assert decode(reader)[0] >= 14
        with pytest.raises(Exception, match="recording of answer"):
            service.answer_reader(old.id)
    finally:
        opened.close()


class CameraUnpluggedAfter:
    """A stand-in source whose camera goes away after `frames` pictures."""

    def __init__(self, inner: FileSource, frames: int) -> None:
        self._inner = inner
        self._frames = frames
        self.video_size = inner.video_size
        self.has_audio = inner.has_audio
        self.live = inner.live

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        seen = 0
        for item in self._inner.items(stop):
            if isinstance(item, CapturedFrame):
                seen += 1
                if seen > self._frames:
                    raise CameraLost()
            yield item

    def close(self) -> None:
        self._inner.close()


def test_a_retake_cut_short_by_a_fault_keeps_the_earlier_complete_take(
    tmp_path: Path, clip: Path
) -> None:
    opened = Interview(tmp_path / "ws", retakes=1)
    try:
        kiosk, service = opened.kiosk, opened.recruiter.interviews
        source = CameraUnpluggedAfter(FileSource(clip, realtime=False), frames=10**6)
        to_first_question(kiosk, source)  # type: ignore[arg-type]
        first = record(kiosk)
        kiosk.retake()
        source._frames = 5  # the camera fails during the retake
        faulty = record(kiosk)
        assert (faulty.status, faulty.reason, faulty.kept) == (  # type: ignore[attr-defined]
            TakeStatus.INCOMPLETE, "camera_lost", False,
        )  # fmt: skip
        assert "earlier answer to this question is kept" in faulty.message  # type: ignore[attr-defined]
        assert faulty.can_retake  # type: ignore[attr-defined]  # a fault gives the turn back
        (kept,) = service.answers(kiosk.session_id)
        assert kept.id == first.answer_id and kept.kept  # type: ignore[attr-defined]
        assert media_files(opened.recruiter, opened.candidate) == {kept.ref.file_id}  # type: ignore[union-attr]
    finally:
        opened.close()


def second_ref(service: object, kiosk: KioskSession) -> MediaRef:
    answers = service.answers(kiosk.session_id)  # type: ignore[attr-defined]
    ref = answers[-1].ref
    assert isinstance(ref, MediaRef)
    return ref


def test_playback_is_refused_to_the_kiosk_and_audited_for_people(
    interview: Interview, clip: Path
) -> None:
    kiosk = interview.kiosk
    to_first_question(kiosk, FileSource(clip, realtime=False))
    result = record(kiosk)
    answer_id = result.answer_id  # type: ignore[attr-defined]
    with pytest.raises(PermissionDenied, match="play interview answers"):
        interview.kiosk_session.interviews.answer_reader(answer_id)
    with interview.recruiter.interviews.answer_reader(answer_id) as reader:
        assert reader.read(4) == b"\x1a\x45\xdf\xa3"  # the WebM (EBML) signature
    with sign_in(interview.path, REVIEWER) as reviewer:
        reviewer.interviews.answer_reader(answer_id).close()
        entries = [e for e in reviewer.audit.entries() if e.action == "interview.answer.played"]
    assert [(e.actor, e.subject) for e in entries] == [
        (RECRUITER, f"candidate:{interview.candidate}"),
        (REVIEWER, f"candidate:{interview.candidate}"),
    ]
    assert f'"answer":{answer_id}' in entries[0].details


def test_extra_time_is_added_to_think_and_answer_time(tmp_path: Path, clip: Path) -> None:
    opened = Interview(tmp_path / "ws", extra_time_s=30)
    try:
        to_first_question(opened.kiosk, FileSource(clip, realtime=False))
        view = opened.kiosk.current_question()
        question = opened.question_set.questions[0]
        assert (view.think_seconds, view.answer_seconds) == (
            question.think_seconds + 30, question.answer_seconds + 30,
        )  # fmt: skip
    finally:
        opened.close()


def test_the_practice_question_is_never_stored(tmp_path: Path, clip: Path) -> None:
    opened = Interview(tmp_path / "ws", practice=True)
    try:
        kiosk = opened.kiosk
        kiosk.begin()
        kiosk.acknowledge_notice()
        kiosk.give_consent()
        kiosk.give_identity_consent()
        assert kiosk.check_devices(FileSource(clip, realtime=False)).ok
        kiosk.confirm_devices()
        assert kiosk.step is KioskStep.PRACTICE
        kiosk.start_practice()
        assert kiosk.current_question().practice
        result = record(kiosk)
        assert result.answer_id is None and result.status is TakeStatus.COMPLETE  # type: ignore[attr-defined]
        kiosk.retake()  # practice as often as wanted
        record(kiosk)
        kiosk.next_question()
        assert kiosk.current_question().index == 0
        assert opened.recruiter.interviews.answers(kiosk.session_id) == []
        assert media_files(opened.recruiter, opened.candidate) == set()
        assert media_files_in(opened.kiosk_session.media.scratch.root) == []
    finally:
        opened.close()


def media_files_in(root: Path) -> list[Path]:
    return sorted(root.rglob(f"*{FILE_SUFFIX}")) if root.exists() else []


def test_live_frames_reach_subscribers_with_their_answer(interview: Interview, clip: Path) -> None:
    kiosk = interview.kiosk
    seen: list[tuple[int, int]] = []
    lock = threading.Lock()

    def listener(answer_id: int, frame: LiveFrame) -> None:
        with lock:
            seen.append((answer_id, frame.index))

    kiosk.on_frame(listener)
    to_first_question(kiosk, FileSource(clip, realtime=True))
    result = record(kiosk)
    answer_id = result.answer_id  # type: ignore[attr-defined]
    deadline = time.monotonic() + 5
    while not seen and time.monotonic() < deadline:
        time.sleep(0.01)
    with lock:
        assert seen and {a for a, _ in seen} == {answer_id}


def test_an_answer_is_announced_once_the_candidate_moves_on_with_the_take_that_counts(
    interview: Interview, clip: Path
) -> None:
    kiosk = interview.kiosk
    saved: list[SavedAnswer] = []
    completed: list[bool] = []
    kiosk.on_answer_saved(saved.append)
    kiosk.on_completed(lambda: completed.append(True))
    to_first_question(kiosk, FileSource(clip, realtime=False))
    first = record(kiosk)
    kiosk.retake()
    second = record(kiosk)
    assert saved == []  # a retake could still replace it
    kiosk.next_question()
    assert [a.answer_id for a in saved] == [second.answer_id]  # type: ignore[attr-defined]
    assert first.answer_id != second.answer_id  # type: ignore[attr-defined]
    announced = saved[0]
    assert announced.position == 0 and announced.key_points == ("early warning signs", "escalation")
    assert announced.candidate_id == interview.candidate
    record(kiosk)
    assert not completed
    kiosk.next_question()
    assert len(saved) == 2 and saved[1].position == 1 and completed == [True]
    assert kiosk.kept_answers() == saved


def test_the_answer_time_limit_stops_the_recording(session: Session, long_clip: Path) -> None:
    candidate = session.candidates.add("Ada Lovelace", {})
    ended = threading.Event()
    recording = TimedRecording(
        session.media, candidate, FileSource(long_clip, realtime=True), 0.5, on_ended=ended.set
    )
    recording.start()
    assert ended.wait(10)
    outcome = recording.finish()
    assert recording.time_limit_hit and outcome.complete
    assert 0.3 <= outcome.duration <= 1.5


def test_a_failed_device_check_blocks_the_interview(interview: Interview, tmp_path: Path) -> None:
    import av

    sound_only = tmp_path / "sound.wav"
    with av.open(str(sound_only), mode="w") as out:
        stream = out.add_stream("pcm_s16le", rate=48_000, layout="mono")
        import numpy as np

        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 4800), np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = 48_000
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    kiosk = interview.kiosk
    with pytest.raises(FlowError):
        kiosk.start_recording()
    kiosk.begin()
    kiosk.acknowledge_notice()
    kiosk.give_consent()
    kiosk.give_identity_consent()
    check = kiosk.check_devices(FileSource(sound_only, realtime=False), seconds=0.05)
    assert not check.ok and any("No camera" in p for p in check.problems)
    assert any("silence" in w for w in check.warnings)
    with pytest.raises(DeviceCheckNeeded):
        kiosk.confirm_devices()


def test_leaving_the_kiosk_mid_answer_keeps_it_as_stopped_early(
    interview: Interview, long_clip: Path
) -> None:
    kiosk = interview.kiosk
    to_first_question(kiosk, FileSource(long_clip, realtime=True))
    kiosk.start_recording()
    time.sleep(0.6)
    kiosk.close()
    (answer,) = interview.recruiter.interviews.answers(kiosk.session_id)
    assert (answer.status, answer.reason) == (TakeStatus.INCOMPLETE, "stopped_early")
    assert answer.ref is not None and 0.2 <= answer.duration_s <= 2.0


def test_retention_lists_recordings_older_than_the_policy_allows(
    interview: Interview, clip: Path
) -> None:
    to_first_question(interview.kiosk, FileSource(clip, realtime=False))
    answer_id = record(interview.kiosk).answer_id  # type: ignore[attr-defined]
    with sign_in(interview.path, ADMIN) as admin:  # retention is for administrators
        service = admin.interviews
        assert service.expired_media(now=time.time() + 179 * DAY) == []
        (expired,) = service.expired_media(now=time.time() + 181 * DAY)  # general: 180 days
    assert (expired.answer_id, expired.candidate_id) == (answer_id, interview.candidate)
    assert expired.ref.file_id in media_files(interview.recruiter, interview.candidate)
    with pytest.raises(PermissionDenied):
        interview.kiosk_session.interviews.expired_media()
    with pytest.raises(PermissionDenied):
        interview.recruiter.interviews.expired_media()


def test_a_stop_pressed_at_once_is_not_kept_as_a_complete_answer(
    interview: Interview, long_clip: Path
) -> None:
    kiosk = interview.kiosk
    to_first_question(kiosk, FileSource(long_clip, realtime=True))
    kiosk.start_recording()
    time.sleep(0.25)  # some pictures and sound arrive, but far less than a real answer
    result = kiosk.finish_recording()
    assert result.status is TakeStatus.INCOMPLETE and result.reason == "too_short"
    assert "too short" in result.message
    assert result.can_retake
    kiosk.retake()
    assert kiosk.current_question().index == 0
