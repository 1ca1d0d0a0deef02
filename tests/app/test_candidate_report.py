"""The candidate PDF from a real analysis: sections, vector charts, blind variant, gaps shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from analysis.models import ModelRegistry
from app.analysis_pipeline.pipeline import QuestionSpec
from app.analysis_pipeline.service import AnalysisService
from app.keys import KdfParams
from app.reports.candidate import build_candidate_report, write_candidate_report
from app.workspace import Session, Workspace
from tests.app import pipeline_support as support

pytestmark = pytest.mark.slow

# The clip says "If the reader will excuse me ... The narrative would be tedious": a
# candidate called Reader has their name in the transcript, which blind must hide.
NAME = "Ada Reader"
EMAIL = "ada.reader@example.org"
QUESTIONS = [QuestionSpec("Why did you leave your last country?", ("the reasons", "the move"))]


@dataclass(frozen=True)
class Analysed:
    session: Session
    complete: int
    degraded: int


@pytest.fixture(scope="module")
def analysed(
    tmp_path_factory: pytest.TempPathFactory, provisioned_model_dir: Path
) -> Iterator[Analysed]:
    folder = tmp_path_factory.mktemp("report")
    recording = support.speech_with_face(folder / "answer.webm")
    degraded_models = support.model_folder_without(
        provisioned_model_dir, folder / "models", "minilm"
    )
    session = Workspace.create(
        folder / "ws", "admin", "correct horse battery", kdf=KdfParams.insecure_fast()
    )
    complete = session.candidates.add(NAME, {"email": EMAIL})
    registry = ModelRegistry(provisioned_model_dir, prefer_device="cpu")
    AnalysisService(session, registry).analyse_files(
        complete, [recording], QUESTIONS, identity_consented=True
    )
    degraded = session.candidates.add("Bo Degraded", {})
    AnalysisService(session, ModelRegistry(degraded_models, prefer_device="cpu")).analyse_files(
        degraded, [recording], QUESTIONS
    )
    yield Analysed(session, complete, degraded)
    session.close()


def _text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def _object_types(path: Path) -> list[int]:
    pdf = pdfium.PdfDocument(path)
    return [obj.type for page in pdf for obj in page.get_objects(max_depth=3)]


def test_report_has_every_section_and_draws_charts_as_vectors(
    analysed: Analysed, tmp_path: Path
) -> None:
    report = build_candidate_report(analysed.session, analysed.complete)
    path = write_candidate_report(report, tmp_path / "report.pdf")
    text = _text(path)
    for expected in (
        NAME,
        EMAIL,
        "Summary",
        "Interview score",
        "Resume match",
        "No resume screening",
        "Why did you leave your last country?",
        "excuse me",  # the transcript excerpt
        "relevance",
        "Evidence",
        "covered",
        "Video observations",
        "Face presence over time",
        "Identity continuity: same",
        "Models and settings used",
        "whisper-tiny.en",
        "all-MiniLM-L6-v2-int8",
        "recommendation for a person to review",
        "Candor recommends; a person decides",
    ):
        assert expected in text, expected
    types = _object_types(path)
    assert types.count(pdfium_c.FPDF_PAGEOBJ_PATH) >= 20  # bars, axes, timeline: vectors
    assert pdfium_c.FPDF_PAGEOBJ_IMAGE not in types  # no raster chart, no photo


def test_blind_report_shows_no_name_email_or_picture(analysed: Analysed, tmp_path: Path) -> None:
    report = build_candidate_report(analysed.session, analysed.complete)
    normal = _text(write_candidate_report(report, tmp_path / "normal.pdf"))
    assert "reader" in normal.lower()  # the name is in the transcript itself
    path = write_candidate_report(report, tmp_path / "blind.pdf", blind=True)
    text = _text(path)
    assert f"Candidate #{analysed.complete}" in text
    lowered = text.lower()
    for secret in ("ada", "reader", EMAIL, "example.org"):
        assert secret not in lowered, secret
    assert "[hidden]" in text and "excuse me" in text  # the answer is still there
    assert pdfium_c.FPDF_PAGEOBJ_IMAGE not in _object_types(path)


def test_missing_model_is_named_as_unavailable_in_the_report(
    analysed: Analysed, tmp_path: Path
) -> None:
    report = build_candidate_report(analysed.session, analysed.degraded)
    text = _text(write_candidate_report(report, tmp_path / "degraded.pdf"))
    assert "UNAVAILABLE: Sentence embeddings" in text
    assert "Assessment UNAVAILABLE" in text
    assert "excuse me" in text  # the transcription still ran
    assert "Interview score: not available" in text


def test_report_of_a_candidate_who_objected_shows_no_automated_scores(
    analysed: Analysed, tmp_path: Path
) -> None:
    from app.compliance.restrictions import set_human_only

    set_human_only(analysed.session, analysed.degraded, True)  # objected after the analysis
    try:
        report = build_candidate_report(analysed.session, analysed.degraded)
        text = _text(write_candidate_report(report, tmp_path / "objected.pdf"))
    finally:
        set_human_only(analysed.session, analysed.degraded, False)
    assert "Automated analysis declined: review the recordings." in text
    for hidden in ("Interview score", "relevance", "Models and settings used"):
        assert hidden not in text, hidden
