"""`candor interview ...` and `candor questions ...` .

Only argparse is imported here: the commands import what they need when they run.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from app.cli.common import (
    ExitCode,
    PasswordSource,
    Subparsers,
    add_workspace_options,
    open_session,
    print_table,
)


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "interview",
        help="one-way video interviews: invite candidates, list interviews",
        description="With --password-stdin: line 1 is your password.",
    )
    add_workspace_options(p)
    isub = p.add_subparsers(dest="interview_command", metavar="ACTION", required=True)
    inv = isub.add_parser("invite", help="invite a candidate; prints their one-time login code")
    inv.add_argument("--candidate", type=int, required=True, metavar="ID")
    inv.add_argument("--question-set", type=int, required=True, metavar="ID")
    inv.add_argument("--role", type=int, metavar="ID", help="default: the question set's role")
    inv.add_argument("--days", type=float, default=7.0, help="how long the code is valid")
    inv.add_argument(
        "--extra-time", type=int, default=0, metavar="SECONDS",
        help="accessibility: seconds added to every think and answer time",
    )  # fmt: skip
    isub.add_parser("list", help="list interviews (no candidate names)")
    re = isub.add_parser("reissue", help="a new login code, e.g. to resume after a crash")
    re.add_argument("session", type=int, metavar="ID")
    re.add_argument("--days", type=float, default=7.0)
    isub.add_parser(
        "set-pin",
        help="set the operator PIN that leaves kiosk mode (administrators)",
        description="With --password-stdin: line 1 is your password, line 2 the new PIN.",
    )
    p.set_defaults(func=cmd_interview)

    p = sub.add_parser(
        "questions",
        help="interview question sets: import and export YAML, default banks",
        description="With --password-stdin: line 1 is your password.",
    )
    add_workspace_options(p)
    qsub = p.add_subparsers(dest="questions_command", metavar="ACTION", required=True)
    imp = qsub.add_parser("import", help="import a question set from YAML (or a default bank)")
    imp.add_argument("file", metavar="FILE.yaml|BANK")
    imp.add_argument("--role", type=int, metavar="ID")
    exp = qsub.add_parser("export", help="print a question set as YAML")
    exp.add_argument("set_id", type=int, metavar="ID")
    exp.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    qsub.add_parser("list", help="list question sets")
    qsub.add_parser("banks", help="list the default question banks shipped with Candor")
    p.set_defaults(func=cmd_questions)


def cmd_interview(args: argparse.Namespace, out: TextIO) -> int:

    passwords = PasswordSource(args.password_stdin)
    with open_session(args, passwords) as session:
        service = session.interviews
        if args.interview_command == "set-pin":
            service.set_kiosk_pin(passwords.read("New operator PIN (6-12 digits): ", confirm=True))
            out.write("Operator PIN set: staff need it to leave kiosk mode.\n")
        elif args.interview_command in ("invite", "reissue"):
            if args.interview_command == "invite":
                invitation = service.invite(
                    args.candidate,
                    args.question_set,
                    role_id=args.role,
                    valid_days=args.days,
                    extra_time_s=args.extra_time,
                )
            else:
                invitation = service.reissue_code(args.session, valid_days=args.days)
            out.write(
                f"Interview #{invitation.session_id}: login code {invitation.code} "
                f"(valid until {invitation.expires_at}).\n"
                "It is shown only this once: give it to the candidate now.\n"
            )
        else:
            rows = [("ID", "CANDIDATE", "SET", "STATUS", "ANSWERED", "EXPIRES", "BY")]
            rows += [
                (
                    str(s.id),
                    str(s.candidate_id),
                    str(s.question_set_id),
                    s.status.value,
                    f"{s.answered}/{s.questions}",
                    s.expires_at,
                    s.created_by,
                )
                for s in service.sessions()
            ]
            print_table(rows, out)
    return ExitCode.OK


def cmd_questions(args: argparse.Namespace, out: TextIO) -> int:
    from app.interviews.banks import list_banks

    if args.questions_command == "banks":
        rows: list[tuple[str, ...]] = [("BANK", "NAME", "QUESTIONS")]
        rows += [(b.id, b.name, str(b.questions)) for b in list_banks()]
        print_table(rows, out)
        return ExitCode.OK
    with open_session(args, PasswordSource(args.password_stdin)) as session:
        sets = session.interviews.question_sets
        if args.questions_command == "import":
            path = Path(args.file).expanduser()
            if path.exists() or path.suffix in (".yaml", ".yml"):
                imported = sets.import_file(path, role_id=args.role)
            else:
                imported = sets.import_bank(args.file, role_id=args.role)
            out.write(
                f"Imported question set #{imported.id} ({len(imported.questions)} questions).\n"
            )
        elif args.questions_command == "export":
            text = sets.export_yaml(args.set_id)
            if args.out:
                Path(args.out).expanduser().write_text(text, encoding="utf-8")
                out.write(f"Wrote question set #{args.set_id} to {args.out}.\n")
            else:
                out.write(text)
        else:
            rows = [("ID", "NAME", "ROLE", "QUESTIONS", "INTERVIEWS")]
            rows += [
                (
                    str(s.id),
                    s.name,
                    "-" if s.role_id is None else str(s.role_id),
                    str(s.questions),
                    str(s.interviews),
                )
                for s in sets.list()
            ]
            print_table(rows, out)
    return ExitCode.OK
