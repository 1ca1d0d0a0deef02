"""The demo job: the README's first command, run in-process with the network off."""

from __future__ import annotations

import json
from pathlib import Path

from app.demo import DEMO_ADMIN, DEMO_PASSWORD, run_demo_job
from app.media import MediaRef
from app.workspace import Workspace


def test_demo_builds_an_encrypted_workspace_and_reports_offline(
    tmp_path: Path, provisioned_model_dir: Path, network_off: list[object]
) -> None:
    out = tmp_path / "demo"
    result = run_demo_job(out, model_dir=provisioned_model_dir)

    assert network_off == []
    assert result.candidates == 3
    assert result.audit_ok
    assert result.models_available == result.models_total == 7
    pdf = out / "reports" / "workspace-summary.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    models = json.loads((out / "models.json").read_text())
    assert {m["capability"] for m in models} >= {"speech", "sentence_embeddings"}
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
    with Workspace.open(out / "workspace", DEMO_ADMIN, DEMO_PASSWORD) as session:
        names = {user.name for user in session.users.list()}
        assert names == {"admin", "rita", "rene", "kiosk-1"}
        assert session.audit.verify().ok
        first = session.candidates.get(session.candidates.ids()[0])
        ref = MediaRef.from_json(str(first.data["resume_media"]))
        assert b"Kobo Logistics" in session.media.read_bytes(ref)
