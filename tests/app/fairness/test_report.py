"""Writing audits out: JSON, PDF, the export inventory and clear errors."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pypdfium2  # type: ignore[import-untyped]
import pytest

from analysis.scoring import RoleCriteria
from app.errors import InvalidInput
from app.fairness.audit import build_audit
from app.fairness.model import BiasAudit
from app.fairness.report import export_audit, write_audit
from app.fairness.synthetic import SyntheticGroup as G
from app.fairness.synthetic import populate
from app.workspace import Session


@pytest.fixture
def audit(session: Session) -> BiasAudit:
    role_id = session.roles.create(RoleCriteria(title="Nurse", min_years=1))
    populate(
        session, role_id, [G("Male", "White", 30, 15, 8, 7), G("Female", "Asian", 30, 9, 3, 6)]
    )
    return build_audit(session, role_id)


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(path)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_the_pdf_shows_each_stage_its_categories_and_flags(
    audit: BiasAudit, tmp_path: Path
) -> None:
    text = _pdf_text(write_audit(audit, tmp_path / "a.pdf", "pdf"))
    assert "Screening" in text and "Interview and decision" in text
    assert "Female / Asian" in text and "under 4/5" in text
    assert "selection rate" in text  # the chart legend


def test_an_empty_role_gives_a_pdf_that_says_not_enough_data(
    session: Session, tmp_path: Path
) -> None:
    role_id = session.roles.create(RoleCriteria(title="Nurse", min_years=1))
    text = _pdf_text(write_audit(build_audit(session, role_id), tmp_path / "a.pdf", "pdf"))
    assert "Not enough data" in text and "Impact ratio" not in text


def test_json_explains_its_figures_and_names_no_candidates(
    audit: BiasAudit, tmp_path: Path
) -> None:
    data = json.loads(write_audit(audit, tmp_path / "a.json", "json").read_text())
    assert data["format"] == "candor-bias-audit" and "impact_ratio" in data["definitions"]
    assert "candidate_ids" not in data and "illinois" not in data
    illinois = json.loads(
        write_audit(audit, tmp_path / "il.json", "json", illinois=True).read_text()
    )
    assert illinois["statute"].startswith("820 ILCS 42/20")
    assert "not recorded in Candor" in illinois["hires"]
    assert {r["race_ethnicity"] for r in illinois["rows"]} == {"White", "Asian"}


def test_an_unknown_format_is_refused(audit: BiasAudit, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        write_audit(audit, tmp_path / "a.xls", "xls")


def test_an_export_is_recorded_in_the_inventory_with_its_candidates(
    session: Session, audit: BiasAudit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    fake = types.ModuleType("app.compliance.inventory")
    fake.record_export = lambda *a, **k: calls.append((*a, k))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.compliance.inventory", fake)
    path = export_audit(session, audit, tmp_path / "a.csv", "csv")
    (_, kind, written, ids, options) = calls[0]
    assert (kind, written, options) == ("bias_audit", path, {"blind": True, "role_id": 1})
    assert sorted(ids) == sorted(audit.candidate_ids) and len(ids) == 60


def test_a_folder_that_refuses_writing_is_a_clear_error(
    session: Session, audit: BiasAudit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.screening.exports as exports

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(exports, "write_atomic", refuse)
    with pytest.raises(InvalidInput, match="may not write"):
        export_audit(session, audit, tmp_path / "a.json", "json")
