"""`candor parse` (no workspace, stores nothing) and `candor screen` end to end."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from app.keys import KdfParams
from app.workspace import Workspace
from tests.app.cli_support import run
from tests.app.screening_support import (
    MIDDLE,
    ROLE_YAML,
    STRONG,
    WEAK,
    write_docx,
    write_pdf,
    write_txt,
)

PARSE_KEYS = {
    "file",
    "status",
    "name",
    "emails",
    "phones",
    "links",
    "location",
    "skills",
    "education",
    "experience",
    "total_experience_years",
    "languages",
}
PASSWORD = "correct horse"


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    state = tmp_path / "state"
    monkeypatch.setenv("CANDOR_STATE_DIR", str(state))
    return state


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "resumes"
    (folder / "nested").mkdir(parents=True)
    write_pdf(folder / "strong.pdf", STRONG)
    write_docx(folder / "nested" / "middle.docx", MIDDLE)
    write_txt(folder / "weak.txt", WEAK)
    (folder / "nested" / "empty.pdf").write_bytes(b"")
    return folder


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(root.rglob("*"))}


def test_parse_prints_every_file_with_the_required_keys_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    provisioned_model_dir: Path,
    isolated_state: Path,
    tmp_path: Path,
) -> None:
    before = _snapshot(tmp_path)
    code, out, err = run(
        monkeypatch, capsys, ["parse", str(folder), "--model-dir", str(provisioned_model_dir)]
    )
    assert code == 0, err
    records = json.loads(out)
    by_file = {Path(r["file"]).name: r for r in records}
    assert set(by_file) == {"strong.pdf", "middle.docx", "weak.txt", "empty.pdf"}
    assert all(set(r) >= PARSE_KEYS for r in records)
    assert by_file["empty.pdf"]["status"] == "empty"
    strong = by_file["strong.pdf"]
    assert strong["status"] == "parsed"
    assert strong["name"] == STRONG.name
    assert strong["emails"] == [STRONG.email]
    assert strong["phones"] == ["+351912345678"]  # E.164
    assert {"Python", "SQL", "Docker", "Kubernetes", "AWS"} <= set(strong["skills"])
    assert strong["experience"][0] == {
        "title": "Senior Backend Engineer",
        "employer": "Orbital Widgets",
        "start": "2018-01",
        "end": "present",
    }
    assert strong["education"][0]["level"] == "master"
    assert strong["education"][0]["end_year"] == 2013
    assert strong["total_experience_years"] > 10
    # Nothing was stored: no workspace, no state, no new or changed file.
    assert _snapshot(tmp_path) == before
    assert not isolated_state.exists()


def test_parse_jsonl_prints_one_object_per_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    provisioned_model_dir: Path,
) -> None:
    weak = folder / "weak.txt"
    argv = ["parse", str(weak), str(weak), "--jsonl", "--model-dir", str(provisioned_model_dir)]
    code, out, err = run(monkeypatch, capsys, argv)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1  # the same path given twice is read once
    assert json.loads(lines[0])["name"] == WEAK.name


def test_screen_stores_ranks_and_exports_with_the_network_blocked(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    provisioned_model_dir: Path,
    tmp_path: Path,
    fast_kdf: KdfParams,
    network_off: list[object],
) -> None:
    workspace = tmp_path / "ws"
    Workspace.create(workspace, "alice", PASSWORD, kdf=fast_kdf).close()
    role = tmp_path / "role.yaml"
    role.write_text(ROLE_YAML, encoding="utf-8")
    base = ["screen", "--workspace", str(workspace), "--user", "alice", "--password-stdin"]
    base += ["--role", str(role), "--model-dir", str(provisioned_model_dir), str(folder)]

    code, out, err = run(monkeypatch, capsys, [*base, "--format", "json"], f"{PASSWORD}\n")
    assert code == 0, err
    records = json.loads(out)
    assert [r["profile"]["name"] for r in records[:3]] == [STRONG.name, MIDDLE.name, WEAK.name]
    first = records[0]
    assert {"file", "score", "meets_must_haves", "missing", "parts", "profile"} <= set(first)
    assert Path(first["file"]).name == "strong.pdf"
    assert first["rank"] == 1 and first["meets_must_haves"] is True
    assert {"name", "points", "weight", "evidence"} <= set(first["parts"][0])
    assert records[2]["missing"] == ["Python", "SQL"]
    assert (Path(records[3]["file"]).name, records[3]["status"], records[3]["score"]) == (
        "empty.pdf",
        "empty",
        None,
    )

    out_csv = tmp_path / "ranked.csv"
    code, out, err = run(
        monkeypatch, capsys, [*base, "--format", "csv", "--out", str(out_csv)], f"{PASSWORD}\n"
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert [r["status"] for r in rows] == ["duplicate", "duplicate", "duplicate", "empty"]
    assert [r["name"] for r in rows[:3]] == [STRONG.name, MIDDLE.name, WEAK.name]
    assert rows[0]["score"] == f"{records[0]['score']:.1f}"

    out_pdf = tmp_path / "shortlist.pdf"
    argv = [*base, "--format", "pdf", "--out", str(out_pdf), "--blind"]
    code, out, err = run(monkeypatch, capsys, argv, f"{PASSWORD}\n")
    assert code == 0, err
    assert out_pdf.read_bytes().startswith(b"%PDF")

    with Workspace.open(workspace, "alice", PASSWORD) as session:
        [summary] = session.roles.list()  # the same criteria again reuse the role
        assert (summary.version, summary.candidate_count) == (1, 3)
        assert session.candidates.count() == 3
        assert session.audit.verify().ok
    assert network_off == []


def test_screen_with_invalid_role_file_says_what_is_wrong_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    provisioned_model_dir: Path,
    tmp_path: Path,
    fast_kdf: KdfParams,
) -> None:
    workspace = tmp_path / "ws"
    Workspace.create(workspace, "alice", PASSWORD, kdf=fast_kdf).close()
    role = tmp_path / "role.yaml"
    role.write_text(
        "title: Backend Engineer\nmust_have: [Python, Nonexistent Skillzz]\n", encoding="utf-8"
    )
    argv = ["screen", "--workspace", str(workspace), "--user", "alice", "--password-stdin"]
    argv += ["--role", str(role), "--model-dir", str(provisioned_model_dir), str(folder)]
    code, _, err = run(monkeypatch, capsys, argv, f"{PASSWORD}\n")
    assert code == 1
    assert "Nonexistent Skillzz" in err and "nothing was saved" in err
    with Workspace.open(workspace, "alice", PASSWORD) as session:
        assert session.roles.list() == [] and session.candidates.count() == 0


def test_help_does_not_load_the_language_model() -> None:
    import subprocess

    code = "import sys; from app import cli; cli.build_parser(); print('spacy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
