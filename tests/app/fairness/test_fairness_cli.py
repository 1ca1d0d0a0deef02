"""`candor demographics import` and `candor fairness report|check`, in-process."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from analysis.resume import ResumeParser
from analysis.scoring import RoleCriteria
from app.accounts import Role
from app.fairness.synthetic import SyntheticGroup as G
from app.fairness.synthetic import populate
from app.keys import KdfParams
from app.workspace import Session, Workspace
from tests.app.cli_support import run
from tests.app.screening_support import STRONG

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANDOR_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "ws"
    with Workspace.create(path, "admin", PASSWORD, kdf=KdfParams.insecure_fast()) as s:
        s.users.add("rita", Role.RECRUITER, PASSWORD)
        for name in ("Ann", "Ben", "Cat"):
            s.candidates.add(name, {})
        s.candidates.delete(3)
    yield path


def _candor(
    mp: pytest.MonkeyPatch,
    cap: pytest.CaptureFixture[str],
    ws: Path,
    *argv: str,
    user: str = "admin",
) -> tuple[int, str, str]:
    common = ["--workspace", str(ws), "--user", user, "--password-stdin"]
    return run(mp, cap, [argv[0], argv[1], *common, *argv[2:]], PASSWORD + "\n")


def _stored(ws: Path) -> int:
    with Workspace.open(ws, "admin", PASSWORD) as s:
        return int(s.db.scalar("SELECT count(*) FROM demographics"))


def test_import_stores_every_row(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "ats.csv"
    f.write_text("candidate_id,sex,race_ethnicity\n1,Female,Asian\n2,male,\n", "utf-8")
    code, out, err = _candor(monkeypatch, capsys, ws, "demographics", "import", str(f))
    assert code == 0, err
    assert "2" in out and _stored(ws) == 2


@pytest.mark.parametrize(
    ("rows", "line", "says"),
    [
        ("1,Female,Asian\n99,Male,White\n", 2, "#99 does not exist"),
        ("1,Female,Asian\n3,Male,White\n", 2, "#3 has been erased"),
        ("1,Female,Asian\n2,Male,Martian\n", 2, "race/ethnicity"),
        ("1,Robot,Asian\n", 1, "sex"),
        ("1,Female\n", 1, "expected 3 cells"),
        ("1,Female,Asian\nabc,Male,White\n", 2, "not a candidate number"),
        ("1,Female,Asian\n1,Male,White\n", 2, "already on line 1"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_imported(
    ws: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    rows: str,
    line: int,
    says: str,
) -> None:
    f = tmp_path / "ats.csv"
    f.write_text(rows, "utf-8")
    code, _, err = _candor(monkeypatch, capsys, ws, "demographics", "import", str(f))
    assert code == 1
    assert f"Line {line}:" in err and says in err and "Nothing was imported" in err
    assert "Traceback" not in err and "Martian" not in err and "Robot" not in err
    assert _stored(ws) == 0


def test_a_missing_file_is_a_clear_error(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _candor(
        monkeypatch, capsys, ws, "demographics", "import", str(tmp_path / "nope.csv")
    )
    assert code == 1 and "does not exist" in err


def test_recruiters_cannot_import(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "ats.csv"
    f.write_text("1,Female,Asian\n", "utf-8")
    code, _, err = _candor(monkeypatch, capsys, ws, "demographics", "import", str(f), user="rita")
    assert code == 1 and "not allowed" in err


def _role(ws: Path, groups: list[G]) -> int:
    with Workspace.open(ws, "admin", PASSWORD) as s:
        role_id = s.roles.create(RoleCriteria(title="Nurse", min_years=1))
        if groups:
            populate(s, role_id, groups)
        return role_id


GROUPS = [G("Male", "White", 40, 20, 10, 10), G("Female", "Asian", 40, 12, 4, 8)]


@pytest.mark.parametrize("fmt", ["pdf", "csv", "json"])
def test_report_writes_each_format(
    ws: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    role_id = _role(ws, GROUPS)
    out_file = tmp_path / f"audit.{fmt}"
    code, out, err = _candor(
        monkeypatch, capsys, ws, "fairness", "report", "--role", str(role_id),
        "--format", fmt, "--out", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    assert f"Wrote {out_file}" in out
    data = out_file.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "json":
        audit = json.loads(data)
        sex = audit["stages"][1]["tables"][0]
        rates = {r["category"]: r["selection_rate"] for r in sex["rows"]}
        assert rates == {"Male": 0.5, "Female": pytest.approx(1 / 3)}
    else:
        rows = list(csv.DictReader(data.decode().splitlines()))
        female = next(r for r in rows if r["stage"] == "decision" and r["category"] == "Female")
        assert female["impact_ratio"] == "0.6667" and female["four_fifths_flag"] == "yes"
    with Workspace.open(ws, "admin", PASSWORD) as s:
        actions = [r[0] for r in s.db.query("SELECT action FROM audit_log")]
    assert "fairness.report_exported" in actions


def test_the_illinois_report_lists_in_person_interviews_by_race(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    role_id = _role(ws, GROUPS)
    out_file = tmp_path / "il.csv"
    today = date.today().isoformat()
    code, _, err = _candor(
        monkeypatch, capsys, ws, "fairness", "report", "--role", str(role_id), "--format",
        "csv", "--out", str(out_file), "--illinois", "--from", "2000-01-01", "--to", today,
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(out_file.read_text().splitlines()))
    asian = next(r for r in rows if r["race_ethnicity"] == "Asian")
    assert asian["completed_ai_interview"] == "12"
    assert asian["afforded_in_person_interview"] == "4"
    assert asian["not_afforded_in_person_interview"] == "8"


def test_a_role_without_data_says_so_and_writes_no_table(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    role_id = _role(ws, [])
    out_file = tmp_path / "audit.csv"
    code, out, err = _candor(
        monkeypatch, capsys, ws, "fairness", "report", "--role", str(role_id),
        "--format", "csv", "--out", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    assert "Not enough data" in out
    rows = list(csv.DictReader(out_file.read_text().splitlines()))
    assert [r["category"] for r in rows] == ["", ""]
    assert all("Not enough data" in r["note"] for r in rows)


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--role", "404"], "does not exist"),
        (["--role", "1", "--from", "2026-02-01", "--to", "2026-01-01"], "--from is after --to"),
    ],
)
def test_report_errors_are_messages_not_tracebacks(
    ws: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    says: str,
) -> None:
    _role(ws, [])
    code, _, err = _candor(
        monkeypatch, capsys, ws, "fairness", "report", *extra,
        "--format", "json", "--out", str(tmp_path / "a.json"),
    )  # fmt: skip
    assert code == 1 and says in err and "Traceback" not in err


def test_report_to_a_missing_or_unwritable_folder_is_a_clear_error(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    role_id = _role(ws, GROUPS)
    base = ["fairness", "report", "--role", str(role_id), "--format", "json"]
    code, _, err = _candor(
        monkeypatch, capsys, ws, *base, "--out", str(tmp_path / "nope" / "a.json")
    )
    assert code == 1 and "does not exist" in err
    if os.geteuid() == 0:
        pytest.skip("root may write to any folder")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        code, _, err = _candor(monkeypatch, capsys, ws, *base, "--out", str(locked / "a.json"))
    finally:
        locked.chmod(0o700)
    assert code == 1 and "may not write" in err


def test_recruiters_cannot_run_the_report(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    role_id = _role(ws, GROUPS)
    code, _, err = _candor(
        monkeypatch, capsys, ws, "fairness", "report", "--role", str(role_id),
        "--format", "json", "--out", str(tmp_path / "a.json"), user="rita",
    )  # fmt: skip
    assert code == 1 and "not allowed" in err and not (tmp_path / "a.json").exists()


def test_check_prints_the_verdict(
    ws: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import app.fairness.counterfactual as counterfactual

    parser = ResumeParser(today=date(2024, 6, 1))
    monkeypatch.setattr(counterfactual, "_parser", lambda registry, taxonomy: parser)
    with Workspace.open(ws, "admin", PASSWORD) as s:
        role_id = _add_resume_role(s)
    code, out, err = _candor(monkeypatch, capsys, ws, "fairness", "check", "--role", str(role_id))
    assert code == 0, err
    assert "1 candidates" in out and "No score changed." in out


def _add_resume_role(s: Session) -> int:
    role_id = s.roles.create(RoleCriteria(title="Engineer", min_years=12))
    s.db.execute(
        "INSERT INTO resumes VALUES (1, 'x', 'r.txt', 'h', 'txt', 1, '{}', ?, '{}', '{}', '{}')",
        (STRONG.text(),),
    )
    s.db.execute(
        "INSERT INTO role_candidates (role_id, candidate_id, added_at, status) "
        "VALUES (?, 1, '2024-01-01', 'parsed')",
        (role_id,),
    )
    return role_id
