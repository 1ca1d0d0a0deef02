"""Guards against Qt binding bugs that would crash Candor at run time.

PySide6 6.12.0's `SignalInstance.emit()` returns a borrowed `True`: every emit
from Python drops one reference to `True`. On Python 3.11 (where `True` is not
immortal) a few thousand emits — one job's progress events — bring its count
to zero and abort the process ("Fatal Python error: bool_dealloc"). 6.11.3 is
correct. This test fails on a binding with that bug.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_signal_emit_does_not_leak_references_to_true(qtbot) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.fired.connect(received.append)
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(50):
        emitter.fired.emit(None)
    gc.collect()
    assert len(received) == 50
    # the bug loses 50 here; allow a little noise from unrelated objects
    assert sys.getrefcount(True) - before > -25, (
        "this PySide6 build loses a reference to True on every Signal.emit(); "
        "use PySide6 6.11.3 (6.12.0 has the bug)"
    )
