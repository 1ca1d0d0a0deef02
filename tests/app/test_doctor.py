from __future__ import annotations

from pathlib import Path

from app.doctor import check_disk, check_qt_platform, run_checks


def test_doctor_passes_on_a_set_up_machine_and_names_every_capability(
    provisioned_model_dir: Path, tmp_path: Path
) -> None:
    checks = run_checks(provisioned_model_dir, tmp_path, qt=False)
    failed = [c for c in checks if not c.ok]
    assert failed == []
    names = {c.name for c in checks}
    assert {"Python", "SQLCipher", "OpenCV wheels", "GPU"} <= names
    assert sum(name.startswith("Model: ") for name in names) == 7


def test_doctor_reports_missing_models_with_the_fix(tmp_path: Path) -> None:
    checks = run_checks(tmp_path / "no-models-here", None, qt=False)
    missing = [c for c in checks if c.name.startswith("Model: ") and not c.ok]
    assert missing, "an empty model folder must leave some capability unavailable"
    assert all(c.fix and c.warning for c in missing)


def test_qt_platform_check_runs_in_a_child_and_reports_offscreen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    check = check_qt_platform()
    assert check.ok and check.detail == "offscreen"
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    check = check_qt_platform()
    assert not check.ok and check.fix


def test_disk_check_walks_up_to_an_existing_folder(tmp_path: Path) -> None:
    check = check_disk(tmp_path / "not" / "yet" / "created", "workspace")
    assert str(tmp_path) in check.detail or "GiB free" in check.detail
