"""Retention that is enforced: the sweep removes what the policy's periods say must go.

    preview(session)                  # what would go now, and why (held candidates: skipped)
    run_sweep(session)                # remove it; the app runs this at sign-in and daily
    run_sweep(session, dry_run=True)  # the same report, nothing changed

Each `retention_days` key of the policy, and what the sweep does with it:

- interview_media: a recording whose age (from the end of the recording) passed the
  period is deleted: its answer loses the media reference and the encrypted file is
  overwritten and removed (`app.interviews.takes.remove_recording`).
- analysis_results: an analysis run (with its step results: transcripts, scores,
  face observations) whose age, from when it finished, passed the period is deleted.
- resumes: a candidate whose latest activity is older than the period is erased by
  crypto-shredding (`app.compliance.erasure.erase_candidate`, certificate included).
  The age counts from the latest of: the candidate's creation, a resume import, being
  added to a role, an interview invitation, start or end, and a decision. Not from the
  import alone: someone imported 11 months ago who interviewed last week is still in
  the process the data was collected for. Not from reads, ratings or re-runs either:
  looking at a record must not keep it alive.
- audit_log: kept. The log holds no candidate data (ids and counts only) and is
  hash-chained, so this version never prunes it (see `AUDIT_LOG_KEPT`).

Candidates on legal hold (`app.compliance.holds`) are skipped and listed as skipped.

Crash safety: each candidate is one transaction (the rows, and an audit entry with
the counts). A recording's file is removed after that commit; the transaction also
writes the file references into a journal (a `settings` row), so a sweep killed after
the commit leaves no file behind: the next sweep removes the journalled files first.
An erasure is `erase_candidate`'s own transaction. A sweep killed by kill -9 leaves
every candidate either swept or untouched, and running it again completes it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from analysis.errors import CandorError
from analysis.tasks import NullTask, Task
from app.accounts import Permission, iso_utc
from app.compliance.holds import held_ids, is_held
from app.interviews.model import ExpiredMedia
from app.interviews.retention import (
    JOURNAL_PREFIX,
    drop_recordings,
    expired_media,
    forget_journal,
    journalled,
)
from app.interviews.takes import remove_recording
from app.policy import (
    AUDIT_LOG_KEPT,
    RETENTION_COUNTS_FROM,
    RETENTION_REMOVES,
    Policy,
    load_policy,
)
from app.policy import RetentionPeriod as Period

if TYPE_CHECKING:
    from app.storage.db import Database
    from app.workspace import Session

DAY_S = 86_400
# Latest activity per candidate not erased, in one pass over each table (ISO strings
# compare in time order).
_ACTIVITY = """
SELECT e.id, max(e.at) AS last FROM (
  SELECT id, created_at AS at FROM candidates
  UNION ALL SELECT candidate_id, imported_at FROM resumes
  UNION ALL SELECT candidate_id, added_at FROM role_candidates
  UNION ALL SELECT candidate_id, max(created_at, coalesce(started_at, ''), coalesce(ended_at, ''))
    FROM interview_sessions
  UNION ALL SELECT candidate_id, decided_at FROM decisions
) e JOIN candidates c ON c.id = e.id
WHERE c.erased_at IS NULL GROUP BY e.id HAVING last < ? ORDER BY e.id
"""


@dataclass(frozen=True)
class RetentionItem:
    """What goes for one candidate under one period, and why."""

    candidate_id: int
    key: str
    what: str
    count: int
    period_days: int
    since: str
    """When the age of the oldest of these starts (ISO UTC)."""
    expired_since: str
    """`since` + the period: from when it was due to go."""
    reason: str


@dataclass(frozen=True)
class RetentionPlan:
    now: str
    policy_id: str
    periods: tuple[Period, ...]
    items: tuple[RetentionItem, ...]
    skipped: tuple[RetentionItem, ...]
    """Items of candidates on legal hold: kept."""
    pending_files: int
    """Files of an interrupted sweep, removed first by the next one."""

    @property
    def candidate_ids(self) -> list[int]:
        return sorted({i.candidate_id for i in self.items})

    @property
    def held_ids(self) -> list[int]:
        return sorted({i.candidate_id for i in self.skipped})


@dataclass(frozen=True)
class RetentionReport:
    """What a sweep removed (with `dry_run`, what it would have removed)."""

    now: str
    dry_run: bool
    plan: RetentionPlan
    recordings_deleted: int = 0
    analysis_runs_deleted: int = 0
    step_results_deleted: int = 0
    candidates_erased: int = 0
    files_removed: int = 0
    failed: tuple[tuple[int, str], ...] = field(default_factory=tuple)
    """(candidate id, message) of candidates left as they were because of an error."""

    @property
    def held_skipped(self) -> list[int]:
        return self.plan.held_ids

    @property
    def changed(self) -> bool:
        return not self.dry_run and bool(
            self.recordings_deleted + self.analysis_runs_deleted + self.candidates_erased
        )


@dataclass
class _Work:
    """One candidate's share of the plan."""

    candidate_id: int
    erase: RetentionItem | None = None
    recordings: list[ExpiredMedia] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    items: list[RetentionItem] = field(default_factory=list)


