"""`candor requests list|add|show|close` and `candor retention status|run|hold|release|holds`.

The register of data-subject requests (deadlines from the workspace's policy) and the
retention sweep with legal holds. Administrators only; with --password-stdin, line 1
is your password.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, TextIO

from app.cli.common import ExitCode, Subparsers, add_workspace_options, open_session, print_table

if TYPE_CHECKING:
    from app.compliance.requests import DataRequest
    from app.compliance.retention import RetentionPlan, RetentionReport

KINDS = ("access", "erasure", "rectification", "objection", "withdrawal")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def _action(group: Subparsers, name: str, text: str) -> argparse.ArgumentParser:
    q = group.add_parser(name, help=text, description=text)
    add_workspace_options(q)
    return q


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "requests",
        help="the register of data-subject requests and their legal deadlines",
        description="Access, erasure, rectification, objection (human-only review) and "
        "withdrawal of consent: when each was received, its deadline under the workspace's "
        "policy, and how it was closed. Administrators only.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = _action(actions, "list", "requests, open ones first by deadline")
    q.add_argument("--open", action="store_true", help="only the open requests")
    q.add_argument("--candidate", type=int, metavar="ID", help="only this candidate's")
    q.set_defaults(func=cmd_list)
    q = _action(actions, "add", "record a request; its deadline follows from the policy")
    q.add_argument("--candidate", type=int, metavar="ID", required=True)
    q.add_argument("--kind", choices=KINDS, required=True)
    q.add_argument("--received", type=_date, metavar="YYYY-MM-DD", help="default: today")
    q.add_argument("--note", default="", help="how it came in (kept until the candidate is erased)")
    q.set_defaults(func=cmd_add)
    q = _action(actions, "show", "one request with its note")
    q.add_argument("request", type=int, metavar="N")
    q.set_defaults(func=cmd_show)
    q = _action(actions, "close", "mark a request fulfilled or refused")
    q.add_argument("request", type=int, metavar="N")
    q.add_argument("--status", choices=("fulfilled", "refused"), required=True)
    q.add_argument("--note", default="", help="added to the request's note")
    q.set_defaults(func=cmd_close)

    p = sub.add_parser(
        "retention",
        help="the policy's retention periods, the sweep that enforces them, legal holds",
        description="Recordings, analysis results and inactive candidates are removed when "
        "the policy's period has passed (Candor also sweeps at sign-in and daily). Candidates "
        "on legal hold are skipped. Administrators only.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = _action(actions, "status", "the periods, and what a sweep would remove now and why")
    q.set_defaults(func=cmd_status)
    q = _action(actions, "run", "remove what the periods say must go now")
    q.add_argument("--dry-run", action="store_true", help="show what would go; change nothing")
    q.set_defaults(func=cmd_run)
    q = _action(actions, "hold", "keep a candidate's data whatever the periods say")
    q.add_argument("candidate", type=int, metavar="ID")
    q.add_argument("--reason", required=True, help="case or matter reference (no candidate data)")
    q.set_defaults(func=cmd_hold)
    q = _action(actions, "release", "lift a candidate's legal hold")
    q.add_argument("candidate", type=int, metavar="ID")
    q.set_defaults(func=cmd_release)
    q = _action(actions, "holds", "the candidates on legal hold")
    q.set_defaults(func=cmd_holds)


# -- requests --------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.requests import RequestRegister, RequestStatus

    with open_session(args) as session:
        register = RequestRegister(session)
        status = RequestStatus.OPEN if args.open else None
        found = register.list(status=status, candidate_id=args.candidate)
        today, summary = register.today(), register.due_summary()
    if not found:
        out.write("No data-subject requests.\n" if not args.open else "No open requests.\n")
        return ExitCode.OK
    rows = [("#", "CANDIDATE", "KIND", "RECEIVED", "DUE", "STATUS")]
    rows += [
        (
            str(r.id),
            f"#{r.candidate_id}",
            r.kind.value,
            r.received_on,
            r.due_on + (" (overdue)" if r.overdue(today) else ""),
            r.status.value + (f" by {r.closed_by}" if r.closed_by else ""),
        )
        for r in found
    ]
    print_table(rows, out)
    out.write(f"Open: {summary.overdue} overdue, {summary.due_soon} due within 7 days.\n")
    return ExitCode.OK


def cmd_add(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.requests import RequestRegister

    with open_session(args) as session:
        request = RequestRegister(session).add(
            args.candidate, args.kind, received_on=args.received, note=args.note
        )
        policy = session.policy_id
    out.write(
        f"Request #{request.id}: {request.kind.value} for candidate #{request.candidate_id}, "
        f"received {request.received_on}, due {request.due_on} (policy {policy}).\n"
    )
    return ExitCode.OK


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.requests import RequestRegister

    with open_session(args) as session:
        register = RequestRegister(session)
        request = register.get(args.request)
        today = register.today()
    _write_request(request, today, out)
    return ExitCode.OK


def cmd_close(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.requests import RequestRegister

    with open_session(args) as session:
        request = RequestRegister(session).close(args.request, args.status, args.note)
    out.write(f"Request #{request.id} is {request.status.value}.\n")
    return ExitCode.OK


def _write_request(r: DataRequest, today: date, out: TextIO) -> None:
    left = r.days_left(today)
    when = f"{left} day(s) left" if left >= 0 else f"{-left} day(s) overdue"
    lines = [
        ("Request", f"#{r.id}"),
        ("Candidate", f"#{r.candidate_id}"),
        ("Kind", r.kind.value),
        ("Received", r.received_on),
        ("Due", r.due_on + (f" ({when})" if r.status.value == "open" else "")),
        ("Status", r.status.value),
        ("Added by", f"{r.created_by} at {r.created_at}"),
    ]
    if r.closed_by:
        lines.append(("Closed by", f"{r.closed_by} at {r.closed_at}"))
    lines.append(("Note", r.note or "-"))
    for key, value in lines:
        out.write(f"{key + ':':<11}{value}\n")


# -- retention -------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance import retention

    with open_session(args) as session:
        plan = retention.preview(session)
    out.write(f"Retention periods (policy {plan.policy_id}):\n")
    rows = [("PERIOD", "DAYS", "REMOVES", "COUNTED FROM")]
    rows += [(p.key, str(p.days), p.removes, p.counts_from) for p in plan.periods]
    print_table(rows, out)
    out.write("\n")
    _write_plan(plan, out)
    return ExitCode.OK


def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance import retention

    with open_session(args) as session:
        report = retention.run_sweep(session, dry_run=args.dry_run)
    _write_plan(report.plan, out)
    out.write("\n" + _outcome(report) + "\n")
    for candidate_id, message in report.failed:
        out.write(f"Candidate #{candidate_id} was left as it was: {message}\n")
    return ExitCode.ERROR if report.failed else ExitCode.OK


def _write_plan(plan: RetentionPlan, out: TextIO) -> None:
    if plan.items:
        out.write(f"Past its period ({len(plan.items)}):\n")
        rows = [("CANDIDATE", "WHAT", "DUE SINCE", "WHY")]
        rows += [(f"#{i.candidate_id}", i.what, i.expired_since[:10], i.reason) for i in plan.items]
        print_table(rows, out)
    else:
        out.write("Nothing is past its period.\n")
    if plan.skipped:
        out.write(f"Kept by a legal hold ({len(plan.held_ids)} candidate(s)):\n")
        held = [("CANDIDATE", "WHAT", "DUE SINCE")]
        held += [(f"#{i.candidate_id}", i.what, i.expired_since[:10]) for i in plan.skipped]
        print_table(held, out)
    if plan.pending_files:
        out.write(f"{plan.pending_files} file(s) of an interrupted sweep are removed first.\n")


def _outcome(report: RetentionReport) -> str:
    done = (
        f"{report.recordings_deleted} recording(s), {report.analysis_runs_deleted} analysis "
        f"run(s) ({report.step_results_deleted} result(s)), {report.candidates_erased} "
        "candidate(s) erased"
    )
    held = f"; {len(report.held_skipped)} candidate(s) skipped (legal hold)"
    if report.dry_run:
        return f"Would remove: {done}{held}. Nothing was changed (--dry-run)."
    return f"Removed: {done}{held}."


# -- legal holds -----------------------------------------------------------------------


def cmd_hold(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.holds import set_hold

    with open_session(args) as session:
        hold = set_hold(session, args.candidate, args.reason)
    out.write(f"Candidate #{hold.candidate_id} is on legal hold: the sweep skips them.\n")
    return ExitCode.OK


def cmd_release(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.holds import release_hold

    with open_session(args) as session:
        release_hold(session, args.candidate)
    out.write(
        f"The hold on candidate #{args.candidate} is released: the periods apply again "
        "at the next sweep.\n"
    )
    return ExitCode.OK


def cmd_holds(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.holds import list_holds

    with open_session(args) as session:
        found = list_holds(session)
    if not found:
        out.write("No candidate is on legal hold.\n")
        return ExitCode.OK
    rows = [("CANDIDATE", "SET BY", "SET AT", "REASON")]
    rows += [(f"#{h.candidate_id}", h.set_by, h.set_at, h.reason) for h in found]
    print_table(rows, out)
    return ExitCode.OK
