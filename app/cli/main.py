"""The `candor` command line (everything but the GUI, which `views.launcher` starts).

Passwords come from a prompt or, with --password-stdin, one per line on standard
input (never argv: other users can read a process's arguments). Commands that
open a workspace take --workspace DIR, else the last workspace used.

Each command module registers its sub-commands; adding a command is one module in
`app/cli/` and one entry in `COMMAND_MODULES`. Modules import only `app.cli.common`
at the top, and the heavy libraries inside their commands, so `candor --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from analysis.errors import Cancelled, CandorError
from app import logging_setup
from app.cli.common import ExitCode

log = logging.getLogger("candor.cli")

# In the order `candor --help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "app.cli.workspace",
    "app.cli.interviews",
    "app.cli.screening",
    "app.cli.analysis",
    "app.cli.candidates",
    "app.cli.restrictions",
    "app.cli.fairness",
    "app.cli.compliance",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="candor",
        description="Candor: offline, AI-assisted interview screening. "
        "Without a command, starts the desktop app.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run a parsed command; expected errors become a message and exit status 1."""
    out = out or sys.stdout
    err = err or sys.stderr
    func: Callable[[argparse.Namespace, TextIO], int] = args.func
    try:
        return int(func(args, out))
    except CandorError as exc:
        err.write(f"candor: {exc.message}\n")
        if exc.hint:
            err.write(f"  {exc.hint}\n")
        return ExitCode.ERROR
    except Cancelled:
        err.write("candor: cancelled\n")
        return ExitCode.CANCELLED
    except KeyboardInterrupt:
        err.write("candor: interrupted\n")
        return ExitCode.CANCELLED


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    logging_setup.configure(logging.DEBUG if args.verbose else logging.INFO)
    if args.command is None:
        parser.print_help()
        return ExitCode.USAGE
    return run(args)
