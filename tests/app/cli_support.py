"""Running the `candor` command line in-process, for the CLI tests of every package."""

from __future__ import annotations

import io
import sys

import pytest

from app import cli


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: str = "",
) -> tuple[int, str, str]:
    """`candor ARGV` with `stdin` as standard input; returns (exit status, stdout, stderr)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
