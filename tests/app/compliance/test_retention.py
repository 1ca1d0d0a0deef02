"""The retention sweep on real workspaces, with the clock moved ahead: recordings, analysis
results and inactive candidates go when their period has passed, held candidates stay and
are listed, the sweep is idempotent and audit-logged, and every number a notice prints is
the period the sweep enforces.

`seed` is shared with the crash test, the CLI test and benchmarks/bench_retention.py: it
writes one candidate with recordings (encrypted files), an analysis run with step results,
a resume and optionally a decision, all dated `at`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from app.accounts import iso_utc
from app.compliance import holds, retention
from app.compliance.requests import RequestRegister
from app.errors import PermissionDenied
from app.media import MediaNotFound, MediaRef
from app.policy import RETENTION_KEYS, Policy, list_policies, load_policy
from app.workspace import Session
from tests.app.interviews_support import RECRUITER, new_workspace, sign_in

DAY = 86_400
T0 = datetime(2025, 1, 1, tzinfo=UTC).timestamp()


@dataclass(frozen=True)
class Seeded:
    candidate_id: int
    answers: tuple[int, ...]
    refs: tuple[MediaRef, ...]
    runs: tuple[int, ...]
    resume: MediaRef


def _question_set(session: Session) -> tuple[int, list[int]]:
    found = session.db.scalar("SELECT min(id) FROM question_sets")
    if found is None:
        stamp = iso_utc(T0)
        found = session.db.execute(
            "INSERT INTO question_sets (name, created_by, created_at, updated_at) "
            "VALUES ('Retention test', 'admin', ?, ?)",
            (stamp, stamp),
        )
        for position in (1, 2, 3):
            session.db.execute(
                "INSERT INTO questions (question_set_id, position, text, think_s, answer_s, "
                "retakes) VALUES (?, ?, ?, 5, 60, 0)",
                (found, position, f"Question {position}"),
            )
    questions = session.db.query(
        "SELECT id FROM questions WHERE question_set_id = ? ORDER BY position", (found,)
    )
    return int(found), [int(q[0]) for q in questions]


def seed(
    session: Session,
    at: float,
    *,
    name: str = "Ada Example",
    recordings: int = 2,
    decided_at: float | None = None,
    payload: bytes = b"recorded answer " * 64,
) -> Seeded:
    """One candidate whose data all dates from `at` (epoch seconds)."""
    stamp = iso_utc(at)
    db = session.db
    set_id, questions = _question_set(session)
    candidate = session.candidates.add(name, {})
    resume = session.media.put_bytes(candidate, "resume", b"%PDF resume of " + name.encode())
    with db.transaction():
        db.execute("UPDATE candidates SET created_at = ? WHERE id = ?", (stamp, candidate))
        db.execute(
            "INSERT INTO resumes (candidate_id, imported_at, file_name, sha256, kind, media_json, "
            "resume_text, profile_json, summary_json, parse_json) "
            "VALUES (?, ?, 'cv.pdf', '00', 'pdf', ?, ?, '{}', '{}', '{}')",
            (candidate, stamp, resume.to_json(), f"Resume of {name}"),
        )
        interview = db.execute(
            "INSERT INTO interview_sessions (candidate_id, question_set_id, status, expires_at, "
            "created_by, created_at, started_at, ended_at) "
            "VALUES (?, ?, 'completed', ?, 'admin', ?, ?, ?)",
            (candidate, set_id, stamp, stamp, stamp, stamp),
        )
    refs, answers = [], []
    for question in questions[:recordings]:
        ref = session.media.put_bytes(candidate, "answer", payload)
        refs.append(ref)
        answers.append(
            db.execute(
                "INSERT INTO answers (session_id, question_id, take, media_ref_json, status, "
                "duration_s, started_at, ended_at) VALUES (?, ?, 1, ?, 'complete', 30, ?, ?)",
                (interview, question, ref.to_json(), stamp, stamp),
            )
        )
    with db.transaction():
        run = db.execute(
            "INSERT INTO analysis_runs (candidate_id, source, created_at, finished_at, status, "
            "settings_json, models_json) VALUES (?, ?, ?, ?, 'complete', '{}', '{}')",
            (candidate, f"interview:{interview}", stamp, stamp),
        )
        for key in ("q1", "q2", ""):
            db.execute(
                "INSERT INTO analysis_step_results (run_id, answer_key, step, status, "
                "result_json, model_json, started_at, finished_at) "
                "VALUES (?, ?, 'transcript', 'ok', ?, '{}', ?, ?)",
                (run, key, json.dumps({"text": f"{name} said things"}), stamp, stamp),
            )
        if decided_at is not None:
            db.execute(
                "INSERT INTO decisions (candidate_id, outcome, reason, decided_by, decided_at) "
                "VALUES (?, 'hold', 'Waiting for the second round', 'admin', ?)",
                (candidate, iso_utc(decided_at)),
            )
    return Seeded(candidate, tuple(answers), tuple(refs), (run,), resume)


def kept_refs(session: Session, seeded: Seeded) -> int:
    marks = ",".join("?" * len(seeded.answers))
    return int(
        session.db.scalar(
            f"SELECT count(*) FROM answers WHERE id IN ({marks}) AND media_ref_json IS NOT NULL",
            seeded.answers,
        )
    )


def runs_of(session: Session, seeded: Seeded) -> int:
    return int(
        session.db.scalar(
            "SELECT count(*) FROM analysis_runs WHERE candidate_id = ?", (seeded.candidate_id,)
        )
    )


def erased(session: Session, seeded: Seeded) -> bool:
    value = session.db.scalar(
        "SELECT erased_at FROM candidates WHERE id = ?", (seeded.candidate_id,)
    )
    return value is not None


def file_exists(session: Session, ref: MediaRef) -> bool:
    return (session.media.root / str(ref.candidate_id) / f"{ref.file_id}.cmedia").exists()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    with new_workspace(tmp_path / "ws") as s:  # general: resumes 365, media 180, results 365
        yield s


def with_periods(policy: Policy, **days: int) -> Policy:
    return dataclasses.replace(
        policy, retention_days=MappingProxyType({**policy.retention_days, **days})
    )


# -- what goes, when ----------------------------------------------------------------------


def test_nothing_goes_before_its_period(session: Session) -> None:
    seed(session, T0)
    plan = retention.preview(session, T0 + 179 * DAY)
    assert plan.items == () and plan.skipped == ()
    report = retention.run_sweep(session, T0 + 179 * DAY)
    assert not report.changed and report.recordings_deleted == 0


def test_recordings_past_their_period_are_deleted_with_their_files(session: Session) -> None:
    old = seed(session, T0)
    new = seed(session, T0 + 30 * DAY, name="Bo Example")
    now = T0 + 181 * DAY
    (item,) = retention.preview(session, now).items
    assert (item.candidate_id, item.key, item.count, item.period_days) == (
        old.candidate_id,
        "interview_media",
        2,
        180,
    )
    assert item.since == iso_utc(T0) and item.expired_since == iso_utc(T0 + 180 * DAY)
    assert "180 days" in item.reason and "end of the recording" in item.reason

    report = retention.run_sweep(session, now)
    assert (report.recordings_deleted, report.files_removed) == (2, 2)
    assert (report.analysis_runs_deleted, report.candidates_erased) == (0, 0)
    assert kept_refs(session, old) == 0 and runs_of(session, old) == 1
    assert not any(file_exists(session, r) for r in old.refs)
    assert file_exists(session, old.resume)
    with pytest.raises(MediaNotFound):
        session.media.read_bytes(old.refs[0])
    assert kept_refs(session, new) == 2 and all(file_exists(session, r) for r in new.refs)


def test_analysis_results_past_their_period_are_deleted(session: Session) -> None:
    seeded = seed(session, T0, decided_at=T0 + 200 * DAY)
    policy = with_periods(load_policy("general"), analysis_results=100)
    plan = retention.preview(session, T0 + 101 * DAY, policy=policy)
    assert [(i.key, i.what) for i in plan.items] == [("analysis_results", "1 analysis run")]
    report = retention.run_sweep(session, T0 + 101 * DAY, policy=policy)
    assert (report.analysis_runs_deleted, report.step_results_deleted) == (1, 3)
    assert runs_of(session, seeded) == 0 and kept_refs(session, seeded) == 2
    assert session.db.scalar("SELECT count(*) FROM analysis_step_results") == 0


def test_an_inactive_candidate_is_erased_with_a_certificate(session: Session) -> None:
    seeded = seed(session, T0)
    now = T0 + 366 * DAY
    (item,) = retention.preview(session, now).items  # erasure covers the rest
    assert (item.key, item.what, item.period_days) == ("resumes", "candidate record", 365)
    report = retention.run_sweep(session, now)
    assert report.candidates_erased == 1 and erased(session, seeded)
    assert not any(file_exists(session, r) for r in (*seeded.refs, seeded.resume))
    certificate = session.db.scalar(
        "SELECT certificate_json FROM erasures WHERE candidate_id = ?", (seeded.candidate_id,)
    )
    assert certificate is not None and "Ada" not in certificate


def test_a_candidates_age_counts_from_their_latest_activity(session: Session) -> None:
    seeded = seed(session, T0, decided_at=T0 + 300 * DAY)
    report = retention.run_sweep(session, T0 + 366 * DAY)
    assert report.candidates_erased == 0 and not erased(session, seeded)
    assert report.recordings_deleted == 2 and report.analysis_runs_deleted == 1
    assert retention.run_sweep(session, T0 + 664 * DAY).candidates_erased == 0
    assert retention.run_sweep(session, T0 + 666 * DAY).candidates_erased == 1


def test_joining_another_role_counts_as_activity(session: Session) -> None:
    seeded = seed(session, T0)
    later = iso_utc(T0 + 200 * DAY)
    with session.db.transaction():
        role = session.db.execute(
            "INSERT INTO roles (title, created_at, created_by) VALUES ('Nurse', ?, 'admin')",
            (later,),
        )
        session.db.execute(
            "INSERT INTO role_candidates (role_id, candidate_id, added_at, status) "
            "VALUES (?, ?, ?, 'parsed')",
            (role, seeded.candidate_id, later),
        )
    assert retention.run_sweep(session, T0 + 366 * DAY).candidates_erased == 0
    assert retention.run_sweep(session, T0 + 566 * DAY).candidates_erased == 1


def test_an_open_erasure_request_is_fulfilled_by_the_sweeps_erasure(session: Session) -> None:
    seeded = seed(session, T0)
    register = RequestRegister(session)
    request = register.add(seeded.candidate_id, "erasure", received_on=date(2025, 12, 20))
    retention.run_sweep(session, T0 + 366 * DAY)
    closed = register.get(request.id)
    assert closed.status.value == "fulfilled" and closed.closed_by == "admin"


def test_the_sweep_is_idempotent_and_audit_logged_with_counts(session: Session) -> None:
    seeded = seed(session, T0, decided_at=T0 + 300 * DAY)
    before = session.audit.entries()[-1].seq
    retention.run_sweep(session, T0 + 366 * DAY)
    again = retention.run_sweep(session, T0 + 366 * DAY)
    assert not again.changed and again.plan.items == ()
    entries = session.audit.entries(after_seq=before)
    deleted = [e for e in entries if e.action == "retention.deleted"]
    assert [e.subject for e in deleted] == [f"candidate:{seeded.candidate_id}"]
    assert json.loads(deleted[0].details) == {
        "recordings": 2,
        "analysis_runs": 1,
        "step_results": 3,
        "periods": {"interview_media": 180, "analysis_results": 365},
    }
    swept = [json.loads(e.details) for e in entries if e.action == "retention.swept"]
    assert [s["recordings"] for s in swept] == [2, 0]
    assert "Ada" not in "".join(e.details for e in entries)
    assert session.audit.verify().ok


def test_a_dry_run_reports_the_same_and_changes_nothing(session: Session) -> None:
    old = seed(session, T0)
    recent = seed(session, T0, name="Bo Example", decided_at=T0 + 300 * DAY)
    now = T0 + 366 * DAY
    before = session.audit.entries()[-1].seq
    dry = retention.run_sweep(session, now, dry_run=True)
    assert session.audit.entries()[-1].seq == before
    assert kept_refs(session, recent) == 2 and not erased(session, old)
    real = retention.run_sweep(session, now)
    fields = ("recordings_deleted", "analysis_runs_deleted", "step_results_deleted")
    assert [getattr(dry, f) for f in fields] == [getattr(real, f) for f in fields] == [2, 1, 3]
    assert dry.candidates_erased == real.candidates_erased == 1
    assert dry.dry_run and not dry.changed and real.changed


# -- legal holds ------------------------------------------------------------------------


def test_held_candidates_are_skipped_and_listed_until_released(session: Session) -> None:
    held = seed(session, T0)
    other = seed(session, T0, name="Bo Example", decided_at=T0 + 300 * DAY)
    holds.set_hold(session, held.candidate_id, "Case 2026-014")
    now = T0 + 366 * DAY
    plan = retention.preview(session, now)
    assert plan.held_ids == [held.candidate_id]
    assert [(i.candidate_id, i.key) for i in plan.skipped] == [(held.candidate_id, "resumes")]
    assert {i.candidate_id for i in plan.items} == {other.candidate_id}
    report = retention.run_sweep(session, now)
    assert report.held_skipped == [held.candidate_id] and report.candidates_erased == 0
    assert not erased(session, held) and kept_refs(session, held) == 2
    assert all(file_exists(session, r) for r in held.refs)
    holds.release_hold(session, held.candidate_id)
    assert retention.run_sweep(session, now).candidates_erased == 1 and erased(session, held)


# -- permissions ------------------------------------------------------------------------


def test_only_administrators_preview_or_run_the_sweep(tmp_path: Path) -> None:
    new_workspace(tmp_path / "ws").close()
    with sign_in(tmp_path / "ws", RECRUITER) as recruiter:
        with pytest.raises(PermissionDenied):
            retention.preview(recruiter)
        with pytest.raises(PermissionDenied):
            retention.run_sweep(recruiter)


# -- the notice promises what the sweep does ------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("policy", list_policies(), ids=lambda p: p.id)
def test_every_period_a_notice_prints_is_the_one_enforced(policy: Policy) -> None:
    template = policy.notice_text
    assert not re.search(r"\d", _PLACEHOLDER.sub("", template)), "a number typed into the notice"
    for key in _PLACEHOLDER.findall(template):
        if key in RETENTION_KEYS:
            assert retention.enforced_days(policy, key) == policy.retention_days[key]
            assert f"{policy.retention_days[key]} days" in policy.rendered_notice()
    periods = {p.key: p for p in retention.periods(policy)}
    assert list(periods) == list(RETENTION_KEYS)
    assert periods["audit_log"].removes == retention.AUDIT_LOG_KEPT
    assert not periods["audit_log"].enforced


@pytest.mark.parametrize("policy", list_policies(), ids=lambda p: p.id)
def test_shortening_a_period_changes_the_notice_and_the_sweep_alike(
    tmp_path: Path, policy: Policy
) -> None:
    shorter = with_periods(policy, interview_media=7, analysis_results=9)
    assert retention.enforced_days(shorter, "interview_media") == 7
    printed = _PLACEHOLDER.findall(policy.notice_text)
    if "interview_media" in printed:
        assert "7 days" in shorter.rendered_notice()
    with new_workspace(tmp_path / "ws", policy.id) as session:
        seeded = seed(session, T0)
        assert retention.preview(session, T0 + 8 * DAY, policy=policy).items == ()
        retention.run_sweep(session, T0 + 8 * DAY, policy=shorter)
        assert kept_refs(session, seeded) == 0 and runs_of(session, seeded) == 1


def test_the_erasure_deadline_illinois_prints_is_the_one_the_register_sets(
    tmp_path: Path,
) -> None:
    policy = load_policy("us-illinois")
    assert "within 30 days of your request" in policy.rendered_notice()
    with new_workspace(tmp_path / "ws", "us-illinois") as session:
        candidate = session.candidates.add("Ada Example", {})
        request = RequestRegister(session).add(candidate, "erasure", received_on=date(2025, 5, 10))
    days = (date.fromisoformat(request.due_on) - date(2025, 5, 10)).days
    assert days == policy.notice_values()["erasure_request_days"] == 30
