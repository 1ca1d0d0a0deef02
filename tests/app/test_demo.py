"""The demo job: the README's first command, run in-process with the network off."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from app.demo import DEMO_ADMIN, DEMO_KIOSK_PIN, DEMO_PASSWORD, run_demo_job
from app.workspace import Workspace


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_demo_screens_the_sample_resumes_offline_and_exports_reports(
    tmp_path: Path, provisioned_model_dir: Path, network_off: list[object]
) -> None:
    out = tmp_path / "demo"
    result = run_demo_job(out, model_dir=provisioned_model_dir)

    assert network_off == []
    assert result.candidates == 3
    assert result.audit_ok
    assert result.models_available == result.models_total == 7
    reports = out / "reports"
    for name in ("workspace-summary.pdf", "shortlist.pdf", "shortlist-blind.pdf"):
        assert (reports / name).read_bytes().startswith(b"%PDF"), name
    with (reports / "shortlist.csv").open(encoding="utf-8") as f:
        ranked = list(csv.DictReader(f))
    assert len(ranked) == 3
    assert "Ada" in json.dumps(ranked[0])  # the backend engineer leads for the backend role
    assert "Ada Okafor" in _pdf_text(reports / "shortlist.pdf")
    blind = _pdf_text(reports / "shortlist-blind.pdf")
    assert "Okafor" not in blind and "ada.okafor@example.com" not in blind
    models = json.loads((out / "models.json").read_text())
    assert {m["capability"] for m in models} >= {"speech", "sentence_embeddings"}
    audit = _pdf_text(reports / "bias-audit-synthetic.pdf")
    assert "SYNTHETIC DATA" in audit and "Bias audit" in audit
    certificate = json.loads(
        next(reports.glob("deletion-certificate-candidate-*.json")).read_text()
    )
    assert certificate["request_id"] is not None
    assert "Erin" not in json.dumps(certificate) and "erin@example.com" not in json.dumps(
        certificate
    )
    # the sample resumes are stored encrypted: no plaintext of them under the workspace
    sample = b"Kobo Logistics"
    assert all(sample not in p.read_bytes() for p in (out / "workspace").rglob("*") if p.is_file())


def test_demo_is_idempotent_and_its_workspace_opens_with_the_documented_password(
    tmp_path: Path, provisioned_model_dir: Path
) -> None:
    out = tmp_path / "demo"
    run_demo_job(out, model_dir=provisioned_model_dir)
    again = run_demo_job(out, model_dir=provisioned_model_dir)
    assert again.candidates == 3
    assert len(list((out / "reports").glob("deletion-certificate-candidate-*.json"))) == 1
    with Workspace.open(out / "workspace", DEMO_ADMIN, DEMO_PASSWORD) as session:
        names = {user.name for user in session.users.list()}
        assert names == {"admin", "rita", "rene", "kiosk-1"}
        assert session.audit.verify().ok
        [role] = session.roles.list()
        assert role.version == 1 and role.candidate_count == 3
        session.interviews.verify_pin(DEMO_KIOSK_PIN)  # staff can leave the demo's kiosk
