"""The `candor` console script: subcommands go to `app.cli` (no Qt), otherwise the GUI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from app.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)
