"""The error router's global hooks and the crash dialog's report."""

from __future__ import annotations

import sys
import threading

from PySide6.QtGui import QGuiApplication

from analysis.errors import CandorError
from views.crash import CrashDialog, crash_report
from views.errors import ErrorRouter


def _raise_with_secret_local() -> None:
    candidate_name = "Zelda Secretperson"  # a local that must never reach a report
    raise KeyError(len(candidate_name))


def _caught() -> BaseException:
    try:
        _raise_with_secret_local()
    except KeyError as exc:
        return exc
    raise AssertionError("not raised")


def test_crash_report_has_traceback_and_log_lines_but_no_locals() -> None:
    report = crash_report(_caught(), ["line one", "line two"])
    assert "KeyError: 18" in report
    assert "_raise_with_secret_local" in report  # the frame is named...
    assert "Zelda" not in report  # ...its local values are not
    assert report.rstrip().endswith("line one\nline two")


def test_crash_dialog_copies_and_saves_the_report(qtbot, tmp_path) -> None:
    dialog = CrashDialog(_caught(), ["recent line"])
    qtbot.addWidget(dialog)
    dialog.copy_report()
    assert QGuiApplication.clipboard().text() == dialog.report_text()
    target = tmp_path / "report.txt"
    dialog.save_to(target)
    assert target.read_text(encoding="utf-8") == dialog.report_text()
    assert "recent line" in target.read_text(encoding="utf-8")


def test_sys_excepthook_routes_bugs_to_the_crash_dialog(qtbot, router: ErrorRouter) -> None:
    presented: list[object] = []
    router.presented.connect(presented.append)
    previous = sys.excepthook
    router.install()
    try:
        exc = _caught()
        sys.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: bool(presented))
    finally:
        router.uninstall()
    assert sys.excepthook is previous
    assert isinstance(presented[0], CrashDialog)
    qtbot.addWidget(presented[0])


def test_thread_exceptions_reach_the_ui_thread_as_messages(qtbot, router: ErrorRouter) -> None:
    presented: list[object] = []
    router.presented.connect(presented.append)
    previous = threading.excepthook

    def fail() -> None:
        raise CandorError("The camera stopped.", "Reconnect it.")

    router.install()
    try:
        thread = threading.Thread(target=fail)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(presented))
    finally:
        router.uninstall()
    assert threading.excepthook is previous
    box = presented[0]
    assert box.text() == "The camera stopped."
    box.close()
