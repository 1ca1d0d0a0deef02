"""Tracking faces between full searches, so that most frames cost a few small searches.

A full-frame search runs every `detect_every_s` (and more often while no face is in
view, to notice one coming back); in between, each known face is searched only near
where it was. Finds of a full search are linked to known faces by overlap (IoU), so a
face keeps its track id while it stays put and gets a new one after a cut or a jump:
identity checks use that to look at every new face at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from analysis.video.detection import FaceDetector, Grey
from analysis.video.frames import Image
from analysis.video.geometry import FaceBox


@dataclass(frozen=True)
class TrackerSettings:
    detect_every_s: float = 1.0
    reacquire_every_s: float = 0.4  # full searches while no face is tracked
    link_iou: float = 0.3
    max_misses: int = 1  # samples a face may go unseen before its track ends
    # coarser than for still pictures (1.1): tracking refines between full searches
    full_scale_factor: float = 1.15
    # colour-histogram (Bhattacharyya) distance between samples that means the picture
    # changed at once (a cut, a splice): ordinary movement measured 0.05-0.23, the cuts
    # of the Hamilton clip and a splice of two HDTF speakers 0.44-0.58
    picture_change: float = 0.35


@dataclass(frozen=True)
class TrackedFace:
    track_id: int
    box: FaceBox
    new: bool  # first sample of this track


@dataclass
class _Track:
    track_id: int
    box: FaceBox
    misses: int = 0
    seen: int = 1
    fresh: bool = field(default=True)


class FaceTracker:
    def __init__(self, detector: FaceDetector, settings: TrackerSettings | None = None) -> None:
        self.detector = detector
        self.settings = settings or TrackerSettings()
        self._tracks: list[_Track] = []
        self._next_id = 1
        self._last_full: float | None = None
        self.full_searches = 0

    def reset(self) -> None:
        """Forget every face: the next update searches the whole frame, all faces new."""
        self._tracks.clear()
        self._last_full = None

    def update(self, t: float, grey: Grey) -> list[TrackedFace]:
        """The faces visible in this frame (largest first)."""
        s = self.settings
        since_full = None if self._last_full is None else t - self._last_full
        full = (
            since_full is None
            or since_full + 1e-6 >= s.detect_every_s
            or since_full < 0
            or (not self._tracks and since_full + 1e-6 >= s.reacquire_every_s)
        )
        seen: list[_Track] = []
        if full:
            self._last_full = t
            self.full_searches += 1
            found = self.detector.detect_grey(grey, confirm=False, scale_factor=s.full_scale_factor)
            seen = self._link(grey, found)
        else:
            for track in self._tracks:
                near = self.detector.search_near(grey, track.box)
                if near is not None:
                    track.box, track.misses = near, 0
                    track.seen += 1
                    seen.append(track)
                else:
                    track.misses += 1
        self._tracks = [tr for tr in self._tracks if tr.misses <= s.max_misses]
        faces = []
        for track in sorted(seen, key=lambda tr: tr.box.area, reverse=True):
            faces.append(TrackedFace(track.track_id, track.box, track.fresh))
            track.fresh = False
        return faces

    def _link(self, grey: Grey, found: list[FaceBox]) -> list[_Track]:
        unmatched = list(self._tracks)
        seen: list[_Track] = []
        for box in found:  # largest first: the main face links first
            best = max(unmatched, key=lambda tr: tr.box.iou(box), default=None)
            if best is not None and best.box.iou(box) >= self.settings.link_iou:
                unmatched.remove(best)
                # HOG's box where it sees the face: boxes of one kind keep sizes comparable
                best.box, best.misses = self.detector.confirm(grey, box) or box, 0
                best.seen += 1
                seen.append(best)
            else:
                confirmed = self.detector.confirm(grey, box)  # once per new face
                if confirmed is None or any(
                    tr.box.iou(confirmed) >= self.settings.link_iou for tr in seen
                ):
                    continue  # not a face, or a second find of a face already seen
                track = _Track(self._next_id, confirmed)
                self._next_id += 1
                self._tracks.append(track)
                seen.append(track)
        for track in unmatched:  # the full search at low resolution may miss a known face
            near = self.detector.search_near(grey, track.box)
            if near is not None:
                track.box, track.misses = near, 0
                track.seen += 1
                seen.append(track)
            else:
                track.misses += 1
        return seen


class PictureChangeDetector:
    """Notices when the whole picture changes at once between two samples (a cut).

    A camera recording an answer never cuts; a recording that does was edited or
    spliced, and the face after the cut must be looked at afresh even where it sits
    where the previous one was.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._previous: np.ndarray | None = None

    def changed(self, image: Image) -> bool:
        small = cv2.resize(image, (64, 48), interpolation=cv2.INTER_AREA)
        hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
        hist = cv2.calcHist([hsv], [0, 1], None, [16, 8], [0, 180, 0, 256])
        cv2.normalize(hist, hist, 1.0, 0.0, cv2.NORM_L1)
        previous, self._previous = self._previous, hist
        if previous is None:
            return False
        return bool(cv2.compareHist(previous, hist, cv2.HISTCMP_BHATTACHARYYA) > self.threshold)