def periods(policy: Policy) -> tuple[Period, ...]:
    """The policy's periods in RETENTION_KEYS order: the numbers the sweep enforces."""
    return policy.retention_periods()


def enforced_days(policy: Policy, key: str) -> int | None:
    """The period the sweep applies for `key`, None for what it keeps (the audit log)."""
    found = next(p for p in periods(policy) if p.key == key)
    return found.days if found.enforced else None


def preview(
    session: Session, now: float | None = None, *, policy: Policy | None = None
) -> RetentionPlan:
    """What a sweep at `now` (epoch seconds; default the session's clock) would remove."""
    session.user.require(Permission.MANAGE_COMPLIANCE)
    plan, _ = _plan(session, _now(session, now), policy)
    return plan


def run_sweep(
    session: Session,
    now: float | None = None,
    *,
    dry_run: bool = False,
    task: Task | None = None,
    policy: Policy | None = None,
) -> RetentionReport:
    """Remove everything past its period at `now`; idempotent. Administrators only."""
    session.user.require(Permission.MANAGE_COMPLIANCE)
    task = task or NullTask()
    at = _now(session, now)
    plan, works = _plan(session, at, policy)
    if dry_run:
        return _dry_report(session.db, plan, works)
    files = _finish_journal(session)
    counts = {"recordings": 0, "runs": 0, "steps": 0, "erased": 0}
    failed: list[tuple[int, str]] = []
    journals: list[str] = []
    try:
        for done, work in enumerate(works):
            task.check()
            task.progress(done / max(1, len(works)), f"Candidate #{work.candidate_id}")
            try:
                if work.erase is not None:
                    _erase(session, work)
                    counts["erased"] += 1
                else:
                    files += _delete(session, work, counts, journals)
            except CandorError as exc:
                failed.append((work.candidate_id, exc.message))
    finally:
        forget_journal(session.db, journals)
    with session.db.transaction():
        session.audit.record(
            "retention.swept",
            "",
            {
                "policy": plan.policy_id,
                "recordings": counts["recordings"],
                "analysis_runs": counts["runs"],
                "step_results": counts["steps"],
                "candidates_erased": counts["erased"],
                "held_skipped": len(plan.held_ids),
                "failed": len(failed),
            },
        )
    task.progress(1.0, "Retention sweep finished")
    return RetentionReport(
        now=plan.now,
        dry_run=False,
        plan=plan,
        recordings_deleted=counts["recordings"],
        analysis_runs_deleted=counts["runs"],
        step_results_deleted=counts["steps"],
        candidates_erased=counts["erased"],
        files_removed=files,
        failed=tuple(failed),
    )


# -- planning ---------------------------------------------------------------------------


def _now(session: Session, now: float | None) -> float:
    return session.clock() if now is None else now


def _plan(session: Session, now: float, policy: Policy | None) -> tuple[RetentionPlan, list[_Work]]:
    policy = policy or load_policy(session.policy_id)
    db = session.db
    works: dict[int, _Work] = {}

    def work(candidate_id: int) -> _Work:
        return works.setdefault(candidate_id, _Work(candidate_id))

    days = {p.key: p.days for p in periods(policy)}
    for candidate_id, last in _inactive(db, now, days["resumes"]):
        work(candidate_id).erase = _item(candidate_id, "resumes", "candidate record", 1, days, last)
    by_candidate: dict[int, list[ExpiredMedia]] = defaultdict(list)
    for expired in expired_media(db, policy, now):
        by_candidate[expired.candidate_id].append(expired)
    for candidate_id, found in by_candidate.items():
        since = min(e.ended_at for e in found)
        what = f"{len(found)} recording{'s' if len(found) != 1 else ''}"
        w = work(candidate_id)
        w.recordings = found
        w.items.append(_item(candidate_id, "interview_media", what, len(found), days, since))
    runs: dict[int, list[tuple[int, str]]] = defaultdict(list)
    cutoff = iso_utc(now - days["analysis_results"] * DAY_S)
    for run_id, candidate_id, ended in db.query(
        "SELECT id, candidate_id, coalesce(finished_at, created_at) FROM analysis_runs "
        "WHERE coalesce(finished_at, created_at) < ? ORDER BY id",
        (cutoff,),
    ):
        runs[int(candidate_id)].append((int(run_id), str(ended)))
    for candidate_id, found_runs in runs.items():
        count = len(found_runs)
        what = f"{count} analysis run{'s' if count != 1 else ''}"
        since = min(e for _, e in found_runs)
        w = work(candidate_id)
        w.runs = [r for r, _ in found_runs]
        w.items.append(_item(candidate_id, "analysis_results", what, count, days, since))
    held = held_ids(db)
    items: list[RetentionItem] = []
    skipped: list[RetentionItem] = []
    todo: list[_Work] = []
    for candidate_id in sorted(works):
        w = works[candidate_id]
        shown = [w.erase] if w.erase is not None else w.items
        if candidate_id in held:
            skipped.extend(shown)
        else:
            items.extend(shown)
            todo.append(w)
    pending = sum(len(refs) for _, refs in journalled(db))
    plan = RetentionPlan(
        iso_utc(now), policy.id, periods(policy), tuple(items), tuple(skipped), pending
    )
    return plan, todo


