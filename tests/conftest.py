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
    """Any attempt to open a network connection fails the test (and is recorded)."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object, *args: object) -> None:
        attempts.append(address)
        raise NetworkUsed(f"network access attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    yield attempts
