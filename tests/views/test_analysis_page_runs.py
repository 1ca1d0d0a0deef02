"""The interview page's run chooser and Re-run analysis…, on a workspace analysed by the
real models (`tests.app.runs_support`: a complete run, a run whose speech model was
missing, and a cancelled one)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QMessageBox

from analysis.models import ModelRegistry
from app.analysis_pipeline.service import AnalysisService
from app.jobs import JobEvent, JobStatus
from app.workspace import Session, Workspace
from tests.app.runs_support import PASSWORD, REVIEWER, RunsWorkspace, build_runs_workspace
from views.analysis_page import AnalysisPage
from views.analysis_page.rerun_dialog import RerunDialog

WAIT = 30_000
LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
pytestmark = pytest.mark.slow
# On the test itself: pytest-qt reads the closest qt_log_ignore mark only.
MULTIMEDIA_NOISE = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (propagateSizeHints|raise)\(\)$",
    r"^Couldn't (load|resolve) .+ (library|symbols)$",
    r"^PulseAudioService: ",
    r"No HW decoder found",
    r"^No audio device detected$",
    r"No RHI backend",
    r"^Using Qt multimedia with FFmpeg",
)


@pytest.fixture(scope="module")
def analysed(
    tmp_path_factory: pytest.TempPathFactory, provisioned_model_dir: Path
) -> RunsWorkspace:
    return build_runs_workspace(tmp_path_factory.mktemp("page_runs"), provisioned_model_dir)


@pytest.fixture
def own_copy(analysed: RunsWorkspace, tmp_path: Path) -> RunsWorkspace:
    """The analysed workspace copied for a test that adds runs or erases the candidate."""
    shutil.copytree(analysed.path, tmp_path / "ws")
    return RunsWorkspace(
        tmp_path / "ws",
        analysed.candidate,
        analysed.complete,
        analysed.unavailable,
        analysed.cancelled,
        analysed.models,
        analysed.models_without_multilingual,
    )


def _open(analysed: RunsWorkspace, user: str = "admin") -> Iterator[Session]:
    session = Workspace.open(analysed.path, user, PASSWORD)
    yield session
    session.close()


@pytest.fixture
def admin(analysed: RunsWorkspace) -> Iterator[Session]:
    yield from _open(analysed)


@pytest.fixture
def own_admin(own_copy: RunsWorkspace) -> Iterator[Session]:
    yield from _open(own_copy)


def _page(qtbot, session: Session, runner, analysed: RunsWorkspace, models: Path | None = None,
          ) -> AnalysisPage:  # fmt: skip
    registry = ModelRegistry(models or analysed.models, prefer_device="cpu")
    page = AnalysisPage(session, runner, registry, analysed.candidate)
    qtbot.addWidget(page)
    page.resize(1400, 860)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    _settle(qtbot, page)
    return page


def _settle(qtbot, page: AnalysisPage) -> None:
    """Let the shown answer's recording open (a job) before going on."""
    qtbot.waitUntil(
        lambda: page.player is not None and page.player.player.mediaStatus() in LOADED,
        timeout=WAIT,
    )


def _dialog(qtbot, page: AnalysisPage) -> RerunDialog:
    with qtbot.waitSignal(page.rerun.dialog_opened, timeout=WAIT) as opened:
        page.rerun.action.trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, RerunDialog) and dialog.isVisible()
    return dialog


@MULTIMEDIA_NOISE
def test_chooser_lists_every_run_newest_first_with_the_latest_complete_one_shown(
    qtbot, admin, runner, analysed
):
    page = _page(qtbot, admin, runner, analysed)
    chooser = page.runs
    newest, latest, oldest = chooser.labels()
    assert newest.startswith(f"Run {analysed.cancelled} ") and newest.endswith("CANCELLED")
    assert not chooser.is_choosable(0)  # greyed: a half-done run is never shown
    assert latest.startswith(f"Run {analysed.unavailable} ") and latest.endswith(" · latest")
    assert "imported files" in latest and "multilingual unavailable" in latest
    assert oldest.startswith(f"Run {analysed.complete} ") and "whisper-tiny.en" in oldest
    assert chooser.shown_run() == page.shown_run() == analysed.unavailable
    chooser.choose(analysed.cancelled)  # refused: nothing changes
    assert chooser.shown_run() == analysed.unavailable
    page.shutdown()


