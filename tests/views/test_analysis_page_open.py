"""Opening the interview analysis page from the Interviews list."""

from __future__ import annotations

from pathlib import Path

import pytest

from views.analysis_page import AnalysisPage
from views.interviews.sessions import SessionsPanel

from .interviews_support import record_interview

WAIT = 15_000


@pytest.mark.qt_log_ignore(r"^This plugin does not support (propagateSizeHints|raise)\(\)$")
def test_view_analysis_opens_the_candidates_page_blind(
    qtbot, session, workspace: Path, runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CANDOR_MODEL_DIR", str(tmp_path / "models"))
    interview, _answers = record_interview(session, workspace, tmp_path / "clips", answers=1)
    panel = SessionsPanel(session, runner)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: len(panel.summaries) == 1, timeout=WAIT)
    assert not panel.analysis_button.isEnabled()
    panel.select_interview(interview)
    assert panel.analysis_button.isEnabled()
    with qtbot.waitSignal(panel.dialog_opened, timeout=WAIT) as opened:
        panel.analysis_button.click()
    page = opened.args[0]
    assert isinstance(page, AnalysisPage) and page.isWindow()
    candidate = panel.summaries[0].candidate_id
    assert page.candidate_id == candidate
    qtbot.waitUntil(lambda: page.data is not None, timeout=WAIT)
    assert page.title.text() == f"Candidate #{candidate}: interview analysis"  # blind
    # Recorded but not analysed yet: the page says so rather than showing nothing.
    assert "No complete interview analysis" in page.summary.text()
    page.close()
