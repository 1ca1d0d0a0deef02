"""The demo's sample interview: a recorded, analysed interview of the top sample candidate.

The material is made here, at run time, from freely licensed parts: the face is
NASA's public-domain portrait of astronaut Eileen Collins (shipped by scikit-image
as skimage/data/astronaut.png, found without importing scikit-image) and the voice
is synthesised by espeak-ng from fictional answers written for the demo. Each answer
becomes a WebM file under `out_dir/demo-material/`: synthetic demo material, not
candidate data, so it lives outside the workspace. The interview itself is then
recorded the real way (the kiosk user, a file standing in for camera and microphone,
the recorder encrypting into the workspace), analysed, and reported on.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import shutil
import subprocess
import threading
import wave
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from analysis.errors import CandorError
from analysis.models import ModelRegistry
from analysis.tasks import Task
from app.analysis_pipeline.live import LiveAnalysis
from app.analysis_pipeline.service import INTERVIEW_PREFIX, AnalysisService
from app.analysis_pipeline.store import AnswerSpec, RunStatus
from app.capture import CaptureItem, FileSource
from app.interviews import (
    InterviewStatus,
    KioskStep,
    PracticeSettings,
    QuestionSet,
    QuestionSetDraft,
    load_bank,
)
from app.jobs import JobRunner
from app.reports.candidate import build_candidate_report, write_candidate_report
from app.workspace import Session, Workspace

log = logging.getLogger("candor.demo")

DEMO_CANDIDATE = "Ada Okafor"
QUESTION_SET_NAME = "Backend Engineer: demo interview"
FPS = 15
SIZE = (640, 480)
_RATE = 48_000
_VOICE = ("espeak-ng", "-v", "en-us", "-s", "150", "--stdout")
# Fictional answers to the first questions of the software-engineer bank, each touching
# some of the question's key points.
ANSWERS = (
    "I built the delivery tracking service for our warehouse staff, who needed to see "
    "late parcels quickly. My own part, apart from the team's work, was the storage code "
    "and the web API. I made the technical decision to use a simple queue in the database, "
    "because it kept the system small. The result is that late deliveries are now found "
    "in minutes.",
    "Some orders were counted twice. First I reproduced the problem reliably with a small "
    "test. Then I tested one hypothesis at a time, using the logs and a debugger, and found "
    "a retry that ran without a lock. I fixed the cause, not the symptom, and kept the test "
    "so the bug cannot come back.",
    "I write automated tests for every change, mostly unit tests and a few integration "
    "tests. Every change goes through code review, and I try to give specific and kind "
    "feedback. I keep names readable and functions small, and I write down decisions "
    "where the code cannot say why.",
)


class DemoMaterialUnavailable(CandorError):
    """The demo interview cannot be made here; the rest of the demo still runs."""


def run_demo_interview(
    session_admin: Session,
    workspace_path: Path,
    out_dir: Path,
    *,
    registry: ModelRegistry,
    candidate_id: int,
    role_id: int,
    task: Task,
    kiosk_user: str = "kiosk-1",
    kiosk_password: str,
) -> list[Path]:
    """Record (once) and analyse the sample interview; (re)write its two PDF reports.

    Raises DemoMaterialUnavailable when the photo or espeak-ng is missing.
    """
    interviews = session_admin.interviews
    done = [
        s
        for s in interviews.sessions(candidate_id=candidate_id)
        if s.status is InterviewStatus.COMPLETED
    ]
    if done:
        session_id = done[0].id
    else:
        question_set = _question_set(session_admin, role_id)
        material = make_material(out_dir / "demo-material", len(question_set.questions))
        task.progress(0.3, "Recording the sample interview")
        session_id = _invitation_session(session_admin, candidate_id, question_set.id)
        code = interviews.reissue_code(session_id).code
        with Workspace.open(workspace_path, kiosk_user, kiosk_password) as kiosk_session:
            _record(kiosk_session, code, material, registry)
    task.progress(0.5, "Analysing the sample interview")
    _analyse(session_admin, registry, candidate_id, session_id, task.slice(0.5, 0.95))
    report = build_candidate_report(session_admin, candidate_id, role_id=role_id)
    reports = out_dir / "reports"
    paths = [
        write_candidate_report(report, reports / "candidate-interview.pdf", blind=False),
        write_candidate_report(report, reports / "candidate-interview-blind.pdf", blind=True),
    ]
    session_admin.audit.record("report.export", f"candidate:{candidate_id}")
    task.progress(1.0, "Sample interview ready")
    return paths


# -- the material ----------------------------------------------------------------------


def photo_path() -> Path | None:
    """The public-domain portrait, if scikit-image is installed (never downloaded)."""
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "astronaut.png"
    return path if path.is_file() else None


def make_material(folder: Path, questions: int) -> list[Path]:
    """One WebM answer per question (up to len(ANSWERS)); reused if already written."""
    photo = photo_path()
    if photo is None:
        raise DemoMaterialUnavailable(
            "The demo interview was skipped: the sample face photo is not installed.",
            "Install scikit-image (requirements/nodeps.txt) and run the demo again.",
        )
    if shutil.which(_VOICE[0]) is None:
        raise DemoMaterialUnavailable(
            "The demo interview was skipped: espeak-ng (speech synthesis) is not installed.",
            "Install espeak-ng (apt install espeak-ng) and run the demo again.",
        )
    image = cv2.imread(str(photo))
    if image is None:
        raise DemoMaterialUnavailable(
            "The demo interview was skipped: the sample face photo could not be read.",
            "Reinstall scikit-image and run the demo again.",
        )
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(ANSWERS[:questions], start=1):
        path = folder / f"answer-{number}.webm"
        if not path.is_file():
            partial = path.with_suffix(".part")
            write_answer(partial, image, speak(text))
            partial.replace(path)
        paths.append(path)
    return paths


def speak(text: str) -> np.ndarray:
    """espeak-ng's voice for `text`: mono int16 at 48 kHz."""
    try:
        result = subprocess.run(  # a fixed program; the text is one argument
            [*_VOICE, text], capture_output=True, check=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise DemoMaterialUnavailable(
            "The demo interview was skipped: espeak-ng did not produce speech.",
            "Check that espeak-ng runs (espeak-ng 'hello') and run the demo again.",
        ) from exc
    with wave.open(io.BytesIO(result.stdout)) as wav:
        rate = wav.getframerate()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), np.int16).astype(np.float64)
    # Linear resampling is plenty for synthetic speech, and Opus needs 48 kHz.
    times = np.arange(round(len(pcm) * _RATE / rate)) / _RATE
    resampled = np.interp(times, np.arange(len(pcm)) / rate, pcm)
    return np.clip(resampled, -32768, 32767).astype(np.int16)


