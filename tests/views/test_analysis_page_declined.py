"""The interview page of a candidate who chose human-only review: a banner instead of
scores (even an analysis made before the objection is not shown), the recordings to
play, and ratings and decisions as for anyone else; on a real workspace."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QMessageBox

from analysis.models import ModelRegistry
from analysis.tasks import NullTask
from app.analysis_pipeline.service import INTERVIEW_PREFIX, AnalysisService
from app.compliance.restrictions import DECLINED_BANNER, recordings_for_review, set_human_only
from app.workspace import Session
from views.analysis_page import AnalysisPage

from .interviews_support import REVIEWER, record_interview, sign_in

WAIT = 20_000
LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
SHOTS = Path("/tmp/h3shots")
MULTIMEDIA_NOISE = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (propagateSizeHints|raise)\(\)$",
    r"^Couldn't (load|resolve) .+ (library|symbols)$",
    r"^PulseAudioService: ",
    r"No HW decoder found",
    r"^No audio device detected$",
    r"No RHI backend",
    r"^Using Qt multimedia with FFmpeg",
)


@dataclass(frozen=True)
class Declined:
    path: Path
    candidate: int
    models: Path


@pytest.fixture
def declined(session: Session, workspace: Path, tmp_path: Path) -> Declined:
    """Two answers recorded, analysed once (empty model folder: every part unavailable),
    then the candidate objected."""
    interview, _answers = record_interview(session, workspace, tmp_path / "clips", answers=2)
    candidate = session.interviews.get(interview).candidate_id
    models = tmp_path / "models"
    models.mkdir()
    service = AnalysisService(session, ModelRegistry(models))
    pipeline = service.start(candidate, f"{INTERVIEW_PREFIX}{interview}")
    for answer in recordings_for_review(session, candidate):
        pipeline.add_answer(answer, replace=True)
    pipeline.finish(NullTask())
    assert service.latest(candidate) is not None  # scores exist, and must not be shown
    set_human_only(session, candidate, True)
    return Declined(workspace, candidate, models)


@pytest.fixture
def reviewer(declined: Declined) -> Iterator[Session]:
    opened = sign_in(declined.path, REVIEWER)
    yield opened
    opened.close()


def _page(qtbot, session: Session, runner, declined: Declined, size=(1400, 860)) -> AnalysisPage:
    page = AnalysisPage(session, runner, declined.models, declined.candidate)
    qtbot.addWidget(page)
    page.resize(*size)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    assert page.player is not None
    qtbot.waitUntil(lambda: page.player.player.mediaStatus() in LOADED, timeout=WAIT)
    return page


@MULTIMEDIA_NOISE
def test_reviewers_see_the_declined_banner_and_the_recordings_instead_of_scores(
    qtbot, reviewer, runner, declined
) -> None:
    page = _page(qtbot, reviewer, runner, declined)
    assert page.declined.isVisible() and page.declined.text() == DECLINED_BANNER
    assert DECLINED_BANNER == "Automated analysis declined: review the recordings"
    summary = page.summary.text()
    assert "Play the 2 recorded answers" in summary and "score" in summary
    assert "Interview score" not in summary and "Models used" not in page.models.text()
    for hidden in (page.runs, page.rerun, page.models, page.details, page.panel.timeline):
        assert not hidden.isVisible()
    assert page.questions.count() == 2
    assert page.questions.item(0).text().startswith("Question 1\n")
    assert page.player.player.duration() > 0  # the recording plays
    page.shutdown()


@MULTIMEDIA_NOISE
def test_reviewers_rate_a_recording_and_the_rating_uses_the_answer_key(
    qtbot, reviewer, runner, declined
) -> None:
    page = _page(qtbot, reviewer, runner, declined)
    assert page.rating.isVisible() and not page.decision.isVisible()
    page.rating.star_buttons[2].click()
    page.rating.comment.setText("Calm and specific.")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.rating.save_button.click()
    (rating,) = reviewer.decisions.ratings(declined.candidate)
    assert (rating.answer_key, rating.stars, rating.reviewer) == ("q01", 3, REVIEWER)
    page.questions.setCurrentRow(1)
    assert page.rating.stars == 0
    page.questions.setCurrentRow(0)
    assert page.rating.stars == 3
    page.shutdown()


@MULTIMEDIA_NOISE
def test_administrators_decide_as_usual_and_the_page_renders_at_laptop_sizes(
    qtbot, session, runner, declined
) -> None:
    SHOTS.mkdir(exist_ok=True)
    page = _page(qtbot, session, runner, declined, size=(1366, 768))
    page.grab().save(str(SHOTS / "analysis_declined_1366x768.png"))
    page.resize(1024, 700)
    qtbot.wait(50)
    page.grab().save(str(SHOTS / "analysis_declined_1024x700.png"))
    assert page.declined.width() <= 1024 and page.declined.isVisible()
    box = page.decision
    assert box.isVisible()
    box.buttons["advance"].click()
    box.reason.setPlainText("Strong answers to both questions, reviewed by hand.")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        box.save_button.click()
    decision = session.decisions.current_decision(declined.candidate)
    assert decision is not None and decision.outcome == "advance"
    page.shutdown()


def _accept(qtbot, page: AnalysisPage) -> None:
    """Answer the control's question with its yes button; wait for the page to reload."""
    box = page.restriction.box
    assert box is not None and box.isVisible()
    (yes,) = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        yes.click()


@MULTIMEDIA_NOISE
def test_staff_record_withdraw_and_lift_the_objection_from_the_page(
    qtbot, session, runner, declined
) -> None:
    set_human_only(session, declined.candidate, False)  # analysed, no objection yet
    page = _page(qtbot, session, runner, declined)
    control = page.restriction
    assert control.isVisible() and not page.declined.isVisible()
    assert "Interview score" in page.summary.text()
    assert control.toggle.text() == "Human-only review…"

    control.toggle.click()
    _accept(qtbot, page)
    assert page.declined.isVisible() and "Interview score" not in page.summary.text()
    assert control.toggle.text() == "Lift human-only review…"

    control.withdraw.click()
    _accept(qtbot, page)
    assert "1 analysis run(s)" in control.status.text()
    assert AnalysisService(session, ModelRegistry(declined.models)).runs(declined.candidate) == []

    control.toggle.click()
    _accept(qtbot, page)
    assert not page.declined.isVisible() and page.runs.isVisible()
    assert "No complete interview analysis" in page.summary.text()
    page.shutdown()


@MULTIMEDIA_NOISE
def test_reviewers_are_not_offered_the_staff_controls(qtbot, reviewer, runner, declined) -> None:
    page = _page(qtbot, reviewer, runner, declined)
    assert not page.restriction.isVisible()
    page.shutdown()
