"""The `candor` console script.

Subcommands go to `app.cli` and never import Qt; no command starts the GUI.
`candor demo` opens the GUI on the demo workspace when a display exists, and
runs the demo job headless otherwise (or with --headless).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform in {"offscreen", "minimal"}:
        return False
    if platform:  # e.g. "xcb", "wayland", "eglfs": the user chose a real one
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from app import cli

    if args and args[0] not in {"-v", "--verbose"}:
        parsed = cli.build_parser().parse_args(args)
        if parsed.command == "demo" and not parsed.headless and has_display():
            from app import logging_setup

            logging_setup.configure()
            status = cli.run(parsed)
            if status != cli.EXIT_OK:
                return status
            from app.demo import DEMO_ADMIN
            from views.gui import run_gui

            workspace = Path(parsed.out).expanduser().resolve() / "workspace"
            return run_gui(workspace, demo_user=DEMO_ADMIN)
        return cli.main(args)
    if not has_display():
        sys.stderr.write(
            "candor: no display found, so the desktop app cannot start.\n"
            "  Use a command instead (see `candor --help`), e.g. `candor demo --headless`.\n"
        )
        return cli.EXIT_ERROR
    from app import logging_setup

    logging_setup.configure()
    from views.gui import run_gui

    return run_gui(None)
