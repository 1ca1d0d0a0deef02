"""Shared pieces of the Reports page tests: a page on a real workspace, analysed candidates,
and a folder offer that records instead of opening a file manager."""

from __future__ import annotations

from pathlib import Path

from analysis.models import ModelRegistry
from analysis.tasks import NullTask
from app.analysis_pipeline.store import AnalysisStore, RunStatus
from app.screening.importing import import_resumes
from app.workspace import Session
from views.jobs import QtJobRunner
from views.reports.folder import FolderOffer
from views.reports.page import ReportsPage

from .screening_support import Chooser, backend_role, write_resumes


class Offer(FolderOffer):
    """Records the folders offered and opened; never starts a file manager."""

    def __init__(self) -> None:
        self.opened: list[Path] = []
        super().__init__(self.opened.append)


def screened_role(session: Session, tmp_path: Path) -> int:
    """A role with two fictional resumes imported and scored."""
    role_id = session.roles.create(backend_role())
    folder = tmp_path / "resumes"
    write_resumes(folder)
    import_resumes(
        session, role_id, [folder], NullTask(), registry=ModelRegistry(tmp_path / "models")
    )
    return role_id


def mark_analysed(session: Session, candidate_id: int) -> None:
    """A complete (empty) analysis run: enough for the candidate to be offered a report."""
    store = AnalysisStore(session.db)
    run = store.create_run(candidate_id, "test", {}, {})
    store.set_status(run, RunStatus.COMPLETE)


def make_page(qtbot: object, session: Session, runner: QtJobRunner, tmp_path: Path) -> ReportsPage:
    page = ReportsPage(session, runner, tmp_path / "models", chooser=Chooser(), offer=Offer())
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.resize(1100, 700)
    return page


def show_loaded(qtbot: object, page: ReportsPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=20_000):  # type: ignore[attr-defined]
        page.show()
