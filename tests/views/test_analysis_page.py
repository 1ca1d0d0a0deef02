"""The candidate interview page on a candidate analysed by the real pipeline and models:
synced transcript, evidence, key points, timelines, ratings and decisions by people."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtMultimedia import QMediaPlayer

from analysis.models import ModelRegistry
from app.accounts import Role
from app.analysis_pipeline.models import PipelineModels
from app.analysis_pipeline.pipeline import QuestionSpec
from app.analysis_pipeline.service import AnalysisService
from app.keys import KdfParams
from app.workspace import Session, Workspace
from tests.app import pipeline_support as support
from views.analysis_page import AnalysisPage
from views.analysis_page.review import BANNER
from views.screening.blind import MASK

WAIT = 20_000
LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
PASSWORD = "correct horse battery"
MULTIMEDIA_NOISE = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (propagateSizeHints|raise)\(\)$",
    r"^Couldn't (load|resolve) .+ (library|symbols)$",
    r"^PulseAudioService: ",
    r"No HW decoder found",
    r"^No audio device detected$",
    r"No RHI backend",
    r"^Using Qt multimedia with FFmpeg",
)
pytestmark = pytest.mark.slow

QUESTIONS = [
    QuestionSpec(
        "Tell us about the last book you read and why you chose it.",
        ("the story of the book", "the author", "a recipe for bread"),
    ),
    QuestionSpec("Describe a time you had to leave somewhere familiar.", ()),
]


@dataclass(frozen=True)
class Analysed:
    path: Path
    candidate: int
    without_embeddings: int
    models: Path


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory, provisioned_model_dir: Path) -> Analysed:
    """One workspace, analysed once for the module: a talking-face candidate, and one
    analysed without the sentence-embedding model (its assessment unavailable)."""
    if not support.FACE_VIDEO.is_file():
        pytest.skip("shared video clips are not present")
    folder = tmp_path_factory.mktemp("analysis_page")
    talking = support.speech_with_face(folder / "talking.webm", size=160)
    with Workspace.create(
        folder / "ws", "admin", PASSWORD, "general", kdf=KdfParams.insecure_fast()
    ) as session:
        session.users.add("rita", Role.REVIEWER, PASSWORD)
        candidate = session.candidates.add("Jane Chapter", {})
        registry = ModelRegistry(provisioned_model_dir, prefer_device="cpu")
        service = AnalysisService(session, PipelineModels(registry))
        service.analyse_files(
            candidate, [talking, support.SPEECH / support.SHORT_CLIP], QUESTIONS,
            identity_consented=True,
        )  # fmt: skip
        missing = support.model_folder_without(provisioned_model_dir, folder / "m", "minilm")
        other = session.candidates.add("Una Available", {})
        AnalysisService(session, ModelRegistry(missing, prefer_device="cpu")).analyse_files(
            other, [support.SPEECH / support.SHORT_CLIP], QUESTIONS[:1]
        )
    return Analysed(folder / "ws", candidate, other, provisioned_model_dir)


@pytest.fixture
def admin(analysed: Analysed) -> Iterator[Session]:
    session = Workspace.open(analysed.path, "admin", PASSWORD)
    yield session
    session.close()


def _page(qtbot, session: Session, runner, analysed: Analysed, candidate: int | None = None,
          *, blind: bool = True) -> AnalysisPage:  # fmt: skip
    page = AnalysisPage(
        session, runner, analysed.models, candidate or analysed.candidate, blind=blind
    )
    qtbot.addWidget(page)
    page.resize(1400, 860)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    if page.player is not None:  # the first recording opens in a job: let it finish
        qtbot.waitUntil(lambda: page.player.player.mediaStatus() in LOADED, timeout=WAIT)
    return page


def _choose(qtbot, page: AnalysisPage, row: int) -> None:
    """Show question `row` and let its recording open (a job) before going on."""
    page.questions.setCurrentRow(row)
    assert page.player is not None
    qtbot.waitUntil(
        lambda: page.player.loaded_answer == row and page.player.player.mediaStatus() in LOADED,
        timeout=WAIT,
    )


@MULTIMEDIA_NOISE
def test_page_lists_the_questions_and_shows_the_transcript_words(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    assert page.questions.count() == 2
    assert "last book you read" in page.questions.item(0).text()
    transcript = page.panel.transcript
    words = transcript.words
    assert len(words) > 10
    text = transcript.toPlainText()
    assert all(text[w.start : w.end].casefold() == w.text.casefold() for w in words)
    assert "Interview score" in page.summary.text()
    assert "for a person to judge" in page.summary.text()
    assert "speech" in page.models.text()
    assert "Overall: interview only. No resume screening" in page.summary.text()
    _choose(qtbot, page, 1)
    assert page.panel.transcript.words != words
    page.shutdown()


@MULTIMEDIA_NOISE
def test_player_position_lights_the_word_being_spoken(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    transcript = page.panel.transcript
    target = transcript.words[7]
    middle = (target.time_start + target.time_end) / 2
    page.follow_position(round(middle * 1000))
    assert transcript.current_word == 7
    (lit,) = [s for s in transcript.extraSelections() if s.cursor.hasSelection()]
    assert lit.cursor.selectedText().casefold() == target.text.casefold()
    page.shutdown()


@MULTIMEDIA_NOISE
def test_clicking_a_word_seeks_the_player_to_it(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    assert page.player is not None and page.player.loaded_answer == 0
    transcript = page.panel.transcript
    target = transcript.words[12]
    x, y = transcript.word_rect_center(12)
    qtbot.mouseClick(transcript.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert page.last_seek_ms == round(target.time_start * 1000)
    assert transcript.current_word == 12
    qtbot.waitUntil(
        lambda: abs(page.player.player.position() - page.last_seek_ms) < 300, timeout=WAIT
    )
    page.shutdown()


@MULTIMEDIA_NOISE
def test_choosing_a_part_marks_its_evidence_in_the_transcript(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    names = [page.panel.parts.item(r, 0).text() for r in range(page.panel.parts.rowCount())]
    assert names == ["relevance", "coverage", "coherence"]
    assert page.panel.transcript.evidence == []
    parts = page.data.analysis.answers[0].assessment.result["parts"]
    with_evidence = next(p for p in parts if p["evidence"])
    page.panel.select_part(with_evidence["name"])
    assert page.panel.transcript.highlighted_text() == [
        e["text"] for e in with_evidence["evidence"]
    ]
    page.shutdown()


@MULTIMEDIA_NOISE
def test_key_points_show_covered_and_missed(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    points = page.panel.key_points
    assert points.count() == 3
    lines = [points.item(i).text() for i in range(3)]
    stored = page.data.analysis.answers[0].assessment.result["key_points"]
    for line, record, text in zip(lines, stored, QUESTIONS[0].key_points, strict=True):
        assert text in line
        assert line.startswith("✓ covered" if record["covered"] else "✗ missed")
    assert lines[2].startswith("✗ missed")  # nobody reads a bread recipe in this clip
    assert "never scored" in page.panel.fairness.text()
    page.shutdown()


@MULTIMEDIA_NOISE
def test_timeline_plots_face_presence_and_speaking_rate(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    timeline = page.panel.timeline
    assert len(timeline.face_times) > 5 and max(timeline.face_values) == 1.0
    xs, ys = timeline.face.getData()
    assert xs is not None and len(ys) == len(timeline.face_values)
    assert sum(timeline.rate_counts) == len(page.panel.transcript.words)
    _choose(qtbot, page, 1)  # an audio file: no picture, said so
    assert timeline.face_times == []
    assert "Video" in page.panel.video_state.text()
    page.shutdown()


@MULTIMEDIA_NOISE
def test_rating_is_saved_by_the_reviewer_and_shown_back(qtbot, analysed, runner):
    session = Workspace.open(analysed.path, "rita", PASSWORD)
    try:
        page = _page(qtbot, session, runner, analysed)
        assert not page.decision.isVisible() and page.rating.isVisible()
        assert not page.rating.save_button.isEnabled()
        page.rating.star_buttons[3].click()
        page.rating.comment.setText("Clear and on topic.")
        with qtbot.waitSignal(page.saved, timeout=WAIT):
            page.rating.save_button.click()
        (rating,) = session.decisions.ratings(analysed.candidate)
        assert (rating.stars, rating.comment, rating.reviewer) == (4, "Clear and on topic.", "rita")
        assert rating.answer_key == page.data.analysis.answers[0].key
        _choose(qtbot, page, 1)
        assert page.rating.stars == 0
        _choose(qtbot, page, 0)
        assert page.rating.stars == 4 and page.rating.comment.text() == "Clear and on topic."
        assert "Saved" in page.rating.status.text()
        page.shutdown()
    finally:
        session.close()


@MULTIMEDIA_NOISE
def test_decision_needs_a_reason_and_is_audit_logged(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed, blind=False)
    box = page.decision
    assert box.isVisible() and box.banner.text() == BANNER
    assert "Jane Chapter" in page.title.text()
    assert not box.save_button.isEnabled()
    box.buttons["hold"].click()
    assert not box.save_button.isEnabled()
    box.reason.setPlainText("   ")
    assert not box.save_button.isEnabled()
    box.reason.setPlainText("Wants a second interview with the team lead.")
    assert box.save_button.isEnabled()
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        box.save_button.click()
    decision = admin.decisions.current_decision(analysed.candidate)
    assert decision is not None and decision.outcome == "hold"
    assert decision.decided_by == "admin"
    assert "HOLD by admin" in box.current.text()
    assert any(e.action.startswith("decision") for e in admin.audit.entries())
    page.shutdown()


@MULTIMEDIA_NOISE
def test_blind_mode_hides_the_name(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed)
    assert page.title.text().startswith(f"Candidate #{analysed.candidate}")
    assert "Jane" not in page.title.text()
    assert page._mask("I met Jane Chapter there.") == f"I met {MASK * 4} {MASK * 7} there."
    page.shutdown()


@MULTIMEDIA_NOISE
def test_unavailable_model_is_shown_not_hidden(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed, analysed.without_embeddings)
    assert page.unavailable.isVisible()
    assert "UNAVAILABLE" in page.unavailable.text()
    assert "minilm/model.onnx is missing" in page.panel.assessment_state.text()
    assert page.panel.parts.rowCount() == 0 and not page.panel.parts.isVisible()
    points = [page.panel.key_points.item(i).text() for i in range(page.panel.key_points.count())]
    assert points and all(p.startswith("– not assessed") for p in points)
    page.grab().save("/tmp/candor_analysis_page_unavailable.png")
    page.shutdown()


@MULTIMEDIA_NOISE
def test_screenshot(qtbot, admin, runner, analysed):
    page = _page(qtbot, admin, runner, analysed, blind=False)
    page.panel.select_part("relevance")
    page.follow_position(3000)
    page.grab().save("/tmp/candor_analysis_page.png")
    page.shutdown()
