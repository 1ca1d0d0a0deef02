"""The main window offers to finish interview analyses the app left unfinished: a bar with
the count, "Later" (or Esc) hides it, "Finish now" finishes each run as a job.

Real workspace, real kiosk recordings; an empty model folder stores every model part as
'unavailable', which completes a run quickly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from analysis.models import ModelRegistry
from app.analysis_pipeline.service import AnalysisService
from app.analysis_pipeline.store import RunStatus
from app.jobs import JobEvent, JobStatus
from app.workspace import Session
from tests.app.interviews_support import REVIEWER, add_users, make_clip, sign_in
from tests.app.recovery_support import RecordedInterview, died_after_first_answer, record_interview
from views.app_window import MainWindow
from views.interrupted_bar import LOOKUP_TITLE, InterruptedBar
from views.jobs import QtJobRunner

WAIT_MS = 30_000


@pytest.fixture
def models(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    return folder


@pytest.fixture
def interrupted(
    session: Session, workspace: Path, tmp_path: Path, models: Path
) -> list[RecordedInterview]:
    """Two completed interviews whose analysis died after their first answer."""
    add_users(session)
    clip = make_clip(tmp_path / "answer.mkv", seconds=1.0)
    service = AnalysisService(session, ModelRegistry(models, prefer_device="cpu"))
    found = []
    for name in ("Ann Example", "Bob Example"):
        interview = record_interview(workspace, session, clip, name=name)
        died_after_first_answer(service, interview)
        found.append(interview)
    return found


@pytest.fixture
def window(
    qtbot: QtBot, session: Session, runner: QtJobRunner, models: Path, interrupted: object
) -> Iterator[MainWindow]:
    main = MainWindow(session, runner, model_dir=models)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    runner.shutdown()  # before the session fixture closes the database


def _bar_shown(qtbot: QtBot, window: MainWindow) -> InterruptedBar:
    bar = window.interrupted
    assert window.findChild(InterruptedBar, "interruptedBar") is bar
    qtbot.waitUntil(bar.isVisible, timeout=WAIT_MS)
    return bar


def test_the_bar_shows_how_many_analyses_did_not_finish_above_the_page(
    qtbot: QtBot, window: MainWindow
) -> None:
    bar = _bar_shown(qtbot, window)
    assert bar.message.text() == (
        "2 interview analyses did not finish (the app was closed while they ran)."
    )
    assert bar.finish_button.text() == "Finish now" and bar.later_button.text() == "Later"
    assert bar.finish_button.accessibleName() and bar.later_button.accessibleName()
    assert "Interview of candidate #" in bar.message.toolTip()
    assert "Example" not in bar.message.toolTip() + bar.accessibleDescription()
    assert (
        bar.mapTo(window, bar.rect().topLeft()).y()
        < window.pages.mapTo(window, window.pages.rect().topLeft()).y()
    )


def test_later_hides_the_bar_and_starts_nothing(
    qtbot: QtBot, window: MainWindow, runner: QtJobRunner
) -> None:
    bar = _bar_shown(qtbot, window)
    titles: list[str] = []
    runner.job_changed.connect(lambda event: titles.append(event.title))
    qtbot.mouseClick(bar.later_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    qtbot.wait(50)
    assert not [t for t in titles if t.startswith("Finish analysis")]


def test_esc_on_the_bar_means_later(qtbot: QtBot, window: MainWindow) -> None:
    bar = _bar_shown(qtbot, window)
    bar.finish_button.setFocus()
    qtbot.keyClick(bar.finish_button, Qt.Key.Key_Escape)
    assert not bar.isVisible() and bar.job_ids == []


def test_finish_now_runs_one_job_per_analysis_and_completes_the_same_runs(
    qtbot: QtBot,
    window: MainWindow,
    session: Session,
    runner: QtJobRunner,
    interrupted: list[RecordedInterview],
    models: Path,
) -> None:
    bar = _bar_shown(qtbot, window)
    service = AnalysisService(session, ModelRegistry(models, prefer_device="cpu"))
    stopped = [service.runs(i.candidate)[0].id for i in interrupted]
    events: list[JobEvent] = []
    runner.job_changed.connect(events.append)
    finished: list[int] = []
    bar.finished.connect(finished.append)
    qtbot.mouseClick(bar.finish_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible() and len(bar.job_ids) == 2
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=WAIT_MS)
    assert sorted(finished) == sorted(stopped)
    for interview, run_id in zip(interrupted, stopped, strict=True):
        [run] = service.runs(interview.candidate)
        assert (run.id, run.status) == (run_id, RunStatus.COMPLETE)
    done = {e.title for e in events if e.status is JobStatus.DONE and e.job_id in bar.job_ids}
    assert done == {f"Finish analysis (candidate #{i.candidate})" for i in interrupted}


def test_users_who_may_not_rerun_get_no_bar_and_no_lookup(
    qtbot: QtBot, workspace: Path, runner: QtJobRunner, models: Path, interrupted: object
) -> None:
    titles: list[str] = []
    runner.job_changed.connect(lambda event: titles.append(event.title))
    with sign_in(workspace, REVIEWER) as reviewer:
        bar = InterruptedBar(reviewer, runner, models)
        qtbot.addWidget(bar)
        bar.check()
        qtbot.wait(100)
        assert not bar.isVisible() and LOOKUP_TITLE not in titles
