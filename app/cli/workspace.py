"""`candor init|user|models|audit|doctor|demo|policies`: the workspace and the machine."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app import paths, state
from app.cli.common import (
    ExitCode,
    PasswordSource,
    Subparsers,
    add_model_options,
    add_workspace_options,
    model_registry,
    open_session,
    print_table,
)

if TYPE_CHECKING:
    from analysis.models import CapabilityStatus

log = logging.getLogger("candor.cli")


def register(sub: Subparsers) -> None:
    p = sub.add_parser("demo", help="build the demo workspace and export its reports")
    p.add_argument("--headless", action="store_true", help="no GUI: run the demo job and exit")
    p.add_argument(
        "--out",
        metavar="DIR",
        default="candor-demo",
        help="where the demo workspace and reports go (default: ./candor-demo)",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("init", help="create a workspace and its administrator")
    p.add_argument("--workspace", metavar="DIR", required=True)
    p.add_argument("--admin", metavar="NAME", required=True)
    p.add_argument(
        "--policy",
        default="general",
        help="policy preset: general, eu, us-illinois, us-nyc (see `candor policies`)",
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the administrator's password from the first line of stdin",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "user",
        help="manage users (administrators)",
        description="With --password-stdin: line 1 is your password; "
        "add/passwd then read the new password (line 2).",
    )
    add_workspace_options(p)
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    usub.add_parser("list", help="list users")
    a = usub.add_parser("add", help="add a user")
    a.add_argument("name")
    a.add_argument(
        "--role", required=True, choices=["administrator", "recruiter", "reviewer", "kiosk"]
    )
    d = usub.add_parser("disable", help="disable a user")
    d.add_argument("name")
    pw = usub.add_parser("passwd", help="change your password or reset another user's")
    pw.add_argument("name", nargs="?")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("models", help="offline models: status, provision, add")
    add_model_options(p)
    p.add_argument("--json", action="store_true", help="machine-readable status")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    msub.add_parser("status", help="which model serves each capability, and what is missing")
    msub.add_parser("provision", help="copy, join and convert shipped models into the folder")
    ma = msub.add_parser("add", help="add a model file or folder (e.g. a larger Whisper)")
    ma.add_argument("path")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("audit", help="audit log")
    add_workspace_options(p)
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    asub.add_parser("verify", help="check the hash chain (edited, removed, reordered entries)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("doctor", help="check Python, libraries, models, GPU, Qt, disk space")
    p.add_argument("--model-dir", metavar="DIR")
    p.add_argument("--workspace", metavar="DIR")
    p.add_argument("--no-qt", action="store_true", help="skip the Qt platform check")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("policies", help="list the policy presets")
    p.set_defaults(func=cmd_policies)


# -- commands ---------------------------------------------------------------


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from app.workspace import Workspace

    path = Path(args.workspace).expanduser().resolve()
    passwords = PasswordSource(args.password_stdin)
    password = passwords.read(f"New password for {args.admin}: ", confirm=True)
    with Workspace.create(path, args.admin, password, policy_id=args.policy) as session:
        out.write(
            f"Created workspace {path} (policy: {session.policy_id}); administrator: {args.admin}\n"
        )
    state.update(last_workspace=str(path), last_user=args.admin)
    return ExitCode.OK


def cmd_user(args: argparse.Namespace, out: TextIO) -> int:
    from app.accounts import Role

    passwords = PasswordSource(args.password_stdin)
    with open_session(args, passwords) as session:
        if args.user_command == "list":
            rows = [("NAME", "ROLE", "STATUS")]
            rows += [
                (u.name, str(u.role), "disabled" if u.disabled else "active")
                for u in session.users.list()
            ]
            print_table(rows, out)
        elif args.user_command == "add":
            password = passwords.read(f"New password for {args.name}: ", confirm=True)
            session.users.add(args.name, Role(args.role), password)
            out.write(f"Added {args.role} {args.name}.\n")
        elif args.user_command == "disable":
            session.users.disable(args.name)
            out.write(f"Disabled {args.name}; their password no longer opens the workspace.\n")
        elif args.user_command == "passwd":
            target = args.name or session.user.name
            if target == session.user.name:
                old = passwords.read("Current password again: ")
                new = passwords.read(f"New password for {target}: ", confirm=True)
                session.users.change_own_password(old, new)
            else:
                new = passwords.read(f"New password for {target}: ", confirm=True)
                session.users.reset_password(target, new)
            out.write(f"Password changed for {target}.\n")
    return ExitCode.OK


def cmd_models(args: argparse.Namespace, out: TextIO) -> int:
    from analysis.tasks import TaskState

    registry = model_registry(args)
    provision_failed = False
    if args.models_command == "provision":

        def show(fraction: float, text: str) -> None:
            if text:
                log.info("provision %3.0f%% %s", fraction * 100, text)

        report = registry.provision(TaskState(show))
        out.write(f"{report}\n")
        provision_failed = not report.ok
    elif args.models_command == "add":
        for line in registry.add(Path(args.path).expanduser()):
            out.write(f"{line}\n")
    statuses = registry.status()
    # provision fails on a failed step; status fails when any capability is off
    failed = provision_failed or (
        args.models_command == "status" and not all(s.available for s in statuses)
    )
    if args.json:
        out.write(json.dumps([_status_json(s) for s in statuses], indent=2) + "\n")
        return ExitCode.ERROR if failed else ExitCode.OK
    rows = [("CAPABILITY", "MODEL", "VERSION", "DEVICE", "SHA256", "SOURCE / PROBLEM")]
    for s in statuses:
        if s.available and s.model is not None:
            m = s.model
            rows.append((s.label, m.name, m.version, m.device, m.sha256[:12], m.source))
        else:
            rows.append((s.label, "-", "-", "-", "-", f"MISSING: {s.problem} Fix: {s.fix}"))
    print_table(rows, out)
    return ExitCode.ERROR if failed else ExitCode.OK


def _status_json(s: CapabilityStatus) -> dict[str, object]:
    model = s.model
    return {
        "capability": str(s.capability),
        "label": s.label,
        "available": s.available,
        "model": None
        if model is None
        else {
            "name": model.name,
            "version": model.version,
            "path": str(model.path),
            "sha256": model.sha256,
            "source": model.source,
            "device": model.device,
            "licence": model.licence,
        },
        "problem": s.problem,
        "fix": s.fix,
    }


def cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    passwords = PasswordSource(args.password_stdin)
    with open_session(args, passwords) as session:
        report = session.audit.verify()
    if report.ok:
        out.write(f"Audit log intact: {report.entries} entries, hash chain verified.\n")
        return ExitCode.OK
    out.write(f"AUDIT LOG DAMAGED ({report.entries} entries):\n")
    for problem in report.problems:
        out.write(f"  - {problem}\n")
    return ExitCode.ERROR


def cmd_doctor(args: argparse.Namespace, out: TextIO) -> int:
    from app.doctor import run_checks

    model_dir = Path(args.model_dir).expanduser() if args.model_dir else paths.model_dir()
    workspace = Path(args.workspace).expanduser() if args.workspace else state.last_workspace()
    failed = False
    for check in run_checks(model_dir, workspace, qt=not args.no_qt):
        mark = "ok  " if check.ok else ("warn" if check.warning else "FAIL")
        failed |= not check.ok and not check.warning
        out.write(f"[{mark}] {check.name}: {check.detail}\n")
        if check.fix:
            out.write(f"       fix: {check.fix}\n")
    return ExitCode.ERROR if failed else ExitCode.OK


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from app.demo import run_demo_job

    out_dir = Path(args.out).expanduser().resolve()
    result = run_demo_job(out_dir, model_dir=paths.model_dir())
    for line in result.summary_lines():
        out.write(f"{line}\n")
    return ExitCode.OK


def cmd_policies(args: argparse.Namespace, out: TextIO) -> int:
    from app.policy import list_policies

    rows = [("ID", "NAME", "EMOTION ANALYSIS", "FACE TEMPLATE NEEDS")]
    rows += [
        (
            p.id,
            p.name,
            "allowed" if p.allows("facial_expression") else "forbidden",
            p.identity_consent,
        )
        for p in list_policies()
    ]
    print_table(rows, out)
    return ExitCode.OK