@MULTIMEDIA_NOISE
def test_run_whose_speech_model_was_missing_shows_it_unavailable_with_the_reason(
    qtbot, admin, runner, analysed
):
    page = _page(qtbot, admin, runner, analysed)
    assert page.unavailable.isVisible()
    assert "UNAVAILABLE: Speech to text, multilingual. whisper-base/" in page.unavailable.text()
    state = page.panel.transcript_state.text()
    assert state.startswith("Speech to text UNAVAILABLE: whisper-base/")
    assert page.panel.transcript.words == []
    page.shutdown()


@MULTIMEDIA_NOISE
def test_choosing_an_older_run_shows_it_and_audits_the_reading(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.runs.choose(analysed.complete)
    _settle(qtbot, page)
    assert page.shown_run() == page.runs.shown_run() == analysed.complete
    assert f"Run {analysed.complete}." in page.models.text()
    assert not page.unavailable.isVisible()
    assert len(page.panel.transcript.words) > 5
    assert page.panel.transcript_state.text().startswith("Transcript: ok")
    reads = [e for e in admin.audit.entries() if e.action == "analysis.read"]
    assert f'"run":{analysed.complete}' in reads[-1].details.replace(" ", "")
    page.shutdown()


@MULTIMEDIA_NOISE
def test_reviewers_see_the_runs_but_no_rerun(qtbot, analysed, runner):
    session = Workspace.open(analysed.path, REVIEWER, PASSWORD)
    try:
        page = _page(qtbot, session, runner, analysed)
        assert page.runs.combo.isEnabled() and len(page.runs.labels()) == 3
        assert page.rerun.isHidden() and not page.rerun.button.isVisible()
        page.rerun.action.trigger()  # the shortcut of a hidden control does nothing
        assert page.rerun.dialog is None
        page.shutdown()
    finally:
        session.close()


@MULTIMEDIA_NOISE
def test_rerun_dialog_disables_a_missing_model_and_identity_without_consent_saying_why(
    qtbot, admin, runner, analysed
):
    page = _page(qtbot, admin, runner, analysed, analysed.models_without_multilingual)
    assert page.rerun.action.shortcut().toString() == "Ctrl+R"
    assert "Ctrl+R" in page.rerun.button.toolTip()
    dialog = _dialog(qtbot, page)
    english = dialog.speech_buttons["speech"]
    multilingual = dialog.speech_buttons["speech_multilingual"]
    assert english.isEnabled() and english.isChecked()
    assert "whisper-tiny.en" in english.text()
    assert not multilingual.isEnabled()
    note = dialog.notes["speech_multilingual"]
    assert note.isVisible() and note.text().startswith("Not installed: whisper-base/")
    assert "candor models provision" in note.text()
    assert not dialog.identity.isEnabled() and "consent" in dialog.notes["face_identity"].text()
    assert dialog.expressions.isEnabled() and not dialog.expressions.isChecked()
    assert not dialog.notes["facial_expression"].isVisible()
    assert dialog.ok_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: page.rerun.dialog is None, timeout=WAIT)
    assert page.rerun.button.isEnabled() and len(page.runs.labels()) == 3  # nothing ran
    page.shutdown()