def _inactive(db: Database, now: float, days: int) -> list[tuple[int, str]]:
    cutoff = iso_utc(now - days * DAY_S)
    return [(int(r[0]), str(r[1])) for r in db.query(_ACTIVITY, (cutoff,))]


def _item(
    candidate_id: int, key: str, what: str, count: int, days: dict[str, int], since: str
) -> RetentionItem:
    period = days[key]
    expired = iso_utc(_epoch(since) + period * DAY_S)
    kept = "candidates" if key == "resumes" else RETENTION_REMOVES[key].split(" (")[0]
    reason = f"{kept} are kept {period} days from {RETENTION_COUNTS_FROM[key]}"
    return RetentionItem(candidate_id, key, what, count, period, since, expired, reason)


def _epoch(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp()


def _dry_report(db: Database, plan: RetentionPlan, works: list[_Work]) -> RetentionReport:
    run_ids = [r for w in works if w.erase is None for r in w.runs]
    steps = db.scalar(
        "SELECT count(*) FROM analysis_step_results WHERE run_id IN "
        "(SELECT value FROM json_each(?))",
        (json.dumps(run_ids),),
    )
    return RetentionReport(
        now=plan.now,
        dry_run=True,
        plan=plan,
        recordings_deleted=sum(len(w.recordings) for w in works if w.erase is None),
        analysis_runs_deleted=len(run_ids),
        step_results_deleted=int(steps),
        candidates_erased=sum(1 for w in works if w.erase is not None),
    )


# -- doing ------------------------------------------------------------------------------


def _delete(session: Session, work: _Work, counts: dict[str, int], journals: list[str]) -> int:
    """One candidate's expired recordings and analysis runs, in one transaction; then the
    recordings' files. Returns how many files were removed."""
    db = session.db
    cid = work.candidate_id
    with db.transaction():
        if is_held(db, cid):  # a hold set since the plan was made wins
            return 0
        gone = drop_recordings(db, cid, work.recordings)
        steps = runs = 0
        for run_id in work.runs:
            steps += db.execute_count(
                "DELETE FROM analysis_step_results WHERE run_id = ?", (run_id,)
            )
            runs += db.execute_count("DELETE FROM analysis_runs WHERE id = ?", (run_id,))
        if gone or runs:
            session.audit.record(
                "retention.deleted",
                f"candidate:{cid}",
                {
                    "recordings": len(gone),
                    "analysis_runs": runs,
                    "step_results": steps,
                    "periods": {i.key: i.period_days for i in work.items},
                },
            )
    counts["recordings"] += len(gone)
    counts["runs"] += runs
    counts["steps"] += steps
    if gone:
        journals.append(f"{JOURNAL_PREFIX}{cid}")
    for ref in gone:
        remove_recording(session.media, ref)
    return len(gone)


def _erase(session: Session, work: _Work) -> None:
    """Erase a candidate past the resumes period (their own transaction, certificate
    included; an open erasure request of theirs is closed as fulfilled). The audit entry
    saying why comes first: a kill in between leaves the candidate whole and the next
    sweep repeats both."""
    from app.compliance.erasure import erase_candidate

    assert work.erase is not None
    cid = work.candidate_id
    with session.db.transaction():
        if is_held(session.db, cid):
            return
        session.audit.record(
            "retention.expired",
            f"candidate:{cid}",
            {"period": "resumes", "period_days": work.erase.period_days},
        )
    request = session.db.scalar(
        "SELECT min(id) FROM data_requests WHERE candidate_id = ? AND kind = 'erasure' "
        "AND status = 'open'",
        (cid,),
    )
    erase_candidate(session, cid, request_id=None if request is None else int(request))


def _finish_journal(session: Session) -> int:
    """Remove the files a killed sweep had not removed yet; returns how many."""
    journals = journalled(session.db)
    for _, refs in journals:
        for ref in refs:
            remove_recording(session.media, ref)
    forget_journal(session.db, [k for k, _ in journals])
    return sum(len(refs) for _, refs in journals)


__all__ = [
    "AUDIT_LOG_KEPT",
    "Period",
    "RetentionItem",
    "RetentionPlan",
    "RetentionReport",
    "enforced_days",
    "periods",
    "preview",
    "run_sweep",
]
