"""Fixtures shared by every test package."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.models import ModelRegistry


@pytest.fixture(scope="session")
def provisioned_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder provisioned from the installed packages, once per test session."""
    model_dir = tmp_path_factory.mktemp("models")
    report = ModelRegistry(model_dir, prefer_device="cpu").provision()
    assert report.ok, str(report)
    return model_dir


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def network_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Any attempt to open a network connection fails the test (and is recorded).

    Unix-domain sockets stay open: multiprocessing's fork server (used to read
    resumes in worker processes) talks over one, and that is not network.
    """
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def refuse(address: object) -> None:
        attempts.append(address)
        raise NetworkUsed(f"network access attempted: {address!r}")

    def connect(self: socket.socket, address: object) -> None:
        if self.family == getattr(socket, "AF_UNIX", None):
            return real_connect(self, address)  # type: ignore[arg-type]
        refuse(address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family == getattr(socket, "AF_UNIX", None):
            return real_connect_ex(self, address)  # type: ignore[arg-type]
        refuse(address)
        return 1

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(address))
    yield attempts
