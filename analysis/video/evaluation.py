"""Measuring the face models: verification ROC, detection precision/recall, data readers.

Used by the tests (floors) and by benchmarks/bench_faces.py (the reported figures), so
both measure the same way. Reads the formats of the shared evaluation data: DeepFace's
`master.csv` pairs and dlib's imglab XML boxes.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.video.geometry import FaceBox


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    same: bool


def read_pairs(csv_path: Path) -> list[Pair]:
    """DeepFace's master.csv: file_x, file_y, Decision (Yes = same person)."""
    with csv_path.open(newline="") as handle:
        return [
            Pair(row["file_x"], row["file_y"], row["Decision"].strip().lower() == "yes")
            for row in csv.DictReader(handle)
        ]


def read_imglab_boxes(xml_path: Path) -> dict[str, list[FaceBox]]:
    """dlib imglab XML: <image file=...><box top left width height/>...</image>."""
    boxes: dict[str, list[FaceBox]] = {}
    root = ET.parse(xml_path).getroot()  # noqa: S314 - a file of the evaluation set
    for image in root.iter("image"):
        boxes[image.get("file", "")] = [
            FaceBox(
                int(box.get("left", 0)),
                int(box.get("top", 0)),
                int(box.get("width", 0)),
                int(box.get("height", 0)),
            )
            for box in image.iter("box")
            if box.get("ignore") != "1"
        ]
    return boxes


def roc_auc(same: Sequence[float], different: Sequence[float]) -> float:
    """Probability that a random different-person pair is farther apart than a same one."""
    pos, neg = np.asarray(same, np.float64), np.asarray(different, np.float64)
    if not len(pos) or not len(neg):
        raise ValueError("ROC-AUC needs both same-person and different-person pairs")
    farther = (neg[None, :] > pos[:, None]).sum() + 0.5 * (neg[None, :] == pos[:, None]).sum()
    return float(farther / (len(pos) * len(neg)))


@dataclass(frozen=True)
class OperatingPoint:
    threshold: float
    true_accept_rate: float  # same-person pairs at or under the threshold
    false_accept_rate: float  # different-person pairs at or under the threshold
    accuracy: float


def operating_point(
    same: Sequence[float], different: Sequence[float], threshold: float
) -> OperatingPoint:
    pos, neg = np.asarray(same), np.asarray(different)
    tar = float((pos <= threshold).mean())
    far = float((neg <= threshold).mean())
    accuracy = float(((pos <= threshold).sum() + (neg > threshold).sum()) / (len(pos) + len(neg)))
    return OperatingPoint(threshold, tar, far, accuracy)


def equal_error_rate(same: Sequence[float], different: Sequence[float]) -> tuple[float, float]:
    """(EER, threshold): where false rejects and false accepts are (closest to) equal."""
    candidates = np.unique(np.concatenate([np.asarray(same), np.asarray(different)]))
    best = (1.0, float(candidates[0]))
    best_gap = 2.0
    for threshold in candidates:
        point = operating_point(same, different, float(threshold))
        frr, far = 1.0 - point.true_accept_rate, point.false_accept_rate
        if abs(frr - far) < best_gap:
            best_gap, best = abs(frr - far), ((frr + far) / 2, float(threshold))
    return best


def tar_at_far(same: Sequence[float], different: Sequence[float], far: float) -> float:
    """True-accept rate at the largest threshold whose false-accept rate is <= `far`."""
    neg = np.sort(np.asarray(different))
    allowed = int(np.floor(far * len(neg)))
    threshold = neg[allowed] - 1e-9 if allowed < len(neg) else np.inf
    return float((np.asarray(same) <= threshold).mean())


@dataclass(frozen=True)
class DetectionScore:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def match_detections(
    truth: Sequence[FaceBox], found: Sequence[FaceBox], min_iou: float
) -> DetectionScore:
    """Greedy one-to-one matching, best overlaps first."""
    pairs = sorted(
        ((t.iou(f), i, j) for i, t in enumerate(truth) for j, f in enumerate(found)),
        reverse=True,
    )
    used_truth: set[int] = set()
    used_found: set[int] = set()
    for overlap, i, j in pairs:
        if overlap < min_iou:
            break
        if i not in used_truth and j not in used_found:
            used_truth.add(i)
            used_found.add(j)
    hits = len(used_truth)
    return DetectionScore(hits, len(found) - hits, len(truth) - hits)


def add_scores(scores: Sequence[DetectionScore]) -> DetectionScore:
    return DetectionScore(
        sum(s.true_positives for s in scores),
        sum(s.false_positives for s in scores),
        sum(s.false_negatives for s in scores),
    )
