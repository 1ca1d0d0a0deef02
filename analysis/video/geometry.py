"""Face boxes and time ranges: the small shapes every other module shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FaceBox:
    """A face in picture coordinates (pixels, top-left origin).

    `score` is the dlib HOG detector's confidence for the region, which confirms the Haar
    cascade's find (higher is more face-like; 0 when not measured).
    """

    x: int
    y: int
    w: int
    h: int
    score: float = 0.0

    @property
    def area(self) -> int:
        return self.w * self.h

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.w / 2, self.y + self.h / 2

    def iou(self, other: FaceBox) -> float:
        """Intersection over union of the two boxes (0 when they do not touch)."""
        left, top = max(self.x, other.x), max(self.y, other.y)
        right = min(self.x + self.w, other.x + other.w)
        bottom = min(self.y + self.h, other.y + other.h)
        inter = max(0, right - left) * max(0, bottom - top)
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0

    def scaled(self, factor: float) -> FaceBox:
        return FaceBox(
            round(self.x * factor),
            round(self.y * factor),
            max(1, round(self.w * factor)),
            max(1, round(self.h * factor)),
            self.score,
        )

    def expanded(self, margin: float, width: int, height: int) -> FaceBox:
        """The box grown by `margin` x its size on every side, clipped to the picture."""
        dx, dy = round(self.w * margin), round(self.h * margin)
        left, top = max(0, self.x - dx), max(0, self.y - dy)
        right, bottom = min(width, self.x + self.w + dx), min(height, self.y + self.h + dy)
        return FaceBox(left, top, max(1, right - left), max(1, bottom - top), self.score)

    def to_json_dict(self) -> dict[str, float]:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h, "score": round(self.score, 3)}


@dataclass(frozen=True)
class TimeRange:
    """A stretch of a recording in seconds from its start, `end` exclusive."""

    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start

    def to_json_dict(self) -> dict[str, float]:
        return {"start": round(self.start, 3), "end": round(self.end, 3)}


def runs_to_ranges(
    times: Iterable[tuple[float, bool]], step: float, *, min_duration: float = 0.0
) -> tuple[TimeRange, ...]:
    """Ranges where the flag holds, from (time, flag) samples taken every `step` seconds.

    Each sample stands for [t, t + step). A single unflagged sample between two flagged
    ones is bridged (one missed detection is not a new event); ranges shorter than
    `min_duration` are dropped.
    """
    ranges: list[TimeRange] = []
    start: float | None = None
    last_flagged: float | None = None
    for t, flagged in times:
        if not flagged:
            continue
        if start is not None and last_flagged is not None and t - last_flagged > 2.5 * step:
            ranges.append(TimeRange(start, last_flagged + step))
            start = None
        if start is None:
            start = t
        last_flagged = t
    if start is not None and last_flagged is not None:
        ranges.append(TimeRange(start, last_flagged + step))
    return tuple(r for r in ranges if r.duration + 1e-9 >= min_duration)
