"""Human-only review on a real workspace: staff record and lift a candidate's objection,
withdrawing consent deletes the analysis results (face data included) and keeps the
recordings, and the CLI gives clear errors; reviewers and kiosks cannot do any of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.tasks import NullTask
from app.analysis_pipeline.recovery import interview_answers
from app.analysis_pipeline.store import RunStatus
from app.compliance import restrictions
from app.compliance.restrictions import (
    is_human_only,
    list_restrictions,
    set_human_only,
    withdraw_consent,
)
from app.errors import CandidateErased, CandidateNotFound, PermissionDenied
from app.workspace import Session
from tests.app.cli_support import run
from tests.app.interviews_support import (
    KIOSK,
    PASSWORD,
    RECRUITER,
    REVIEWER,
    make_clip,
    new_workspace,
    sign_in,
)
from tests.app.recovery_support import record_interview, service_for


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANDOR_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "answer.mkv", seconds=1.0)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    new_workspace(path).close()
    return path


@pytest.fixture
def recruiter(workspace: Path) -> Iterator[Session]:
    session = sign_in(workspace, RECRUITER)
    yield session
    session.close()


@pytest.fixture
def models(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()  # empty: every model part is stored as unavailable, fast and complete
    return folder


def _actions(session: Session) -> list[tuple[str, str, str]]:
    return [(e.action, e.subject, e.details) for e in session.audit.entries()]


def test_staff_set_and_lift_human_only_review_and_each_change_is_audit_logged(
    recruiter: Session,
) -> None:
    candidate = recruiter.candidates.add("Grace Example", {})
    assert not is_human_only(recruiter.db, candidate)
    assert set_human_only(recruiter, candidate, True)
    assert not set_human_only(recruiter, candidate, True)  # unchanged: nothing logged
    assert is_human_only(recruiter.db, candidate)
    [row] = list_restrictions(recruiter)
    assert (row.candidate_id, row.source, row.set_by) == (candidate, "staff", RECRUITER)

    assert set_human_only(recruiter, candidate, False)
    assert not is_human_only(recruiter.db, candidate)
    assert list_restrictions(recruiter) == []
    [kept] = list_restrictions(recruiter, include_cleared=True)
    assert not kept.human_only
    logged = [a for a in _actions(recruiter) if a[0].startswith("restriction.")]
    assert [a[0] for a in logged] == [
        "restriction.human_only_set",
        "restriction.human_only_cleared",
    ]
    assert all(a[1] == f"candidate:{candidate}" and "Grace" not in a[2] for a in logged)


def test_reviewers_and_kiosks_may_not_record_or_withdraw_but_reviewers_may_see_it(
    workspace: Path, recruiter: Session
) -> None:
    candidate = recruiter.candidates.add("Grace Example", {})
    set_human_only(recruiter, candidate, True)
    for name in (REVIEWER, KIOSK):
        with sign_in(workspace, name) as other:
            with pytest.raises(PermissionDenied):
                set_human_only(other, candidate, False)
            with pytest.raises(PermissionDenied):
                withdraw_consent(other, candidate)
            with pytest.raises(PermissionDenied):
                list_restrictions(other)
    with sign_in(workspace, REVIEWER) as reviewer:
        assert restrictions.human_only(reviewer, candidate)
    assert is_human_only(recruiter.db, candidate)


def test_unknown_and_erased_candidates_are_refused(workspace: Path, recruiter: Session) -> None:
    with pytest.raises(CandidateNotFound):
        set_human_only(recruiter, 999, True)
    candidate = recruiter.candidates.add("Grace Example", {})
    set_human_only(recruiter, candidate, True)
    with sign_in(workspace, "admin") as admin:
        admin.candidates.delete(candidate)
        assert not is_human_only(admin.db, candidate)  # the row went with the candidate
        with pytest.raises(CandidateErased):
            set_human_only(admin, candidate, True)
        with pytest.raises(CandidateErased):
            withdraw_consent(admin, candidate)


def test_withdrawing_consent_deletes_every_analysis_result_but_keeps_recordings_and_answers(
    workspace: Path, recruiter: Session, clip: Path, models: Path
) -> None:
    interview = record_interview(workspace, recruiter, clip)
    other = record_interview(workspace, recruiter, clip, name="Other Person")
    service = service_for(recruiter, models)
    for recorded in (interview, other):
        pipeline = service.start(recorded.candidate, recorded.source, identity_consented=True)
        for answer in interview_answers(recruiter, recorded.source):
            pipeline.add_answer(answer, replace=True)
        pipeline.finish(NullTask())
    service.rerun(interview.candidate)  # a second run of the same answers
    runs_before = service.runs(interview.candidate)
    assert [r.status for r in runs_before] == [RunStatus.COMPLETE, RunStatus.COMPLETE]
    steps_before = sum(len(service.store.steps(r.id)) for r in runs_before)
    face_steps = sum(
        1 for r in runs_before for s in service.store.steps(r.id) if s.step in ("video", "identity")
    )
    assert face_steps > 0
    recordings = [a.media for a in service.store.answers(interview.source)]

    result = withdraw_consent(recruiter, interview.candidate)

    assert (result.runs_deleted, result.steps_deleted) == (2, steps_before)
    assert result.identity_results_deleted == face_steps
    assert service.runs(interview.candidate) == []
    assert service.latest(interview.candidate) is None
    orphaned = recruiter.db.scalar(
        "SELECT count(*) FROM analysis_step_results WHERE run_id IN (?, ?)",
        tuple(r.id for r in runs_before),
    )
    assert orphaned == 0
    assert is_human_only(recruiter.db, interview.candidate)
    [row] = list_restrictions(recruiter)
    assert row.source == "request"
    for ref in recordings:  # the recordings stay, readable, for the people who review them
        with recruiter.media.open(ref) as stream:
            assert stream.read(16)
    assert len(service.runs(other.candidate)) == 1  # nobody else's results are touched
    (_, subject, details) = next(a for a in _actions(recruiter) if a[0] == "consent.withdrawn")
    assert subject == f"candidate:{interview.candidate}"
    assert '"runs_deleted":2' in details.replace(" ", "")


def test_the_cli_sets_lists_clears_and_withdraws_with_clear_errors(
    workspace: Path,
    recruiter: Session,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    candidate = recruiter.candidates.add("Grace Example", {})
    base = ["--workspace", str(workspace), "--user", RECRUITER, "--password-stdin"]
    stdin = f"{PASSWORD}\n"

    code, out, err = run(monkeypatch, capsys, ["human-only", "set", str(candidate), *base], stdin)
    assert (code, err) == (0, "")
    assert f"Candidate #{candidate} is under human-only review." in out
    code, out, _ = run(monkeypatch, capsys, ["human-only", "list", *base], stdin)
    assert code == 0 and "Grace" not in out
    assert out.splitlines()[1].split()[:4] == [str(candidate), "yes", "staff", RECRUITER]
    code, out, err = run(monkeypatch, capsys, ["consent", "withdraw", str(candidate), *base], stdin)
    assert code == 0, err
    assert "0 analysis run(s)" in out and "Human-only review is set" in out
    code, out, _ = run(monkeypatch, capsys, ["human-only", "clear", str(candidate), *base], stdin)
    assert code == 0 and "no longer under human-only review" in out
    code, out, _ = run(monkeypatch, capsys, ["human-only", "list", *base], stdin)
    assert "No candidate is under human-only review." in out

    for argv in (["human-only", "set", "4242"], ["consent", "withdraw", "4242"]):
        code, out, err = run(monkeypatch, capsys, [*argv, *base], stdin)
        assert code == 1 and "Candidate #4242 does not exist" in err and "Traceback" not in err
    reviewer = ["--workspace", str(workspace), "--user", REVIEWER, "--password-stdin"]
    code, _, err = run(monkeypatch, capsys, ["human-only", "set", str(candidate), *reviewer], stdin)
    assert code == 1 and "not allowed to record a candidate's objection" in err
