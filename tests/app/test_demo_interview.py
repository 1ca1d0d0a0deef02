"""The demo's sample interview: made from a public-domain photo and synthesised speech,
recorded through the real kiosk flow, analysed with the real models, reported as PDFs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from app.demo import DEMO_ADMIN, DEMO_PASSWORD, run_demo_job
from app.demo_interview import ANSWERS, photo_path
from app.interviews import InterviewStatus
from app.workspace import Workspace

pytestmark = pytest.mark.slow

WEBM_MAGIC = bytes.fromhex("1A45DFA3")


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.fixture
def material_tools() -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed: the demo cannot synthesise the answers")
    if photo_path() is None:
        pytest.skip("scikit-image's astronaut.png is not installed: the demo has no face")


def test_demo_records_analyses_and_reports_the_sample_interview_offline(
    tmp_path: Path,
    provisioned_model_dir: Path,
    network_off: list[object],
    material_tools: None,
) -> None:
    out = tmp_path / "demo"
    result = run_demo_job(out, model_dir=provisioned_model_dir)

    assert network_off == []
    assert result.notes == []
    reports = out / "reports"
    full, blind = reports / "candidate-interview.pdf", reports / "candidate-interview-blind.pdf"
    assert full in result.outputs and blind in result.outputs
    text = _pdf_text(full)
    assert "Ada Okafor" in text
    for question in ("piece of software you built", "difficult bug", "easy for others"):
        assert question in " ".join(text.split()), question
    # Whisper heard the synthesised voice: most of the answers' longer words are in the report
    spoken = {w.strip(".,").lower() for answer in ANSWERS for w in answer.split() if len(w) > 6}
    heard = {w for w in spoken if w in text.lower()}
    assert len(heard) >= len(spoken) // 2, sorted(spoken - heard)
    blind_text = _pdf_text(blind)
    assert "Okafor" not in blind_text and "difficult bug" in " ".join(blind_text.split())
    # the recordings are stored encrypted: no WebM file in the clear under the workspace
    files = [p for p in (out / "workspace").rglob("*") if p.is_file()]
    assert files and all(WEBM_MAGIC not in p.read_bytes() for p in files)
    with Workspace.open(out / "workspace", DEMO_ADMIN, DEMO_PASSWORD) as session:
        [interview] = session.interviews.sessions()
        assert interview.status is InterviewStatus.COMPLETED and interview.answered == 3
        assert session.audit.verify().ok


def test_second_demo_run_keeps_the_one_interview_and_rewrites_its_reports(
    tmp_path: Path, provisioned_model_dir: Path, material_tools: None
) -> None:
    out = tmp_path / "demo"
    run_demo_job(out, model_dir=provisioned_model_dir)
    report = out / "reports" / "candidate-interview.pdf"
    report.unlink()
    again = run_demo_job(out, model_dir=provisioned_model_dir)
    assert report in again.outputs and report.read_bytes().startswith(b"%PDF")
    with Workspace.open(out / "workspace", DEMO_ADMIN, DEMO_PASSWORD) as session:
        [interview] = session.interviews.sessions()
        answers = session.interviews.answers(interview.id)
        assert len(answers) == 3
        from app.analysis_pipeline.store import AnalysisStore

        [candidate] = {a.ref.candidate_id for a in answers if a.ref is not None}
        assert len(AnalysisStore(session.db).runs(candidate)) == 1