@MULTIMEDIA_NOISE
def test_rerun_runs_as_a_job_with_progress_then_shows_the_new_run(
    qtbot, own_admin, runner, own_copy
):
    page = _page(qtbot, own_admin, runner, own_copy)
    events: list[JobEvent] = []
    runner.job_changed.connect(events.append)
    dialog = _dialog(qtbot, page)
    dialog.speech_buttons["speech"].setChecked(True)
    dialog.expressions.setChecked(True)
    with qtbot.waitSignal(page.rerun.finished, timeout=WAIT) as finished:
        dialog.accept()
        assert page.rerun.progress.isVisible() and page.rerun.cancel_button.isVisible()
        assert not page.rerun.button.isEnabled()  # one re-run at a time
    new_run = finished.args[0]
    qtbot.waitUntil(lambda: page.shown_run() == new_run, timeout=WAIT)
    _settle(qtbot, page)
    mine = [e for e in events if e.title == "Re-run the interview analysis"]
    progress = [e.fraction for e in mine if e.status is JobStatus.RUNNING]
    assert any(0 < f < 1 for f in progress) and mine[-1].status is JobStatus.DONE
    assert not page.rerun.progress.isVisible() and page.rerun.button.isEnabled()
    labels = page.runs.labels()
    assert len(labels) == 4 and labels[0].startswith(f"Run {new_run} ")
    assert labels[0].endswith("whisper-tiny.en · latest")
    assert page.panel.transcript.words  # the new run, transcribed again
    settings = page.data.analysis.settings
    assert settings["facial_expression"] is True and settings["speech"] == "speech"
    page.shutdown()


@MULTIMEDIA_NOISE
def test_cancelling_a_rerun_keeps_the_shown_run_and_lists_the_cancelled_one(
    qtbot, own_admin, runner, own_copy
):
    page = _page(qtbot, own_admin, runner, own_copy)
    shown = page.shown_run()

    def cancel_once_running(event: JobEvent) -> None:
        running = event.job_id == page.rerun.job_id and event.status is JobStatus.RUNNING
        if running and page.rerun.cancel_button.isEnabled():
            page.rerun.cancel_button.click()

    runner.job_changed.connect(cancel_once_running)
    dialog = _dialog(qtbot, page)
    with qtbot.waitSignal(page.rerun.stopped, timeout=WAIT):
        dialog.accept()
    qtbot.waitUntil(lambda: len(page.runs.labels()) == 4, timeout=WAIT)
    assert page.runs.labels()[0].endswith("CANCELLED") and not page.runs.is_choosable(0)
    assert page.shown_run() == shown
    assert "cancelled" in page.rerun.status.text() and page.rerun.button.isEnabled()
    page.shutdown()


@MULTIMEDIA_NOISE
def test_rerun_of_an_erased_candidate_is_a_message_not_a_crash(qtbot, own_admin, runner, own_copy):
    page = _page(qtbot, own_admin, runner, own_copy)
    own_admin.candidates.delete(own_copy.candidate)  # e.g. by another user, meanwhile
    page.rerun.action.trigger()
    qtbot.waitUntil(lambda: page.rerun.last_error is not None, timeout=WAIT)
    assert "no analysed answers" in page.rerun.last_error.message
    (box,) = page.findChildren(QMessageBox, "errorMessage")
    assert box.text() == page.rerun.last_error.message
    assert page.rerun.dialog is None
    box.close()
    page.shutdown()


@MULTIMEDIA_NOISE
def test_shortcut_opens_the_dialog(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    page.activateWindow()
    qtbot.waitActive(page)
    with qtbot.waitSignal(page.rerun.dialog_opened, timeout=WAIT) as opened:
        qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    opened.args[0].reject()
    page.shutdown()


@MULTIMEDIA_NOISE
def test_under_eu_rules_expressions_are_disabled_with_the_policy_named(
    qtbot, session, runner, provisioned_model_dir
):
    """The `session` workspace runs under the EU preset; its only run was stopped at once."""
    candidate = session.candidates.add("Eve Europe", {})
    service = AnalysisService(session, ModelRegistry(provisioned_model_dir, prefer_device="cpu"))
    service.start(candidate, "import:eu", identity_consented=True).mark_cancelled()
    page = AnalysisPage(session, runner, service.models, candidate)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    assert "No complete interview analysis" in page.summary.text()
    assert not page.runs.combo.isEnabled() and page.runs.labels()[0].endswith("CANCELLED")
    dialog = _dialog(qtbot, page)  # its answers can still be analysed again
    assert not dialog.expressions.isEnabled() and not dialog.expressions.isChecked()
    note = dialog.notes["facial_expression"]
    assert note.isVisible() and "“European Union”" in note.text()
    assert dialog.identity.isEnabled() and dialog.identity.isChecked()
    assert all(button.isEnabled() for button in dialog.speech_buttons.values())
    dialog.reject()
    page.shutdown()
