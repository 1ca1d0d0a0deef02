"""`candor doctor`: is this machine able to run Candor, and if not, what to do.

Every check is cheap and offline. The Qt platform check runs in a child process:
a missing platform plugin aborts the process that tries it, and app/ must not
import QtGui anyway.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from analysis.models import ModelRegistry

MIN_FREE_BYTES = 2 * 1024**3

# distribution name -> import name
LIBRARIES = {
    "PySide6-Essentials": "PySide6.QtCore",
    "sqlcipher3": "sqlcipher3",
    "argon2-cffi": "argon2",
    "cryptography": "cryptography",
    "spacy": "spacy",
    "faster-whisper": "faster_whisper",
    "onnxruntime": "onnxruntime",
    "opencv-contrib-python-headless": "cv2",
    "deepface": "deepface",
    "pyqtgraph": "pyqtgraph",
    "reportlab": "reportlab",
    "pypdfium2": "pypdfium2",
}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    warning: bool = False  # not fatal: Candor runs, with less


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info >= (3, 11)
    return Check("Python", ok, version, "" if ok else "Install Python 3.11 or newer.")


def check_library(dist: str, module: str) -> Check:
    try:
        version = importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return Check(dist, False, "not installed", "Run scripts/setup.sh.")
    if module not in {
        "pyqtgraph",
        "deepface",
    }:  # these import Qt widgets / TF probes: metadata is enough
        try:
            importlib.import_module(module)
        except Exception as exc:
            return Check(dist, False, f"{version}, import failed: {exc}", "Run scripts/setup.sh.")
    return Check(dist, True, version)


def check_conflicting_opencv() -> Check:
    """opencv-python beside the contrib-headless wheel overwrites cv2/ (ARCHITECTURE.md)."""
    for dist in ("opencv-python", "opencv-contrib-python", "opencv-python-headless"):
        try:
            importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
        return Check(
            "OpenCV wheels",
            False,
            f"{dist} is installed beside opencv-contrib-python-headless",
            f"pip uninstall {dist} && pip install --force-reinstall "
            "opencv-contrib-python-headless==4.14.0.94",
        )
    return Check("OpenCV wheels", True, "only opencv-contrib-python-headless")


def check_sqlcipher() -> Check:
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        row = conn.execute("PRAGMA cipher_version").fetchone()
        conn.close()
    except Exception as exc:
        return Check("SQLCipher", False, str(exc), "Run scripts/setup.sh.")
    if not row:
        return Check("SQLCipher", False, "sqlite3 without SQLCipher", "Reinstall sqlcipher3.")
    return Check("SQLCipher", True, str(row[0]))


def check_gpu() -> Check:
    details = []
    try:
        import ctranslate2

        details.append(f"CTranslate2 CUDA devices: {ctranslate2.get_cuda_device_count()}")
    except Exception as exc:
        details.append(f"CTranslate2: {exc}")
    try:
        import onnxruntime

        details.append("onnxruntime providers: " + ", ".join(onnxruntime.get_available_providers()))
    except Exception as exc:
        details.append(f"onnxruntime: {exc}")
    return Check("GPU", True, "; ".join(details) + " (CPU is always available)")


def check_qt_platform() -> Check:
    code = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication(sys.argv[:1])\n"
        "print(app.platformName())\n"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        return Check("Qt platform", False, "timed out starting Qt", "Check the display settings.")
    if proc.returncode == 0:
        return Check("Qt platform", True, proc.stdout.strip() or "ok")
    last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
    return Check(
        "Qt platform",
        False,
        last,
        "No display: use `candor demo --headless`, or set QT_QPA_PLATFORM=offscreen; on a "
        "desktop, install libxcb-cursor0 and libxkbcommon-x11-0 (scripts/setup.sh does).",
        warning=True,
    )


def check_disk(path: Path, label: str) -> Check:
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    ok = free >= MIN_FREE_BYTES
    return Check(
        f"Disk space ({label})",
        ok,
        f"{free / 1024**3:.1f} GiB free at {probe}",
        "" if ok else "Free at least 2 GiB: recordings need room.",
        warning=not ok,
    )


def check_models(registry: ModelRegistry) -> list[Check]:
    checks = []
    for status in registry.status():
        if status.available and status.model is not None:
            model = status.model
            detail = f"{model.name} {model.version} on {model.device} ({model.source})"
            checks.append(Check(f"Model: {status.label}", True, detail))
        else:
            checks.append(
                Check(f"Model: {status.label}", False, status.problem, status.fix, warning=True)
            )
    return checks


def run_checks(model_dir: Path, workspace: Path | None, *, qt: bool = True) -> list[Check]:
    checks = [check_python(), check_conflicting_opencv(), check_sqlcipher()]
    checks += [check_library(dist, module) for dist, module in LIBRARIES.items()]
    checks.append(check_gpu())
    if qt:
        checks.append(check_qt_platform())
    checks.append(check_disk(model_dir, "model folder"))
    if workspace is not None:
        checks.append(check_disk(workspace, "workspace"))
    checks += check_models(ModelRegistry(model_dir))
    return checks
