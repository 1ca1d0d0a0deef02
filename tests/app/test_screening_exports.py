"""Exports of a role's ranked candidates: CSV, JSON (JSON Resume), shortlist PDF, blind."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pypdfium2
import pytest

from analysis.models import ModelRegistry
from analysis.tasks import TaskState
from app.screening.exports import export_csv, export_json, export_shortlist_pdf
from app.screening.importing import import_resumes
from app.workspace import Session
from tests.app.screening_support import (
    MIDDLE,
    ROLE_YAML,
    STRONG,
    WEAK,
    write_docx,
    write_pdf,
    write_txt,
)

PEOPLE = (STRONG, MIDDLE, WEAK)


@pytest.fixture(scope="module")
def registry(provisioned_model_dir: Path) -> ModelRegistry:
    return ModelRegistry(provisioned_model_dir, prefer_device="cpu")


@pytest.fixture
def role_id(session: Session, registry: ModelRegistry, tmp_path: Path) -> int:
    folder = tmp_path / "in"
    folder.mkdir()
    write_pdf(folder / "strong.pdf", STRONG)
    write_docx(folder / "middle.docx", MIDDLE)
    write_txt(folder / "weak.txt", WEAK)
    role = session.roles.import_yaml(ROLE_YAML)
    report = import_resumes(session, role, [folder], TaskState(), registry=registry)
    assert report.counts == {"parsed": 3}
    return role


def _identifying(person: object) -> list[str]:
    from tests.app.screening_support import Person

    assert isinstance(person, Person)
    first, last = person.name.split()
    phone_digits = person.phone.replace(" ", "")
    return [
        first,
        last,
        person.email,
        phone_digits,
        phone_digits.lstrip("+"),
        person.phone,
        str(person.grad_year),
    ]


def _pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_csv_lists_every_candidate_best_first_with_contacts(
    session: Session, role_id: int, tmp_path: Path
) -> None:
    path = export_csv(session, role_id, tmp_path / "out" / "ranked.csv", blind=False)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == [p.name for p in PEOPLE]
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["email"] == STRONG.email and rows[0]["phone"] == STRONG.phone.replace(" ", "")
    assert float(rows[0]["score"]) > float(rows[1]["score"]) > float(rows[2]["score"])
    assert rows[2]["meets_must_haves"] == "no" and rows[2]["missing"] == "Python; SQL"
    parts = sum(
        float(rows[1][f"points_{n}"])
        for n in ("must_haves", "skills", "experience", "education", "keywords")
    )
    assert parts == pytest.approx(float(rows[1]["score"]), abs=0.3)
    assert path.stat().st_mode & 0o077 == 0  # owner-only: it holds candidate data


def test_json_export_has_scores_evidence_and_json_resume_profiles(
    session: Session, role_id: int, tmp_path: Path
) -> None:
    path = export_json(session, role_id, tmp_path / "ranked.json", blind=False)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["role"]["criteria"]["title"] == "Backend Engineer"
    assert data["role"]["criteria_version"] == 1
    first = data["candidates"][0]
    assert first["rank"] == 1 and first["display_name"] == STRONG.name
    assert {p["name"] for p in first["screening"]["parts"]} == {
        "must_haves",
        "skills",
        "experience",
        "education",
        "keywords",
    }
    assert any(p["evidence"] for p in first["screening"]["parts"])
    resume = first["resume"]
    assert set(resume) >= {"basics", "work", "education", "skills", "languages"}
    assert resume["basics"]["email"] == STRONG.email
    assert resume["basics"]["name"] == STRONG.name
    assert resume["work"][0] == {
        "name": "Orbital Widgets",
        "position": "Senior Backend Engineer",
        "startDate": "2018-01",
    }
    assert resume["education"][0]["endDate"] == "2013"
    assert {"name": "Python"} in resume["skills"]
    assert [c["display_name"] for c in data["candidates"]] == [p.name for p in PEOPLE]


def test_blind_exports_hide_names_contacts_and_graduation_years(
    session: Session, role_id: int, tmp_path: Path
) -> None:
    outputs = [
        export_csv(session, role_id, tmp_path / "blind.csv", blind=True).read_text(
            encoding="utf-8"
        ),
        export_json(session, role_id, tmp_path / "blind.json", blind=True).read_text(
            encoding="utf-8"
        ),
        _pdf_text(export_shortlist_pdf(session, role_id, tmp_path / "blind.pdf", blind=True)),
    ]
    for text in outputs:
        for person in PEOPLE:
            for value in _identifying(person):
                assert value.lower() not in text.lower(), value
        assert "Lisbon, Portugal" not in text  # the location; "University of Lisbon" may stay
        assert "Candidate #" in text
    data = json.loads(outputs[1])
    assert all(c["resume"]["basics"] == {} for c in data["candidates"])
    assert {"name": "Python"} in data["candidates"][0]["resume"]["skills"]


def test_shortlist_pdf_shows_criteria_ranking_parts_and_evidence(
    session: Session, role_id: int, tmp_path: Path
) -> None:
    path = export_shortlist_pdf(session, role_id, tmp_path / "shortlist.pdf", blind=False, top=2)
    assert path.read_bytes().startswith(b"%PDF")
    text = _pdf_text(path)
    for expected in (
        "Shortlist: Backend Engineer",
        "Must have",
        "Python, SQL",
        STRONG.name,
        MIDDLE.name,
    ):
        assert expected in text
    assert "Showing 2 of 3 candidates" in text
    assert WEAK.name not in text  # only the top 2 were asked for
    assert "must haves 30/30" in text and "Evidence for skills" in text
    assert "Candor recommends; a person decides" in text
    assert not list(tmp_path.glob("*.part"))


def test_every_export_is_audit_logged(session: Session, role_id: int, tmp_path: Path) -> None:
    export_csv(session, role_id, tmp_path / "a.csv", blind=False)
    export_json(session, role_id, tmp_path / "a.json", blind=True)
    export_shortlist_pdf(session, role_id, tmp_path / "a.pdf", blind=False)
    exports = [e for e in session.audit.entries() if e.action == "candidates.exported"]
    assert [(json.loads(e.details)["format"], json.loads(e.details)["blind"]) for e in exports] == [
        ("csv", False),
        ("json", True),
        ("pdf", False),
    ]
    assert all(e.subject == f"role:{role_id}" for e in exports)
    assert session.audit.verify().ok
