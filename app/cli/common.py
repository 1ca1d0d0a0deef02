"""What every `candor` command shares: exit codes, options, passwords, sign-in, tables.

Command modules (`app/cli/*.py`) import from here and never from each other, so a
new command is one module with a `register(sub)` function plus one line in
`app.cli.main.COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias

from analysis.errors import CandorError
from app import paths, state

if TYPE_CHECKING:
    from analysis.models import ModelRegistry
    from app.workspace import Session

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # an expected failure, explained on stderr
    USAGE = 2
    CANCELLED = 130


class PasswordSource:
    """Reads passwords from a prompt, or one per line from stdin (--password-stdin)."""

    def __init__(self, from_stdin: bool, stdin: TextIO | None = None) -> None:
        self._from_stdin = from_stdin
        self._stdin = stdin if stdin is not None else sys.stdin

    def read(self, prompt: str, *, confirm: bool = False) -> str:
        if self._from_stdin:
            line = self._stdin.readline()
            if not line:
                raise CandorError(
                    f"Standard input ended before the password for: {prompt.rstrip(': ')}.",
                    "With --password-stdin, give one password per line, in the order documented "
                    "in `candor <command> --help`.",
                )
            return line.rstrip("\r\n")
        password = getpass.getpass(prompt)
        if confirm and getpass.getpass("Repeat it: ") != password:
            raise CandorError("The two passwords differ.", "Type the same password twice.")
        return password


# -- options -------------------------------------------------------------------------


def add_workspace_options(p: argparse.ArgumentParser) -> None:
    """--workspace, --user and --password-stdin, for commands that sign in."""
    p.add_argument("--workspace", metavar="DIR", help="workspace folder (default: last used)")
    p.add_argument("--user", metavar="NAME", help="who signs in (default: last used)")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read passwords from standard input, one per line (yours first)",
    )


def add_model_options(p: argparse.ArgumentParser) -> None:
    """--model-dir and --device, for commands that load models."""
    p.add_argument(
        "--model-dir",
        metavar="DIR",
        help="model folder (default: $CANDOR_MODEL_DIR or the user data folder)",
    )
    p.add_argument("--device", choices=["cpu", "cuda"], help="force a device")


# -- sign-in and models --------------------------------------------------------------


def workspace_path(args: argparse.Namespace) -> Path:
    if args.workspace is not None:
        return Path(args.workspace).expanduser().resolve()
    last = state.last_workspace()
    if last is None:
        raise CandorError(
            "No workspace given and none used before.", "Pass --workspace DIR (see `candor init`)."
        )
    return last


def user_name(args: argparse.Namespace) -> str:
    user = args.user or state.last_user()
    if not user:
        raise CandorError("No user given.", "Pass --user NAME.")
    return str(user)


def open_session(args: argparse.Namespace, passwords: PasswordSource | None = None) -> Session:
    """Sign in with the options of `add_workspace_options`; remembers the workspace and user."""
    from app.workspace import Workspace

    passwords = passwords or PasswordSource(args.password_stdin)
    path = workspace_path(args)
    user = user_name(args)
    session = Workspace.open(path, user, passwords.read(f"Password for {user}: "))
    state.update(last_workspace=str(path), last_user=user)
    return session


def model_registry(args: argparse.Namespace) -> ModelRegistry:
    """The model registry of `add_model_options`."""
    from analysis.models import ModelRegistry

    model_dir = Path(args.model_dir).expanduser() if args.model_dir else paths.model_dir()
    return ModelRegistry(model_dir, prefer_device=args.device)


# -- output --------------------------------------------------------------------------


def print_table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")
