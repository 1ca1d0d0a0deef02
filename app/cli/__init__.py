"""The `candor` command line: `main(argv)`; see `app.cli.main` for how commands are added."""

from app.cli.common import ExitCode, PasswordSource
from app.cli.main import build_parser, main, run

EXIT_OK = ExitCode.OK
EXIT_ERROR = ExitCode.ERROR
EXIT_USAGE = ExitCode.USAGE
EXIT_CANCELLED = ExitCode.CANCELLED

__all__ = [
    "EXIT_CANCELLED",
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "ExitCode",
    "PasswordSource",
    "build_parser",
    "main",
    "run",
]
