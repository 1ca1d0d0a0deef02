"""The `candor` command line, run in-process against real workspaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cli
from tests.app.cli_support import run


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANDOR_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture
def workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    path = tmp_path / "ws"
    code, out, err = run(
        monkeypatch,
        capsys,
        ["init", "--workspace", str(path), "--admin", "alice", "--password-stdin"],
        "correct horse\n",
    )
    assert code == 0, err
    assert "Created workspace" in out
    return path


def test_init_then_user_add_list_disable(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["user", "--workspace", str(workspace), "--user", "alice", "--password-stdin"]
    code, out, err = run(
        monkeypatch,
        capsys,
        [*base, "add", "bob", "--role", "recruiter"],
        "correct horse\nbobs password\n",
    )
    assert code == 0, err
    code, out, _ = run(monkeypatch, capsys, [*base, "list"], "correct horse\n")
    assert code == 0
    assert "bob" in out and "recruiter" in out and "active" in out
    code, out, _ = run(monkeypatch, capsys, [*base, "disable", "bob"], "correct horse\n")
    assert code == 0
    code, out, err = run(
        monkeypatch,
        capsys,
        ["user", "--workspace", str(workspace), "--user", "bob", "--password-stdin", "list"],
        "bobs password\n",
    )
    assert code == cli.EXIT_ERROR
    assert "disabled" in err.lower()


def test_wrong_password_is_a_message_and_exit_1_not_a_traceback(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        monkeypatch,
        capsys,
        ["audit", "--workspace", str(workspace), "--user", "alice", "--password-stdin", "verify"],
        "nope\n",
    )
    assert code == cli.EXIT_ERROR
    assert err.startswith("candor: ") and "Traceback" not in err
    assert out == ""


def test_missing_stdin_password_says_what_was_expected(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        monkeypatch,
        capsys,
        ["user", "--workspace", str(workspace), "--user", "alice", "--password-stdin", "list"],
        "",
    )
    assert code == cli.EXIT_ERROR
    assert "Standard input ended" in err


def test_audit_verify_reports_an_intact_chain_and_uses_the_last_workspace(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # no --workspace / --user: the last ones used (by init) are taken
    code, out, err = run(
        monkeypatch, capsys, ["audit", "--password-stdin", "verify"], "correct horse\n"
    )
    assert code == 0, err
    assert "Audit log intact" in out


def test_passwords_cannot_be_given_as_arguments() -> None:
    parser = cli.build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["init", "--workspace", "x", "--admin", "a", "--password", "secret"])


def test_policies_lists_the_four_presets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, ["policies"])
    assert code == 0
    for preset in ("general", "eu", "us-illinois", "us-nyc"):
        assert preset in out
    eu_line = next(line for line in out.splitlines() if line.startswith("eu "))
    assert "forbidden" in eu_line


def test_init_into_a_non_empty_folder_is_refused_and_leaves_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me")
    code, _, _err = run(
        monkeypatch,
        capsys,
        ["init", "--workspace", str(folder), "--admin", "a", "--password-stdin"],
        "correct horse\n",
    )
    assert code == cli.EXIT_ERROR
    assert sorted(p.name for p in folder.iterdir()) == ["letter.txt"]
