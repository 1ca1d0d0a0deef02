"""`candor fairness report|check` and `candor demographics import`: the bias audit.

All three are for administrators (MANAGE_COMPLIANCE). Heavy libraries (reportlab,
spaCy) are imported inside the commands so that `candor --help` stays fast.
"""

from __future__ import annotations

import argparse
import logging
from datetime import date
from pathlib import Path
from typing import TextIO

from analysis.errors import CandorError
from app.cli.common import (
    ExitCode,
    Subparsers,
    add_model_options,
    add_workspace_options,
    model_registry,
    open_session,
    print_table,
)

log = logging.getLogger("candor.cli")


def register(sub: Subparsers) -> None:
    """Add `fairness` (report, check) and `demographics` (import) to `candor`."""
    p = sub.add_parser(
        "fairness",
        help="bias audit of a role: adverse-impact report and counterfactual check",
        description="Administrators only. With --password-stdin, line 1 is your password.",
    )
    actions = p.add_subparsers(dest="fairness_command", metavar="ACTION", required=True)
    r = actions.add_parser(
        "report",
        help="selection and scoring rates, impact ratios and tests per category (PDF/CSV/JSON)",
        description="Per screening and decision stage: counts, selection rate, scoring rate "
        "(above the median), impact ratio against the highest category, four-fifths flags, "
        "small-sample warnings and Fisher's exact test, for sex, race/ethnicity and both. "
        "--illinois writes the AI Video Interview Act's yearly report instead (820 ILCS 42/20; "
        "without dates, the 12 months ending on the last November 30).",
    )
    add_workspace_options(r)
    r.add_argument("--role", type=int, required=True, metavar="ID", help="the role's number")
    r.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD")
    r.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD")
    r.add_argument("--format", choices=["pdf", "csv", "json"], required=True)
    r.add_argument("--out", required=True, metavar="FILE", help="where to write the report")
    r.add_argument("--illinois", action="store_true", help="the Illinois yearly report")
    r.set_defaults(func=cmd_report)

    c = actions.add_parser(
        "check",
        help="re-score each resume with names, gender words, ages, addresses, breaks swapped",
        description="Prints every score change with its cause; the expectation is none. "
        "Exit status 1 when a swap changed a score.",
    )
    add_workspace_options(c)
    add_model_options(c)
    c.add_argument("--role", type=int, required=True, metavar="ID", help="the role's number")
    c.set_defaults(func=cmd_check)

    d = sub.add_parser(
        "demographics",
        help="voluntary demographic answers for the bias audit (import from an ATS)",
        description="Administrators only. With --password-stdin, line 1 is your password.",
    )
    dactions = d.add_subparsers(dest="demographics_command", metavar="ACTION", required=True)
    i = dactions.add_parser(
        "import",
        help="import a CSV of candidate id, sex, race/ethnicity (all rows or none)",
        description="One row per candidate: candidate id, sex, race/ethnicity (EEO-1 "
        "categories; an empty cell means 'Prefer not to say'); a header row is allowed. "
        "A bad line stops the import before anything is stored.",
    )
    add_workspace_options(i)
    i.add_argument("file", metavar="FILE.csv")
    i.set_defaults(func=cmd_import)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from exc


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from app.fairness.audit import build_audit
    from app.fairness.illinois import reporting_period
    from app.fairness.report import export_audit

    date_from, date_to = args.date_from, args.date_to
    if args.illinois and date_from is None and date_to is None:
        date_from, date_to = reporting_period(date.today())
    if date_from and date_to and date_from > date_to:
        raise CandorError("--from is after --to.", "Give the earlier date with --from.")
    target = Path(args.out).expanduser()
    if not target.parent.is_dir():
        raise CandorError(
            f"The folder {target.parent} does not exist.", "Create it or choose another --out."
        )
    with open_session(args) as session:
        audit = build_audit(session, args.role, date_from=date_from, date_to=date_to)
        path = export_audit(session, audit, target, args.format, illinois=args.illinois)
    for note in audit.notes:
        out.write(f"{note}\n")
    for stage in audit.stages:
        out.write(
            f"{stage.title}: {stage.sample} people"
            + (f". {stage.note}" if stage.note else "")
            + "\n"
        )
    out.write(f"Wrote {path}\n")
    return ExitCode.OK


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from analysis.tasks import TaskState
    from app.fairness.counterfactual import check_role, summary_lines

    def show(fraction: float, text: str) -> None:
        log.info("check %3.0f%% %s", fraction * 100, text)

    with open_session(args) as session:
        report = check_role(session, args.role, TaskState(show), registry=model_registry(args))
    for line in summary_lines(report):
        out.write(line + "\n")
    return ExitCode.OK if report.ok else ExitCode.ERROR


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from app.fairness.demographics import import_csv

    with open_session(args) as session:
        result = import_csv(session, Path(args.file).expanduser())
    print_table(
        [["imported", "replaced earlier answers"], [str(result.rows), str(result.replaced)]], out
    )
    return ExitCode.OK
