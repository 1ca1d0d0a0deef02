"""pytest-qt set-up for view tests: offscreen, Qt warnings fail, isolated per-user state."""

from __future__ import annotations

import os

# Before anything imports Qt: no display is needed or used.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.jobs import JobRunner
from views.errors import ErrorRouter
from views.jobs import QtJobRunner

_HERE = Path(__file__).resolve().parent


# The offscreen platform plugin cannot do these; it says so for every shown/raised window.
_OFFSCREEN_NOISE = r"^This plugin does not support (propagateSizeHints|raise)\(\)$"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A Qt warning (or worse) logged during a view test fails it."""
    for item in items:
        if _HERE in item.path.parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(_OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The remembered workspace and window geometry live in the test's own folder."""
    state = tmp_path / "state"
    monkeypatch.setenv("CANDOR_STATE_DIR", str(state))
    return state


@pytest.fixture
def log_lines() -> list[str]:
    return ["2025-01-01 INFO candor.test: first line", "2025-01-01 INFO candor.test: last line"]


@pytest.fixture
def router(qtbot: object, log_lines: list[str]) -> ErrorRouter:
    return ErrorRouter(lambda count: log_lines[-count:])


@pytest.fixture
def runner(router: ErrorRouter) -> Iterator[QtJobRunner]:
    qt_runner = QtJobRunner(JobRunner(max_workers=2), error_sink=router.handle)
    yield qt_runner
    qt_runner.shutdown()


PASSWORD = "correct horse battery"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A real workspace (SQLCipher, key slots) whose admin slot uses a cheap KDF."""
    from app.keys import KdfParams
    from app.workspace import Workspace

    path = tmp_path / "workspace"
    Workspace.create(path, "admin", PASSWORD, "eu", kdf=KdfParams.insecure_fast()).close()
    return path


@pytest.fixture
def session(workspace: Path) -> Iterator[object]:
    from app.workspace import Workspace

    opened = Workspace.open(workspace, "admin", PASSWORD)
    yield opened
    opened.close()
