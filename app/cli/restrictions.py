"""`candor human-only set|clear|list` and `candor consent withdraw`.

A candidate's objection to automated analysis (GDPR Art. 21/22, Illinois): once set,
no analysis path runs on their data and reviewers judge the recordings themselves.
Withdrawing consent also deletes their analysis results. Administrators and recruiters
only; with --password-stdin, line 1 is your password.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from app.cli.common import ExitCode, Subparsers, add_workspace_options, open_session, print_table


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "human-only",
        help="record or lift a candidate's objection to automated analysis",
        description="A candidate under human-only review is never analysed automatically "
        "(kiosk, re-run, `candor analyse`, recovery); reviewers rate the recordings.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (
        ("set", "the candidate objects: human-only review from now on"),
        ("clear", "the candidate asked to lift their objection"),
    ):
        q = actions.add_parser(name, help=text, description=text)
        add_workspace_options(q)
        q.add_argument("candidate", type=int, metavar="ID")
        q.set_defaults(func=cmd_set, human_only=name == "set")
    q = actions.add_parser(
        "list",
        help="candidates under human-only review",
        description="One line per candidate: id, source (kiosk, staff, request), set by, set at.",
    )
    add_workspace_options(q)
    q.add_argument("--all", action="store_true", help="also those whose objection was lifted")
    q.set_defaults(func=cmd_list)

    p = sub.add_parser("consent", help="a candidate's consent to automated analysis")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser(
        "withdraw",
        help="delete a candidate's analysis results and set human-only review",
        description="Deletes, in one transaction, every analysis run and result of the "
        "candidate (transcripts, scores, face observations and identity checks) and sets "
        "human-only review. Recordings, the resume, ratings and decisions are kept.",
    )
    add_workspace_options(q)
    q.add_argument("candidate", type=int, metavar="ID")
    q.set_defaults(func=cmd_withdraw)


def cmd_set(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.restrictions import set_human_only

    with open_session(args) as session:
        changed = set_human_only(session, args.candidate, args.human_only, source="staff")
    state = "under human-only review" if args.human_only else "no longer under human-only review"
    prefix = "" if changed else "Unchanged: "
    out.write(f"{prefix}Candidate #{args.candidate} is {state}.\n")
    return ExitCode.OK


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.restrictions import list_restrictions

    with open_session(args) as session:
        found = list_restrictions(session, include_cleared=args.all)
    if not found:
        out.write("No candidate is under human-only review.\n")
        return ExitCode.OK
    rows = [("CANDIDATE", "HUMAN-ONLY", "SOURCE", "SET BY", "SET AT")]
    rows += [
        (str(r.candidate_id), "yes" if r.human_only else "no", r.source, r.set_by, r.set_at)
        for r in found
    ]
    print_table(rows, out)
    return ExitCode.OK


def cmd_withdraw(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.restrictions import withdraw_consent

    with open_session(args) as session:
        result = withdraw_consent(session, args.candidate)
    out.write(
        f"Candidate #{result.candidate_id}: consent to automated analysis withdrawn; "
        f"{result.runs_deleted} analysis run(s) and {result.steps_deleted} result(s) deleted "
        f"({result.identity_results_deleted} with face data). Human-only review is set.\n"
    )
    return ExitCode.OK
