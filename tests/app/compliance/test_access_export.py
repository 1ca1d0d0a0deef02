"""Access and portability: one folder or zip with everything about the candidate,
recordings decrypted; clear refusals; never a half-written copy."""

from __future__ import annotations

import errno
import json
import zipfile
from pathlib import Path

import pytest

from analysis.errors import Cancelled
from analysis.tasks import TaskState
from app.accounts import Role
from app.compliance import access
from app.compliance.access import export_candidate
from app.compliance.erasure import erase_candidate
from app.compliance.inventory import list_exports
from app.errors import CandidateErased, CandidateNotFound, OutputNotWritable, PermissionDenied
from app.workspace import Session, Workspace

from .candidate_support import CANARY, build_candidate

PASSWORD = "a long enough password"


def test_folder_export_holds_the_json_the_audit_the_pdf_and_decrypted_media(
    session: Session, tmp_path: Path
) -> None:
    built = build_candidate(session)
    result = export_candidate(session, built.candidate_id, tmp_path / "out")

    folder = result.path
    assert folder.parent == tmp_path / "out" and folder.is_dir()
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    recordings = [n for n in names if n.startswith("recordings/")]
    assert len(recordings) == 3 and all(n.endswith(".webm") for n in recordings)
    assert {"candidate.json", "audit.json", "summary.pdf"} <= set(names)
    assert f"resume/ada-{CANARY}.txt" in names
    assert any(n.startswith("consents/signed-waiver-") for n in names)
    assert result.file_count == len(names) == 8
    assert result.size_bytes == sum((folder / n).stat().st_size for n in names)
    assert all((folder / n).stat().st_mode & 0o077 == 0 for n in names)  # owner-only

    doc = json.loads((folder / "candidate.json").read_text())
    assert doc["schema_version"] == 1
    assert doc["candidate"]["display_name"] == f"Ada {CANARY}"
    assert doc["resume"]["json_resume"]["basics"]["email"] == f"{CANARY.lower()}@example.org"
    assert doc["resume"]["text"].startswith(f"Ada {CANARY}")
    evidence = doc["screenings"][0]["result_with_evidence"]["parts"][0]["evidence"]
    assert evidence == [{"text": f"Python at {CANARY}"}]
    steps = doc["analysis"]["runs"][0]["steps"]
    assert f"I worked on {CANARY} for years." in [s["result"].get("text") for s in steps]
    assert doc["ratings"][0]["comment"] == f"Clear answer, {CANARY}"
    assert doc["decisions"][0]["reason"] == f"Strong on {CANARY}"
    assert doc["consents"][0]["notice_version"] == 3
    assert doc["requests"][0]["note"] == f"asked by phone, {CANARY}"
    assert "demographics" not in json.dumps(doc["candidate"])

    assert (folder / f"resume/ada-{CANARY}.txt").read_bytes() == built.resume
    files = [a["file"] for a in doc["interviews"][0]["answers"]]
    assert [(folder / f).read_bytes() for f in files] == list(built.recordings)
    audit = json.loads((folder / "audit.json").read_text())
    assert {"candidate.created", "decision.recorded"} & {a["action"] for a in audit}
    assert (folder / "summary.pdf").read_bytes().startswith(b"%PDF")

    [recorded] = list_exports(session, candidate_id=built.candidate_id)
    assert (recorded.kind, recorded.path, recorded.blind) == ("access_export", str(folder), False)
    last = session.audit.entries(limit=100_000)[-1]
    assert (last.action, last.subject) == (
        "candidate.access_exported",
        f"candidate:{built.candidate_id}",
    )
    assert CANARY not in last.details


def test_zip_export_holds_the_same_files(session: Session, tmp_path: Path) -> None:
    built = build_candidate(session)
    result = export_candidate(session, built.candidate_id, tmp_path / "out", as_zip=True)
    assert result.path.suffix == ".zip" and result.path.stat().st_mode & 0o077 == 0
    with zipfile.ZipFile(result.path) as zf:
        names = zf.namelist()
        doc = json.loads(zf.read("candidate.json"))
        files = [a["file"] for a in doc["interviews"][0]["answers"]]
        assert [zf.read(f) for f in files] == list(built.recordings)
        assert zf.read(doc["resume"]["file"]) == built.resume
    assert len(names) == 8 and "summary.pdf" in names
    assert [p.name for p in (tmp_path / "out").iterdir()] == [
        result.path.name
    ]  # no work folder left


def test_erased_and_unknown_candidates_are_refused(session: Session, tmp_path: Path) -> None:
    built = build_candidate(session, answers=1)
    erase_candidate(session, built.candidate_id)
    with pytest.raises(CandidateErased):
        export_candidate(session, built.candidate_id, tmp_path / "out")
    with pytest.raises(CandidateNotFound):
        export_candidate(session, 4242, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_reviewers_and_the_kiosk_may_not_export_recruiters_may(
    session: Session, workspace_path: Path, tmp_path: Path
) -> None:
    built = build_candidate(session, answers=1)
    session.users.add("rob", Role.REVIEWER, PASSWORD)
    session.users.add("kiosk-1", Role.KIOSK, PASSWORD)
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    for name in ("rob", "kiosk-1"):
        with (
            Workspace.open(workspace_path, name, PASSWORD) as other,
            pytest.raises(PermissionDenied),
        ):
            export_candidate(other, built.candidate_id, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with Workspace.open(workspace_path, "rita", PASSWORD) as recruiter:
        assert export_candidate(recruiter, built.candidate_id, tmp_path / "out").path.is_dir()


def test_an_unwritable_folder_is_a_clear_error(session: Session, tmp_path: Path) -> None:
    built = build_candidate(session, answers=1)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputNotWritable, match="cannot write"):
        export_candidate(session, built.candidate_id, blocker / "out")
    assert list_exports(session) == []


@pytest.mark.parametrize("as_zip", [False, True])
def test_a_full_disk_half_way_leaves_nothing_behind(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_zip: bool
) -> None:
    built = build_candidate(session)
    real_copy = access._copy
    copies: list[int] = []

    def copy_then_fail(*args: object) -> int:
        if copies:
            raise OSError(errno.ENOSPC, "No space left on device")
        copies.append(1)
        return real_copy(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(access, "_copy", copy_then_fail)
    with pytest.raises(OutputNotWritable):
        export_candidate(session, built.candidate_id, tmp_path / "out", as_zip=as_zip)
    assert list((tmp_path / "out").iterdir()) == []
    assert list_exports(session) == []


def test_a_cancelled_export_leaves_nothing_behind(session: Session, tmp_path: Path) -> None:
    built = build_candidate(session)
    task = TaskState()
    task.cancel()
    with pytest.raises(Cancelled):
        export_candidate(session, built.candidate_id, tmp_path / "out", task=task)
    assert list((tmp_path / "out").iterdir()) == []


def test_a_candidate_with_only_a_name_gets_a_copy_too(session: Session, tmp_path: Path) -> None:
    cid = session.candidates.add("Bare Person", {})
    result = export_candidate(session, cid, tmp_path / "out")
    doc = json.loads((result.path / "candidate.json").read_text())
    assert doc["resume"] is None and doc["interviews"] == [] and doc["screenings"] == []
    assert sorted(p.name for p in result.path.iterdir()) == [
        "audit.json",
        "candidate.json",
        "summary.pdf",
    ]
