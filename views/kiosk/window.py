"""The kiosk window: the candidate's whole world during a one-way video interview.

It drives one `KioskSession` (`app.interviews.kiosk`) through its steps, one page
per step. Every call into the interview runs in a job (they write the database,
open devices, wait for the encoder) under one lock, so calls never overlap; each
job returns a `Screen` (a snapshot of what the next page shows), which is applied
on the UI thread. The window cannot be closed, minimised or left by keyboard
without the operator PIN (Ctrl+Alt+Shift+Q or the small Staff button); the
candidate sees nothing but the interview they opened with their code.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import CandorError
from analysis.tasks import Task
from app.capture import CaptureError, CaptureSource, RecordingSettings
from app.interviews import (
    DeviceCheck,
    IdentityConsentRequest,
    KioskStep,
    Notice,
    PinNotSet,
    QuestionView,
    TakeResult,
    TooManyKioskAttempts,
)
from views.jobs import QtJobRunner
from views.kiosk.device_page import DeviceCheckPage
from views.kiosk.devices import (
    DeviceChoice,
    FaceCounter,
    PreviewTap,
    SourceUnavailable,
    face_counter,
    open_source,
    picture_hints,
)
from views.kiosk.guard import OPERATOR_KEYS, ExitGuard
from views.kiosk.pages import (
    CodeEntryPage,
    ConsentPage,
    IdentityConsentPage,
    KioskPage,
    NoticePage,
    PracticePage,
    WelcomePage,
    goodbye_page,
    thank_you_page,
)
from views.kiosk.pin_dialog import PinDialog
from views.kiosk.question_page import QuestionPage
from views.kiosk.self_id_page import SelfIdentificationPage
from views.kiosk.style import KIOSK_STYLE, label
from views.lazy import Lazy

if TYPE_CHECKING:
    from app.analysis_pipeline.live import LiveAnalysis
    from app.analysis_pipeline.models import PipelineModels
    from app.interviews.kiosk import KioskSession
    from app.workspace import Session

log = logging.getLogger("candor.views.kiosk")

T = TypeVar("T")
OpenDevices = Callable[[DeviceChoice], CaptureSource]
REFUSAL = (
    f"This window stays open during the interview. Staff can leave it with {OPERATOR_KEYS} "
    "and the operator PIN."
)
_BANNER_MS = 8000
_VIDEO_FILTER = "Video files (*.mp4 *.mkv *.webm *.avi *.mov *.m4v);;All files (*)"


@dataclass(frozen=True)
class Screen:
    """What the page for the interview's current step shows (read in the job)."""

    step: KioskStep
    questions: int
    extra_time_s: int
    resumed: bool
    notice: Notice | None
    identity: IdentityConsentRequest | None
    question: QuestionView | None
    result: TakeResult | None


def describe(kiosk: KioskSession) -> Screen:
    step = kiosk.step
    return Screen(
        step=step,
        questions=kiosk.question_count,
        extra_time_s=kiosk.extra_time_s,
        resumed=step is KioskStep.WELCOME and kiosk.resume_point() != 0,
        notice=kiosk.notice() if step in (KioskStep.NOTICE, KioskStep.CONSENT) else None,
        identity=kiosk.identity_consent_request() if step is KioskStep.IDENTITY_CONSENT else None,
        question=kiosk.current_question()
        if step in (KioskStep.THINK, KioskStep.RECORDING, KioskStep.ANSWERED)
        else None,
        result=kiosk.last_result if step is KioskStep.ANSWERED else None,
    )


@dataclass(frozen=True)
class CheckOutcome:
    tap: PreviewTap | None  # the source the interview now records from (None: check failed)
    result: DeviceCheck
    hints: tuple[str, ...]


def _kiosk_models(model_dir: Path) -> PipelineModels:
    """The analysis models of every interview on this kiosk: one set, so the interviews
    share the models' locks (an interview's analysis may still run as the next begins).
    Made in a job at the first interview (importing the pipeline is slow)."""
    from analysis.models import ModelRegistry
    from app.analysis_pipeline.models import PipelineModels

    # One thread for the models: the other core stays with the recording.
    return PipelineModels(ModelRegistry(model_dir), cpu_threads=1)


