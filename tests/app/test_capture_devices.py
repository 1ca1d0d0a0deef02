"""Devices that cannot be opened: a clear, specific message for the operator."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from app.capture import (
    AlsaMicrophone,
    CameraUnavailable,
    MicrophoneUnavailable,
    OpenCVCameraSource,
    diagnose_camera,
)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="V4L2 device nodes")


@linux_only
def test_missing_camera_raises_camera_unavailable_naming_it() -> None:
    with pytest.raises(CameraUnavailable) as caught:
        OpenCVCameraSource(index=99)

    assert caught.value.message == "No camera was found (camera number 99)."
    assert "Connect a camera" in caught.value.hint


@linux_only
def test_camera_that_opens_but_gives_no_picture_is_reported_busy(tmp_path: Path) -> None:
    device = tmp_path / "video7"
    device.write_bytes(b"")  # a node that opens, as a camera held by another program does

    error = diagnose_camera(7, device)

    assert "in use by another program" in error.message and "Close other programs" in error.hint


@linux_only
def test_camera_without_permission_says_so() -> None:
    folder = Path(tempfile.mkdtemp(prefix="candor-devices-"))  # reachable by any account
    try:
        folder.chmod(0o755)
        forbidden, allowed = folder / "video8", folder / "video9"
        for node in (forbidden, allowed):
            node.write_bytes(b"")
        forbidden.chmod(0)
        allowed.chmod(0o644)
        if os.geteuid() == 0:
            results = _diagnose_as_nobody([(8, forbidden), (9, allowed)])  # root opens anything
        else:
            results = [
                (e.message, e.hint)
                for e in (diagnose_camera(8, forbidden), diagnose_camera(9, allowed))
            ]
    finally:
        shutil.rmtree(folder)

    (message, hint), (other_message, _) = results
    assert message == "Candor is not allowed to use the camera."
    assert "'video' group" in hint
    assert "in use by another program" in other_message  # only the node's mode differs


def _diagnose_as_nobody(devices: list[tuple[int, Path]]) -> list[tuple[str, str]]:
    """Run the diagnosis in a child process that dropped root for the 'nobody' account."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            errors = [diagnose_camera(index, node) for index, node in devices]
            os.write(write_end, json.dumps([[e.message, e.hint] for e in errors]).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return [(message, hint) for message, hint in json.loads(output)]


def test_microphone_that_cannot_open_raises_microphone_unavailable() -> None:
    with pytest.raises(MicrophoneUnavailable) as caught:
        AlsaMicrophone("candor_no_such_sound_device")

    assert "microphone" in caught.value.message.lower() and caught.value.hint
