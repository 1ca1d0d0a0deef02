from __future__ import annotations

import pytest

from analysis.errors import Cancelled
from analysis.tasks import TaskState


def test_slices_map_progress_into_their_part_of_the_range() -> None:
    seen: list[float] = []
    task = TaskState(lambda fraction, _text: seen.append(fraction))
    second_half = task.slice(0.5, 1.0)
    second_half.progress(0.0)
    second_half.slice(0.0, 0.5).progress(1.0)
    second_half.progress(1.0)
    assert seen == [0.5, 0.75, 1.0]


def test_progress_is_clamped_to_zero_one() -> None:
    task = TaskState()
    task.progress(1.7, "done")
    assert task.fraction == 1.0
    task.progress(-3)
    assert task.fraction == 0.0
    assert task.text == "done"


def test_check_raises_cancelled_only_after_cancel_even_through_slices() -> None:
    task = TaskState()
    inner = task.slice(0.2, 0.4).slice(0.0, 0.5)
    inner.check()
    task.cancel()
    assert inner.cancelled()
    with pytest.raises(Cancelled):
        inner.check()