def _picture(image: np.ndarray, progress: float) -> np.ndarray:
    """The face, slowly zoomed and panned (progress 0..1), as a 640x480 picture."""
    width = 340 - 50 * progress  # a 4:3 window over the upper middle of the 512x512 photo
    height = width * 3 / 4
    cx, cy = 228 + 8 * progress, 128 - 6 * progress
    left, top = cx - width / 2, max(cy - height / 2, 0.0)
    scale = SIZE[0] / width
    matrix = np.array([[scale, 0.0, -left * scale], [0.0, scale, -top * scale]])
    return cv2.warpAffine(image, matrix, SIZE, flags=cv2.INTER_LINEAR)


def write_answer(path: Path, image: np.ndarray, pcm: np.ndarray) -> Path:
    """VP8 + Opus in WebM: the moving face for as long as the voice, plus half a second."""
    seconds = len(pcm) / _RATE + 0.5
    frames = round(seconds * FPS)
    with av.open(str(path), mode="w", format="webm") as out:
        video = out.add_stream(
            "libvpx",
            rate=FPS,
            options={"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"},
        )
        video.width, video.height, video.pix_fmt = *SIZE, "yuv420p"
        video.bit_rate = 400_000
        video.codec_context.gop_size = 5 * FPS  # few key frames: a still face encodes fast
        sound = out.add_stream("libopus", rate=_RATE, layout="mono")
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(_picture(image, index / frames), format="bgr24")
            frame.pts, frame.time_base = index, Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        padded = np.concatenate([pcm, np.zeros(_RATE // 2, np.int16)])
        for start in range(0, len(padded), 960):
            block = padded[start : start + 960]
            if len(block) < 960:
                block = np.concatenate([block, np.zeros(960 - len(block), np.int16)])
            chunk = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="s16", layout="mono")
            chunk.sample_rate = _RATE
            chunk.pts, chunk.time_base = start, Fraction(1, _RATE)
            out.mux(sound.encode(chunk))
        out.mux(sound.encode(None))
    return path


# -- the interview ---------------------------------------------------------------------


def _question_set(session: Session, role_id: int) -> QuestionSet:
    """The demo's question set (made once): the first questions of the engineer bank."""
    repo = session.interviews.question_sets
    for summary in repo.list(role_id):
        if summary.name == QUESTION_SET_NAME:
            return repo.get(summary.id)
    bank = load_bank("software-engineer")
    draft = QuestionSetDraft(
        name=QUESTION_SET_NAME,
        questions=bank.questions[: len(ANSWERS)],
        description="The first questions of the software engineer bank, for the demo.",
        practice=PracticeSettings(enabled=False),
    )
    return repo.create(draft, role_id=role_id)


def _invitation_session(session: Session, candidate_id: int, set_id: int) -> int:
    """An unfinished demo interview of the candidate (after an interrupted run), or a new one."""
    interviews = session.interviews
    for summary in interviews.sessions(candidate_id=candidate_id):
        if summary.question_set_id == set_id and summary.status in (
            InterviewStatus.INVITED,
            InterviewStatus.IN_PROGRESS,
        ):
            return summary.id
    return interviews.invite(candidate_id, set_id).session_id


class _AnswerFiles:
    """A stand-in camera and microphone that plays the selected answer's file."""

    def __init__(self, files: list[Path]) -> None:
        self._sources = [FileSource(path, realtime=False) for path in files]
        self._current = self._sources[0]

    def select(self, index: int) -> None:
        self._current = self._sources[index]

    @property
    def video_size(self) -> tuple[int, int] | None:
        return self._current.video_size

    @property
    def has_audio(self) -> bool:
        return self._current.has_audio

    @property
    def live(self) -> bool:
        return self._current.live

    def items(self, stop: threading.Event) -> Iterator[CaptureItem]:
        return self._current.items(stop)

    def close(self) -> None:
        for source in self._sources:
            source.close()


def _record(
    kiosk_session: Session, code: str, material: list[Path], registry: ModelRegistry
) -> None:
    """The kiosk flow, as a candidate would go through it, with files as camera and mic,
    each answer analysed while the next one records (as on a real kiosk)."""
    devices = _AnswerFiles(material)
    kiosk = kiosk_session.interviews.open_kiosk_session(code)
    runner = JobRunner(max_workers=1)
    live = LiveAnalysis(AnalysisService(kiosk_session, registry, cpu_threads=1), runner)
    live.attach(kiosk)
    try:
        kiosk.begin()
        kiosk.acknowledge_notice()
        kiosk.give_consent()
        if kiosk.identity_consent_request() is not None:
            kiosk.give_identity_consent()
        check = kiosk.check_devices(devices)
        if not check.ok:
            raise DemoMaterialUnavailable(
                "The demo interview was skipped: its recording could not be read back.",
                "Delete the demo-material folder and run the demo again.",
            )
        kiosk.confirm_devices()
        if kiosk.step is KioskStep.PRACTICE:
            kiosk.skip_practice()
        while kiosk.step is KioskStep.THINK:
            devices.select(kiosk.current_question().index)
            ended = threading.Event()
            kiosk.start_recording(on_ended=ended.set)
            ended.wait(120)  # the file ends long before; this only bounds a stuck recorder
            kiosk.finish_recording()
            kiosk.next_question()
    finally:
        kiosk.close()
        devices.close()
        live.close()
        # Whatever the streaming left undone, `_analyse` finishes (it resumes the run).
        live.wait_idle(600)
        runner.shutdown(cancel=False)


def _analyse(
    session: Session, registry: ModelRegistry, candidate_id: int, session_id: int, task: Task
) -> None:
    service = AnalysisService(session, registry)
    source = f"{INTERVIEW_PREFIX}{session_id}"
    if any(
        r.source == source and r.status is RunStatus.COMPLETE for r in service.runs(candidate_id)
    ):
        return
    interviews = session.interviews
    set_id = interviews.get(session_id).question_set_id
    questions = {q.id: q for q in interviews.question_sets.get(set_id).questions}
    pipeline = service.start(
        candidate_id,
        source,
        identity_consented=interviews.may_create_identity_template(session_id),
    )
    for take in interviews.answers(session_id):
        question = questions[take.question_id]
        if take.ref is None:
            continue
        key = f"q{question.position + 1:02d}"
        pipeline.add_answer(
            AnswerSpec(key, question.position, question.text, question.key_points, take.ref)
        )
    pipeline.finish(task)
