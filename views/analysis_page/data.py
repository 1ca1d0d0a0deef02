"""Plain readings of a stored analysis for the interview page (no Qt here).

Word timings come from the transcript's segments, placed at character offsets of
the transcript text, because evidence spans are offsets into that same text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

RATE_WINDOW_S = 10.0


@dataclass(frozen=True)
class PlacedWord:
    """A spoken word: where it sits in the transcript text, and when it was said."""

    start: int
    end: int
    time_start: float
    time_end: float
    text: str


def placed_words(transcript: Mapping[str, Any]) -> list[PlacedWord]:
    """Each timed word found, in order, in `transcript["text"]` (words not found are skipped)."""
    text = str(transcript.get("text", ""))
    lowered = text.casefold()
    cursor = 0
    found: list[PlacedWord] = []
    for segment in transcript.get("segments", []) or []:
        for word in segment.get("words", []) or []:
            token = str(word.get("word", "")).strip()
            if not token:
                continue
            at = lowered.find(token.casefold(), cursor)
            if at < 0:
                continue
            cursor = at + len(token)
            found.append(
                PlacedWord(at, cursor, float(word["start"]), float(word["end"]), text[at:cursor])
            )
    return found


def word_at_time(words: Sequence[PlacedWord], seconds: float) -> int:
    """The index of the word being spoken at `seconds` (the last one started), or -1."""
    starts = [w.time_start for w in words]
    index = bisect_right(starts, seconds) - 1
    if index < 0:
        return -1
    # After a word ends and before the next starts, the last word stays lit briefly.
    return index if seconds <= words[index].time_end + 0.5 else -1


def word_at_offset(words: Sequence[PlacedWord], offset: int) -> int:
    """The index of the word covering character `offset` (or just before it), or -1."""
    for index, word in enumerate(words):
        if word.start <= offset <= word.end:
            return index
    return -1


def speaking_rate(
    words: Sequence[PlacedWord], duration: float, window: float = RATE_WINDOW_S
) -> tuple[list[float], list[float]]:
    """Words started in each `window`-second stretch: (window starts, counts)."""
    span = max(duration, max((w.time_end for w in words), default=0.0))
    bins = max(1, int(span // window) + (1 if span % window else 0))
    counts = [0.0] * bins
    for word in words:
        counts[min(int(word.time_start // window), bins - 1)] += 1
    return [i * window for i in range(bins)], counts


def face_presence(video: Mapping[str, Any]) -> tuple[list[float], list[float]]:
    """(times, 1 where a face was in view else 0) from the video step's samples."""
    samples = video.get("samples") or []
    times = [float(s["t"]) for s in samples]
    present = [1.0 if int(s.get("faces", 0)) > 0 else 0.0 for s in samples]
    return times, present


def expression_series(video: Mapping[str, Any]) -> dict[str, tuple[list[float], list[float]]]:
    """Per expression label, (times, probability) when expressions were described."""
    expressions = video.get("expressions")
    if not isinstance(expressions, Mapping):
        return {}
    labels = [str(label) for label in expressions.get("labels", [])]
    frames = expressions.get("frames") or []
    series: dict[str, tuple[list[float], list[float]]] = {}
    for i, label in enumerate(labels):
        series[label] = (
            [float(f["t"]) for f in frames],
            [float(f["p"][i]) for f in frames],
        )
    return series


def status_text(status: str) -> str:
    return status.replace("_", " ")


@dataclass(frozen=True)
class KeyPointView:
    text: str
    covered: bool
    evidence: str
    note: str


def key_points(answer_points: Sequence[str], assessment: Mapping[str, Any]) -> list[KeyPointView]:
    """Each key point of the question with whether the answer covered it, and the evidence."""
    by_index = {int(k["index"]): k for k in assessment.get("key_points", []) or []}
    shown = []
    for index, point in enumerate(answer_points):
        record = by_index.get(index, {})
        evidence = record.get("evidence") if isinstance(record, Mapping) else None
        shown.append(
            KeyPointView(
                point,
                bool(record.get("covered")),
                str(evidence.get("text", "")) if isinstance(evidence, Mapping) else "",
                str(record.get("note", "") or ""),
            )
        )
    return shown
