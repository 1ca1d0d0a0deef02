"""Which of the recruiter's key points an answer covers, and with which sentence.

Each key point is matched to a sentence of the answer; it is covered when that
sentence's similarity reaches the threshold. Matching is one-to-one, greedily from
the most similar (key point, sentence) pair down: a sentence is evidence for at most
one key point. Without that rule one general sentence ("I am very careful with
medication") sits near every point about a topic and would tick them all; on the
development set the rule raised key-point precision and answer ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Match:
    unit: int
    """Index of the matched sentence (the closest one when every sentence was taken)."""
    similarity: float
    exclusive: bool
    """False when every sentence was already evidence for another key point."""


def match_key_points(similarities: npt.NDArray[np.float32]) -> list[Match]:
    """One match per row of a (key points x sentences) cosine matrix."""
    n_points, n_units = similarities.shape
    matches: dict[int, Match] = {}
    taken: set[int] = set()
    for flat in np.argsort(-similarities, axis=None, kind="stable"):
        point, unit = divmod(int(flat), n_units)
        if point in matches or unit in taken:
            continue
        matches[point] = Match(unit, float(similarities[point, unit]), True)
        taken.add(unit)
        if len(matches) == n_points or len(taken) == n_units:
            break
    for point in range(n_points):
        if point not in matches:
            unit = int(similarities[point].argmax())
            matches[point] = Match(unit, float(similarities[point, unit]), False)
    return [matches[p] for p in range(n_points)]