class KioskWindow(QWidget):
    """`left` fires once the operator PIN was accepted and the interview was put away.

    `fullscreen=False` keeps it an ordinary window (tests, screenshots). `stand_in`
    pre-selects a video file as camera and microphone; `open_devices` turns the
    chosen devices into a capture source (tests may wrap it); `faces` counts faces
    for the framing hint (or `model_dir` provides the workspace's face detector).
    """

    left = Signal()
    step_shown = Signal(str)
    _ended = Signal(int)
    _tap_opened = Signal(object)

    def __init__(
        self,
        session: Session,
        runner: QtJobRunner,
        *,
        fullscreen: bool = True,
        stand_in: Path | None = None,
        cameras: Sequence[int] = (0, 1, 2, 3),
        check_seconds: float = 2.0,
        open_devices: OpenDevices = open_source,
        faces: FaceCounter | None = None,
        model_dir: Path | None = None,
        recording: RecordingSettings | None = None,
        analyse_live: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        self._fullscreen = fullscreen  # before anything Qt can send a changeEvent for
        self._may_close = False
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setWindowTitle("Candor — interview")
        self.setStyleSheet(KIOSK_STYLE)
        if fullscreen:
            self.setWindowFlags(
                Qt.WindowType.Window
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
        self.session = session
        self._runner = runner
        self._check_seconds = check_seconds
        self._open_devices = open_devices
        self._faces = faces
        self._model_dir = model_dir
        self._faces_loaded = faces is not None or model_dir is None
        self._recording_settings = recording
        self.kiosk: KioskSession | None = None
        self._analyse_live = analyse_live and model_dir is not None
        self._models: Lazy[PipelineModels] | None = None
        self.live_analysis: LiveAnalysis | None = None
        self._tap: PreviewTap | None = None
        self._lock = threading.Lock()  # one call into the interview at a time
        self._busy = False
        self._leaving = False
        self._token = 0
        self._ended_early = False
        self._pin_dialog: PinDialog | None = None
        self._file_dialog: QFileDialog | None = None

        self.code = CodeEntryPage()
        self.welcome = WelcomePage()
        self.notice = NoticePage()
        self.consent = ConsentPage()
        self.identity = IdentityConsentPage()
        self.self_id = SelfIdentificationPage()
        self.devices = DeviceCheckPage()
        self.practice = PracticePage()
        self.question = QuestionPage()
        self.thank_you = thank_you_page()
        self.goodbye = goodbye_page()
        self.pages = QStackedWidget()
        self.pages.setObjectName("kioskPages")
        for page in (
            self.code, self.welcome, self.notice, self.consent, self.identity, self.self_id,
            self.devices, self.practice, self.question, self.thank_you, self.goodbye,
        ):  # fmt: skip
            self.pages.addWidget(page)
        self.devices.set_choices(cameras, stand_in)

        self.banner = label("", "operator", "kioskBanner")
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.setInterval(_BANNER_MS)
        self._banner_timer.timeout.connect(self.banner.hide)
        self.message = label("", "operator", "kioskWindowMessage")
        self.message.hide()
        self.staff_button = QPushButton("Staff")
        self.staff_button.setObjectName("kioskStaffButton")
        self.staff_button.setProperty("kiosk", "operator")
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not in the candidate's Tab order
        self.staff_button.setToolTip(f"Staff only: leave the kiosk ({OPERATOR_KEYS})")
        self.staff_button.clicked.connect(self.request_leave)
        top = QHBoxLayout()
        top.setContentsMargins(16, 8, 16, 0)
        brand = label("Candor video interview", "keys")
        brand.setWordWrap(False)
        top.addWidget(brand)
        top.addStretch(1)
        top.addWidget(self.staff_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)

        self.guard = ExitGuard(self)
        self.guard.refused.connect(self.refuse_leaving)
        operator = QShortcut(QKeySequence(OPERATOR_KEYS), self)
        operator.setContext(Qt.ShortcutContext.WindowShortcut)
        operator.activated.connect(self.request_leave)
        self._ended.connect(self._recording_ended)
        self._tap_opened.connect(self._follow_tap)
        self._connect_pages()
        self.resize(1280, 800)
        self._to_code_page()

    # -- showing ---------------------------------------------------------------

    def present(self) -> None:
        """Show it: full screen in production, a plain window otherwise."""
        if self._fullscreen:
            self.showFullScreen()
        else:
            self.show()
        self.activateWindow()
        self.raise_()

    def current_page(self) -> QWidget | None:
        return self.pages.currentWidget()

    def _show_page(self, page: KioskPage, step: str) -> None:
        if page is not self.pages.currentWidget():
            self.banner.hide()
        self.pages.setCurrentWidget(page)
        page.shown()
        self.step_shown.emit(step)

    def _to_code_page(self) -> None:
        self.code.reset()
        self._show_page(self.code, "code")
        self._refresh_staff_note()

    def _refresh_staff_note(self) -> None:
        # Before any interview is open: tell staff when leaving needs no PIN yet.
        if self.session.interviews.kiosk_pin_is_set():
            self.code.set_staff_note("")
        else:
            self.code.set_staff_note(
                "Staff: no operator PIN is set, so interviews cannot start on this kiosk. "
                "An administrator sets one in Settings → Kiosk (or candor interview set-pin). "
                f"{OPERATOR_KEYS} leaves the kiosk."
            )

    def _apply(self, screen: Screen) -> None:
        """Show the page for the interview's current step."""
        self._busy = False
        if self._leaving:
            return
        self._clear_message()
        step = screen.step
        if step is KioskStep.WELCOME:
            self.welcome.show_interview(screen.questions, screen.extra_time_s, screen.resumed)
            self._show_page(self.welcome, step.value)
        elif step is KioskStep.NOTICE and screen.notice is not None:
            self.notice.show_notice(screen.notice)
            self._show_page(self.notice, step.value)
        elif step is KioskStep.CONSENT and screen.notice is not None:
            self.consent.show_consent(screen.notice)
            self._show_page(self.consent, step.value)
        elif step is KioskStep.IDENTITY_CONSENT and screen.identity is not None:
            self.identity.show_request(screen.identity)
            self._show_page(self.identity, step.value)
        elif step is KioskStep.SELF_IDENTIFICATION:
            self.self_id.reset()
            self._show_page(self.self_id, step.value)
        elif step is KioskStep.DEVICE_CHECK:
            self._show_page(self.devices, step.value)
            self.check_devices(self.devices.choice())
        elif step is KioskStep.PRACTICE:
            self._show_page(self.practice, step.value)
        elif step is KioskStep.THINK and screen.question is not None:
            self._show_page(self.question, step.value)
            self.question.show_think(screen.question)
        elif step is KioskStep.RECORDING and screen.question is not None:
            self._show_page(self.question, step.value)
            self.question.show_recording(screen.question, self._tap)
            if self._ended_early:
                self.question.stop_now()
        elif step is KioskStep.ANSWERED and screen.question and screen.result:
            self._show_page(self.question, step.value)
            self.question.show_answered(screen.question, screen.result)
        elif step in (KioskStep.THANK_YOU, KioskStep.DECLINED):
            self._release_devices()
            page = self.thank_you if step is KioskStep.THANK_YOU else self.goodbye
            self._show_page(page, step.value)

    # -- wiring ------------------------------------------------------------------

    def _connect_pages(self) -> None:
        self.code.submitted.connect(self.open_code)
        self.welcome.begin.connect(lambda: self._advance("begin", lambda k: k.begin()))
        self.notice.read.connect(
            lambda: self._advance("notice read", lambda k: k.acknowledge_notice())
        )
        self.consent.agreed.connect(
            lambda human_only: self._advance(
                "consent", lambda k: k.give_consent(human_only=human_only)
            )
        )
        self.self_id.submitted.connect(self._self_identified)
        self.self_id.skipped.connect(
            lambda: self._advance(
                "self-identification skipped", lambda k: k.finish_self_identification(None)
            )
        )
        self.consent.declined.connect(
            lambda: self._advance("consent declined", lambda k: k.decline_consent())
        )
        self.identity.given.connect(
            lambda: self._advance(
                "identity consent",
                lambda k: k.give_identity_consent(self.identity.signature.text()),
            )
        )
        self.identity.declined.connect(
            lambda: self._advance("identity declined", lambda k: k.decline_identity_consent())
        )
        self.devices.check_requested.connect(self.check_devices)
        self.devices.confirmed.connect(
            lambda: self._advance("devices confirmed", lambda k: k.confirm_devices())
        )
        self.devices.browse_requested.connect(self._choose_file)
        self.practice.practise.connect(
            lambda: self._advance("practice", lambda k: k.start_practice())
        )
        self.practice.skip.connect(
            lambda: self._advance("skip practice", lambda k: k.skip_practice())
        )
        self.question.start_requested.connect(self._start_recording)
        self.question.stop_requested.connect(
            lambda: self._advance("save answer", lambda k: k.finish_recording())
        )
        self.question.retake_requested.connect(
            lambda: self._advance("retake", lambda k: k.retake())
        )
        self.question.next_requested.connect(
            lambda: self._advance("next question", lambda k: k.next_question())
        )
        for page in (self.thank_you, self.goodbye):
            page.done.connect(self.reset)

    def _self_identified(self, sex: str, race_ethnicity: str) -> None:
        """Store the voluntary answers (write-only for the kiosk), then go on."""
        session = self.session

        def record(candidate_id: int) -> None:
            from app.fairness.demographics import DemographicsStore

            DemographicsStore(session).record(
                candidate_id, sex=sex, race_ethnicity=race_ethnicity, source="kiosk"
            )

        self._advance("self-identification", lambda k: k.finish_self_identification(record))

    # -- jobs --------------------------------------------------------------------

    def _submit(
        self,
        title: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> bool:
        if self._busy or self._leaving:
            return False
        self._busy = True
        lock = self._lock

        def run(task: Task) -> T:
            with lock:
                return work()

        self._runner.submit(
            f"Kiosk: {title}", run, on_done=on_done, on_error=on_error or self._failed
        )
        return True

    def _advance(self, title: str, action: Callable[[KioskSession], object]) -> None:
        kiosk = self.kiosk
        if kiosk is None:
            return

        def work() -> Screen:
            action(kiosk)
            return describe(kiosk)

        self._submit(title, work, self._apply)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        if self._leaving:
            return
        if not isinstance(exc, CandorError):
            self._runner.report_error(exc)
            return
        log.info("kiosk step failed: %s", type(exc).__name__)
        self.show_message(exc.user_text())
        if self.current_page() is self.question and self.question.mode in ("starting", "saving"):
            self.question.show_failure(exc.message)

    # -- the login code ------------------------------------------------------------

    def open_code(self, code: str) -> None:
        interviews = self.session.interviews
        settings = self._recording_settings
        follow = self._live_follower()

        def work() -> tuple[KioskSession, Screen, LiveAnalysis | None]:
            if not interviews.kiosk_pin_is_set():
                raise PinNotSet()  # no interview without a way for staff to leave it
            kiosk = interviews.open_kiosk_session(code, recording=settings)
            return kiosk, describe(kiosk), follow(kiosk)

        if self._submit("open interview", work, self._opened, self._code_failed):
            self.code.set_busy(True)

    def _opened(self, opened: tuple[KioskSession, Screen, LiveAnalysis | None]) -> None:
        kiosk, screen, live = opened
        if self._leaving:
            kiosk.close()
            if live is not None:
                live.close()
            return
        self.kiosk = kiosk
        self.live_analysis = live
        log.info("kiosk interview opened")
        self._apply(screen)

    def _live_follower(self) -> Callable[[KioskSession], LiveAnalysis | None]:
        """What makes an interview analysed answer by answer while the next question
        plays (run in the job that opens the interview: it imports the pipeline)."""
        model_dir = self._model_dir
        if not self._analyse_live or model_dir is None:
            return lambda _kiosk: None
        if self._models is None:
            self._models = Lazy(lambda: _kiosk_models(model_dir))
        models, session, runner = self._models, self.session, self._runner.runner

        def follow(kiosk: KioskSession) -> LiveAnalysis:
            from app.analysis_pipeline.live import LiveAnalysis
            from app.analysis_pipeline.service import AnalysisService

            live = LiveAnalysis(AnalysisService(session, models.get()), runner)
            live.attach(kiosk)
            return live

        return follow

    def _code_failed(self, exc: BaseException) -> None:
        self._busy = False
        if isinstance(exc, TooManyKioskAttempts):
            self.code.failed("", exc.retry_after)
        elif isinstance(exc, CandorError):
            self.code.failed(exc.user_text())
        else:
            self.code.failed("")
            self._runner.report_error(exc)

    # -- devices ---------------------------------------------------------------------

    def check_devices(self, choice: DeviceChoice) -> None:
        kiosk = self.kiosk
        if kiosk is None or self.current_page() is not self.devices:
            return
        old, self._tap = self._tap, None
        seconds = self._check_seconds

        def work() -> CheckOutcome:
            if old is not None:
                old.close()  # a camera opens only once: release it before opening it again
            try:
                source = self._open_devices(choice)
            except CaptureError as exc:
                problems = exc.problems if isinstance(exc, SourceUnavailable) else (exc.message,)
                return CheckOutcome(None, DeviceCheck(False, None, 0, 0.0, 0.0, problems, ()), ())
            tap = PreviewTap(source)
            self._tap_opened.emit(tap)
            result = kiosk.check_devices(tap, seconds)
            hints = picture_hints(tap.latest_image()[1], self._face_counter())
            if not result.ok:
                tap.close()
            return CheckOutcome(tap if result.ok else None, result, hints)

        if self._submit("device check", work, self._checked):
            log.info("checking %s", choice.describe())
            self.devices.checking(None)

    def _follow_tap(self, tap: PreviewTap) -> None:
        if not self._leaving and self.current_page() is self.devices:
            self.devices.follow(tap)

    def _checked(self, outcome: CheckOutcome) -> None:
        self._busy = False
        if self._leaving:
            if outcome.tap is not None:
                outcome.tap.close()
            return
        self._tap = outcome.tap
        self.devices.show_result(outcome.result, outcome.hints)

    def _face_counter(self) -> FaceCounter | None:
        """Loaded once, in the first check's job (it takes a second)."""
        if not self._faces_loaded and self._model_dir is not None:
            self._faces = face_counter(self._model_dir)
            self._faces_loaded = True
        return self._faces

    def _choose_file(self) -> None:
        """A stand-in video file: staff only (the dialog shows the computer's files)."""

        def browse() -> None:
            dialog = QFileDialog(self, "Choose a video file", "", _VIDEO_FILTER)
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.fileSelected.connect(lambda path: self.devices.add_file(Path(path)))
            self._file_dialog = dialog
            dialog.open()

        self._ask_pin("choose a video file as the camera and microphone", browse)

    def _release_devices(self) -> None:
        tap, self._tap = self._tap, None
        if tap is not None:
            lock = self._lock

            def work(task: Task) -> None:
                with lock:
                    tap.close()

            self._runner.submit("Kiosk: release devices", work)

    # -- recording ---------------------------------------------------------------------

    def _start_recording(self) -> None:
        kiosk = self.kiosk
        if kiosk is None:
            return
        self._token += 1
        self._ended_early = False
        token = self._token
        relay = self._ended

        def ended() -> None:  # on a recording thread
            with contextlib.suppress(RuntimeError):  # the window is already gone
                relay.emit(token)

        def work() -> Screen:
            kiosk.start_recording(on_ended=ended)
            return describe(kiosk)

        self._submit("start recording", work, self._apply)

    def _recording_ended(self, token: int) -> None:
        if token != self._token or self._leaving:
            return
        if self.question.mode == "recording":
            self.question.stop_now()
        elif self.question.mode == "starting":
            self._ended_early = True  # the start job's result has not arrived yet

    # -- messages -----------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """A message for the operator above the page (device faults, failed steps)."""
        self.message.setText(text)
        self.message.show()

    def _clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def refuse_leaving(self) -> None:
        self.banner.setText(REFUSAL)
        self.banner.show()
        self._banner_timer.start()

    # -- leaving (operator) ---------------------------------------------------------------

    def request_leave(self) -> None:
        if self._leaving:
            return
        if self.kiosk is None and not self.session.interviews.kiosk_pin_is_set():
            self._leave()  # no interview is open and no PIN exists yet: nothing to protect
            return
        self._ask_pin("leave the kiosk", self._leave)

    def _ask_pin(self, purpose: str, then: Callable[[], None]) -> None:
        if self._pin_dialog is not None and self._pin_dialog.isVisible():
            return
        if self._pin_dialog is not None:
            self._pin_dialog.deleteLater()
        dialog = PinDialog(purpose, self.session.interviews.verify_pin, self._runner, self)
        dialog.unlocked.connect(then)
        self._pin_dialog = dialog
        dialog.open()

    @property
    def pin_dialog(self) -> PinDialog | None:
        return self._pin_dialog

    def _leave(self) -> None:
        if self._leaving:
            return
        self._leaving = True
        self.question.stop_timers()
        self.devices.preview.follow(None)
        kiosk, self.kiosk = self.kiosk, None
        tap, self._tap = self._tap, None
        live, self.live_analysis = self.live_analysis, None
        lock = self._lock

        def work(task: Task) -> None:
            with lock:  # after any call still running
                if kiosk is not None:
                    kiosk.close()  # an answer being recorded is kept, marked stopped early
                if live is not None:
                    live.close()
                if tap is not None:
                    tap.close()

        log.info("leaving the kiosk (operator)")
        self._runner.submit(
            "Kiosk: leave", work, on_done=lambda _: self._left(), on_error=self._left_failed
        )

    def _left_failed(self, exc: BaseException) -> None:
        self._runner.report_error(exc)
        self._left()

    def _left(self) -> None:
        self._may_close = True
        self.guard.remove()
        self.left.emit()
        self.close()

    def force_close(self) -> None:
        """Close without the PIN: only for the application itself (shutting down, tests),
        never bound to a key or a button."""
        self._leaving = True
        self._may_close = True
        self.question.stop_timers()
        self.devices.preview.follow(None)
        self.guard.remove()
        self.close()

    def reset(self) -> None:
        """After the thank-you or goodbye screen: ready for the next person's code."""
        kiosk, self.kiosk = self.kiosk, None
        tap, self._tap = self._tap, None
        live, self.live_analysis = self.live_analysis, None

        def work() -> None:
            if kiosk is not None:
                kiosk.close()
            if live is not None:
                live.close()  # a completed interview's analysis goes on to its end
            if tap is not None:
                tap.close()

        self._submit("reset", work, lambda _: self._after_reset())

    def _after_reset(self) -> None:
        self._busy = False
        self._to_code_page()

    # -- Qt events ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._may_close:
            self.guard.install()

    def hideEvent(self, event: QHideEvent) -> None:
        self.guard.remove()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Alt+F4 and the window manager's close button arrive here as a close request.
        if not self._may_close:
            event.ignore()
            self.refuse_leaving()
            return
        self.question.stop_timers()
        self._banner_timer.stop()
        if self._pin_dialog is not None:
            self._pin_dialog.close()
        self.guard.remove()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not self._fullscreen or self._may_close:
            return
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized():
            QTimer.singleShot(0, self.showFullScreen)
        elif event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            QTimer.singleShot(0, self._reclaim)

    def _reclaim(self) -> None:
        # Another program took the focus (our own dialogs are left alone).
        if not self._may_close and QApplication.activeWindow() is None:
            self.activateWindow()
            self.raise_()
