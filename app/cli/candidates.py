"""`candor candidate export|erase|exports`: a candidate's copy, their erasure, the inventory.

With --password-stdin, line 1 is your password; `erase` without --yes then reads the
typed confirmation (the candidate's number) from the next line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from analysis.errors import CandorError
from app.cli.common import ExitCode, Subparsers, add_workspace_options, open_session, print_table


def register(sub: Subparsers) -> None:
    group = sub.add_parser(
        "candidate",
        help="a candidate's data: copy for them, erase, list exported copies",
        description="Data-subject rights on the command line: give a candidate a copy of "
        "their data, erase them for good with a deletion certificate, and list the files "
        "Candor exported outside its encryption.",
    )
    commands = group.add_subparsers(dest="candidate_command", metavar="COMMAND", required=True)

    p = commands.add_parser(
        "export",
        help="write a copy of everything about a candidate (access / portability)",
        description="Writes one folder (or with --zip one plain, unencrypted zip) holding "
        "candidate.json, audit.json, the original resume, the recordings (decrypted) and a "
        "PDF summary. Administrators and recruiters. The copy is recorded in the export "
        "inventory. With --password-stdin, line 1 is your password.",
    )
    p.add_argument("candidate", type=int, metavar="ID")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--zip", action="store_true", help="one .zip file instead of a folder")
    add_workspace_options(p)
    p.set_defaults(func=cmd_export)

    p = commands.add_parser(
        "erase",
        help="erase a candidate for good and write a deletion certificate",
        description="Crypto-shreds the candidate (key, records, analysis results, face "
        "templates, recordings) in one transaction and writes a deletion certificate (PDF "
        "and JSON, no personal data) into --out. Refused while the candidate is on legal "
        "hold. Administrators only. Without --yes you type the candidate's number to "
        "confirm; with --password-stdin, line 1 is your password and line 2 that number.",
    )
    p.add_argument("candidate", type=int, metavar="ID")
    p.add_argument("--request", type=int, metavar="N", help="the erasure request this fulfils")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument(
        "--out",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="folder for the certificate (default: the current folder)",
    )
    add_workspace_options(p)
    p.set_defaults(func=cmd_erase)

    p = commands.add_parser(
        "exports",
        help="list files Candor exported outside its encryption (the inventory)",
        description="Every report, shortlist, copy and certificate Candor wrote, newest "
        "first: only those holding candidate ID when given. These copies are outside "
        "Candor's encryption; erasing a candidate lists them for deletion by hand. "
        "With --password-stdin, line 1 is your password.",
    )
    p.add_argument("candidate", type=int, nargs="?", metavar="ID")
    p.add_argument("--limit", type=int, default=500, metavar="N", help="at most N (500)")
    add_workspace_options(p)
    p.set_defaults(func=cmd_exports)


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.access import export_candidate

    with open_session(args) as session:
        result = export_candidate(session, args.candidate, args.out, as_zip=args.zip)
    out.write(
        f"Wrote {result.path}\n  {result.file_count} files, {_size(result.size_bytes)}"
        f"{', plain zip (not encrypted)' if args.zip else ''}.\n"
        "  It holds the candidate's data unencrypted: hand it over through a safe channel, "
        "then delete your copy.\n"
    )
    return ExitCode.OK


def cmd_erase(args: argparse.Namespace, out: TextIO) -> int:
    from app.accounts import Permission
    from app.cli.common import PasswordSource
    from app.compliance.certificate import certificate_stem, export_certificate
    from app.compliance.erasure import check_erasable, erase_candidate
    from app.errors import OutputNotWritable

    folder = Path(args.out).expanduser().absolute()
    passwords = PasswordSource(args.password_stdin)
    with open_session(args, passwords) as session:
        session.user.require(Permission.ERASE_CANDIDATES)
        check_erasable(session.db, args.candidate)  # clear errors before asking
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".{certificate_stem(args.candidate)}.probe"
            probe.touch()
            probe.unlink()
        except OSError as exc:
            raise OutputNotWritable(str(folder)) from exc
        if not args.yes:
            _confirm(args.candidate, from_stdin=args.password_stdin)
        cert = erase_candidate(session, args.candidate, request_id=args.request)
        pdf, data = export_certificate(session, cert, folder)
    out.write(f"Erased candidate #{args.candidate}.\nDeletion certificate:\n  {pdf}\n  {data}\n")
    if cert.request_id is not None:
        out.write(f"Request #{cert.request_id} is closed as fulfilled.\n")
    if cert.exported_copies:
        out.write("Exported copies outside Candor that someone must delete by hand:\n")
        for copy in cert.exported_copies:
            out.write(f"  {copy.path}  ({copy.kind}, {copy.exported_at} by {copy.exported_by})\n")
    return ExitCode.OK


def cmd_exports(args: argparse.Namespace, out: TextIO) -> int:
    from app.compliance.inventory import list_exports

    with open_session(args) as session:
        exports = list_exports(session, candidate_id=args.candidate, limit=args.limit)
    if not exports:
        which = "" if args.candidate is None else f" holding candidate #{args.candidate}"
        out.write(f"No exported files{which} are recorded.\n")
        return ExitCode.OK
    rows = [("ID", "KIND", "EXPORTED", "BY", "BLIND", "CANDIDATES", "PATH")]
    rows += [
        (
            str(e.id),
            e.kind,
            e.exported_at,
            e.exported_by,
            "yes" if e.blind else "no",
            _ids(e.candidate_ids),
            e.path,
        )
        for e in exports
    ]
    print_table(rows, out)
    return ExitCode.OK


def _confirm(candidate_id: int, *, from_stdin: bool) -> None:
    prompt = (
        f"Erasing candidate #{candidate_id} destroys their data for good; it cannot be undone.\n"
        f"Type the candidate's number ({candidate_id}) to confirm: "
    )
    if from_stdin:
        sys.stderr.write(prompt)
        answer = sys.stdin.readline()
    else:
        try:
            answer = input(prompt)
        except EOFError:
            answer = ""
    if answer.strip().lstrip("#") != str(candidate_id):
        raise CandorError(
            "The confirmation did not match; nothing was erased.",
            f"Type {candidate_id} exactly, or pass --yes.",
        )


def _ids(ids: Sequence[int]) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:5])
    return shown + (f" (+{len(ids) - 5})" if len(ids) > 5 else "") if ids else "-"


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.1f} kB"


__all__: Sequence[str] = ("cmd_erase", "cmd_export", "cmd_exports", "register")
