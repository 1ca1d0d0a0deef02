"""`candor candidate export|erase|exports` end to end, and `candor report` in the inventory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.accounts import Role
from app.workspace import Session
from tests.app.cli_support import run

from ..conftest import ADMIN, ADMIN_PASSWORD
from .candidate_support import CANARY, build_candidate

PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    state = tmp_path / "state"
    monkeypatch.setenv("CANDOR_STATE_DIR", str(state))
    return state


def _base(session: Session, user: str = ADMIN) -> list[str]:
    return ["--workspace", str(session.path), "--user", user, "--password-stdin"]


def test_export_writes_a_folder_or_a_zip_and_lists_it_in_the_inventory(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = build_candidate(session, answers=1)
    cid = str(built.candidate_id)
    out = tmp_path / "copies"
    code, stdout, err = run(
        monkeypatch,
        capsys,
        ["candidate", "export", cid, "--out", str(out), *_base(session)],
        ADMIN_PASSWORD + "\n",
    )
    assert (code, err) == (0, "")
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    assert f"Wrote {folder}" in stdout
    assert json.loads((folder / "candidate.json").read_text())["schema_version"] == 1
    code, stdout, _ = run(
        monkeypatch,
        capsys,
        ["candidate", "export", cid, "--out", str(out), "--zip", *_base(session)],
        ADMIN_PASSWORD + "\n",
    )
    assert code == 0 and "plain zip (not encrypted)" in stdout
    code, stdout, _ = run(
        monkeypatch, capsys, ["candidate", "exports", cid, *_base(session)], ADMIN_PASSWORD + "\n"
    )
    assert code == 0
    assert stdout.count("access_export") == 2 and str(folder) in stdout


def test_export_errors_are_messages_not_tracebacks(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = build_candidate(session, answers=1)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cases = [
        (["candidate", "export", "999", "--out", str(tmp_path / "o")], "does not exist"),
        (
            ["candidate", "export", str(built.candidate_id), "--out", str(blocker / "o")],
            "cannot write to the folder",
        ),
        (["candidate", "erase", "999", "--yes"], "does not exist"),
    ]
    for argv, message in cases:
        code, _, err = run(monkeypatch, capsys, [*argv, *_base(session)], ADMIN_PASSWORD + "\n")
        assert code == 1 and message in err and "Traceback" not in err


def test_erase_asks_for_the_number_and_writes_the_certificate(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = build_candidate(session, answers=1)
    cid = str(built.candidate_id)
    out = tmp_path / "certs"
    argv = ["candidate", "erase", cid, "--request", str(built.request_id), "--out", str(out)]
    code, _, err = run(monkeypatch, capsys, [*argv, *_base(session)], f"{ADMIN_PASSWORD}\n12345\n")
    assert code == 1 and "did not match; nothing was erased" in err
    assert session.candidates.count() == 1
    assert not list(out.glob("deletion-certificate-*"))

    code, stdout, err = run(
        monkeypatch, capsys, [*argv, *_base(session)], f"{ADMIN_PASSWORD}\n{cid}\n"
    )
    assert code == 0, err
    assert f"Type the candidate's number ({cid})" in err
    assert session.candidates.count() == 0
    assert f"Request #{built.request_id} is closed as fulfilled." in stdout
    pdf = out / f"deletion-certificate-candidate-{cid}.pdf"
    data = out / f"deletion-certificate-candidate-{cid}.json"
    assert str(pdf) in stdout and pdf.is_file() and CANARY not in data.read_text()

    code, _, err = run(
        monkeypatch,
        capsys,
        ["candidate", "erase", cid, "--yes", *_base(session)],
        ADMIN_PASSWORD + "\n",
    )
    assert code == 1 and "has been erased" in err
    code, stdout, _ = run(
        monkeypatch, capsys, ["candidate", "exports", *_base(session)], ADMIN_PASSWORD + "\n"
    )
    assert stdout.count("deletion_certificate") == 2


def test_erase_names_the_exported_copies_to_delete_by_hand(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = build_candidate(session, answers=1)
    cid = str(built.candidate_id)
    run(
        monkeypatch,
        capsys,
        ["candidate", "export", cid, "--out", str(tmp_path / "c"), *_base(session)],
        ADMIN_PASSWORD + "\n",
    )
    code, stdout, _ = run(
        monkeypatch,
        capsys,
        ["candidate", "erase", cid, "--yes", "--out", str(tmp_path / "certs"), *_base(session)],
        ADMIN_PASSWORD + "\n",
    )
    assert code == 0
    assert "must delete by hand" in stdout and str(tmp_path / "c") in stdout


def test_recruiters_cannot_erase_from_the_command_line(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = build_candidate(session, answers=1)
    session.users.add("rita", Role.RECRUITER, PASSWORD)
    code, _, err = run(
        monkeypatch,
        capsys,
        [
            "candidate",
            "erase",
            str(built.candidate_id),
            "--out",
            str(tmp_path),
            *_base(session, "rita"),
        ],
        f"{PASSWORD}\n{built.candidate_id}\n",
    )
    assert code == 1 and "not allowed to erase candidates" in err
    assert session.candidates.count() == 1


def test_erase_refuses_a_held_candidate_naming_the_release_command(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = build_candidate(session, answers=1)
    session.db.execute(
        "INSERT INTO legal_holds (candidate_id, reason, set_by, set_at) "
        "VALUES (?, 'litigation', 'admin', '2026-01-01')",
        (built.candidate_id,),
    )
    code, _, err = run(
        monkeypatch,
        capsys,
        [
            "candidate",
            "erase",
            str(built.candidate_id),
            "--yes",
            "--out",
            str(tmp_path),
            *_base(session),
        ],
        ADMIN_PASSWORD + "\n",
    )
    assert code == 1 and "legal hold" in err and "candor retention release" in err
    assert session.candidates.count() == 1


def test_report_command_records_its_pdf_in_the_inventory(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.reports import candidate as report_module

    def write(report: object, path: Path, *, blind: bool) -> Path:
        path.write_bytes(b"%PDF-1.4 stand-in")  # the report itself is tested elsewhere
        return path

    monkeypatch.setattr(report_module, "build_candidate_report", lambda *a, **k: object())
    monkeypatch.setattr(report_module, "write_candidate_report", write)
    built = build_candidate(session, answers=1)
    pdf = tmp_path / "report.pdf"
    code, _, err = run(
        monkeypatch,
        capsys,
        ["report", str(built.candidate_id), "--out", str(pdf), "--blind", *_base(session)],
        ADMIN_PASSWORD + "\n",
    )
    assert code == 0, err
    code, stdout, _ = run(
        monkeypatch,
        capsys,
        ["candidate", "exports", str(built.candidate_id), *_base(session)],
        ADMIN_PASSWORD + "\n",
    )
    assert "candidate_report" in stdout and str(pdf) in stdout
