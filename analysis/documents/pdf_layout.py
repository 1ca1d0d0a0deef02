"""Reading order for PDFs whose content stream interleaves two columns.

pdfium returns text in content-stream order. LaTeX, Word and browsers write a column
(or a sidebar) at a time, so that order is already right, and it is kept. Some
generators write the page line by line across the columns; pdfium then joins a left
line and a right line into one ("SKILLS EXPERIENCE"). Only when that is detected is the
page rebuilt from text rectangles: find a vertical gutter that no text crosses over a
tall band, and read the band's left side before its right side.

A gutter next to short aligned labels (dates right of job titles, "Python  Expert"
tables) is a row layout, not columns: it keeps its rows.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium  # type: ignore[import-untyped]

_MIN_GUTTER = 6.0  # points; word gaps are ~3
_MIN_SIDE_PHRASES = 4
_MIN_BAND_HEIGHT = 0.2  # of the page height: a sidebar or a column, not a small table
_MIN_SAME_LINE_JUMPS = 3
_MAX_RECTS = 6000
_MAX_DEPTH = 3


@dataclass
class _Phrase:
    left: float
    bottom: float
    right: float
    top: float
    seq: int  # position in the content stream
    boxes: list[tuple[float, float, float, float]]
    text: str = ""  # filled in only when the page is reordered

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def column_ordered_text(textpage: pdfium.PdfTextPage, page_height: float) -> str | None:
    """The page's text in column order, or None when the stream order should be kept."""
    count = textpage.count_rects()
    if count < 2 * _MIN_SIDE_PHRASES or count > _MAX_RECTS:
        return None
    rects = [textpage.get_rect(i) for i in range(count)]
    # Runs of spaces and tabs come out as zero-height rectangles: not text.
    rects = [r for r in rects if r[3] - r[1] > 0.5 and r[2] - r[0] > 0.1]
    if _same_line_jumps(rects) < _MIN_SAME_LINE_JUMPS:
        return None
    phrases = _merge_into_phrases(rects)
    split = _find_split(phrases, page_height)
    if split is None or not _stream_interleaves(split[1], split[2]):
        return None
    for phrase in phrases:
        phrase.text = _phrase_text(textpage, phrase)
    return "\n".join(_ordered_lines(phrases, page_height, 0))


def _same_line_jumps(rects: list[tuple[float, float, float, float]]) -> int:
    """How often the stream goes right across a wide gap on the same line."""
    jumps = 0
    for (_l1, b1, r1, t1), (l2, b2, _r2, t2) in itertools.pairwise(rects):
        overlaps = min(t1, t2) - max(b1, b2) > 0
        if overlaps and l2 - r1 > max(15.0, 1.5 * (t1 - b1)):
            jumps += 1
    return jumps


def _merge_into_phrases(rects: list[tuple[float, float, float, float]]) -> list[_Phrase]:
    """Join consecutive rectangles on one line with word-sized gaps into phrases."""
    phrases: list[_Phrase] = []
    for seq, (left, bottom, right, top) in enumerate(rects):
        last = phrases[-1] if phrases else None
        if last is not None and _overlap(last, bottom, top) > 0.5:
            gap = left - last.right
            if -1.0 <= gap <= max(3.0, last.height):
                last.boxes.append((left, bottom, right, top))
                last.right = max(last.right, right)
                last.bottom = min(last.bottom, bottom)
                last.top = max(last.top, top)
                continue
        phrases.append(_Phrase(left, bottom, right, top, seq, [(left, bottom, right, top)]))
    return phrases


def _phrase_text(textpage: pdfium.PdfTextPage, phrase: _Phrase) -> str:
    text = ""
    previous_right = phrase.left
    for left, bottom, right, top in phrase.boxes:
        part = textpage.get_text_bounded(left, bottom, right, top)
        text = _join(text, part, left - previous_right, phrase.height) if text else part
        previous_right = right
    return text


def _overlap(phrase: _Phrase, bottom: float, top: float) -> float:
    """Vertical overlap with a box, as a fraction of the smaller height."""
    smaller = max(min(phrase.height, top - bottom), 0.1)
    return (min(phrase.top, top) - max(phrase.bottom, bottom)) / smaller


def _join(before: str, after: str, gap: float, height: float) -> str:
    spaced = gap > 0.2 * height and not before.endswith(" ") and not after.startswith(" ")
    return before + (" " if spaced else "") + after


def _find_split(
    phrases: list[_Phrase], page_height: float
) -> tuple[list[_Phrase], list[_Phrase], list[_Phrase], list[_Phrase]] | None:
    """Best (above, left, right, below) split of the phrases at a vertical gutter, if any."""
    if len(phrases) < 2 * _MIN_SIDE_PHRASES:
        return None
    lefts = np.array([p.left for p in phrases])
    rights = np.array([p.right for p in phrases])
    middles = np.array([p.middle for p in phrases])
    x0, x1 = float(lefts.min()), float(rights.max())
    width = x1 - x0
    if width <= 0:
        return None
    inside = (rights > x0 + 0.1 * width) & (rights < x0 + 0.85 * width)
    candidates = np.unique(np.round(rights[inside]))
    top_down = np.argsort(-middles, kind="stable")
    scored: list[tuple[int, float, int]] = []
    for gutter in candidates:
        on_left = rights <= gutter + 0.5
        on_right = lefts >= gutter + _MIN_GUTTER
        crossing = ~(on_left | on_right)[top_down]
        band = np.cumsum(crossing)[~crossing]
        left_in_band = on_left[top_down][~crossing]
        bands = int(band.max(initial=0)) + 1
        n_left = np.bincount(band[left_in_band], minlength=bands)
        n_right = np.bincount(band[~left_in_band], minlength=bands)
        both = np.minimum(n_left, n_right)
        best_band = int(both.argmax())
        scored.append((int(both[best_band]), float(gutter), best_band))
    for score, gutter, band_id in sorted(scored, reverse=True)[:3]:
        if score < _MIN_SIDE_PHRASES:
            break
        split = _split_at(phrases, [phrases[i] for i in top_down], gutter, band_id)
        if split is not None and _is_column_band(split[1], split[2], page_height, width):
            return split
    return None


def _split_at(
    phrases: list[_Phrase], top_down: list[_Phrase], gutter: float, band_id: int
) -> tuple[list[_Phrase], list[_Phrase], list[_Phrase], list[_Phrase]] | None:
    above: list[_Phrase] = []
    left: list[_Phrase] = []
    right: list[_Phrase] = []
    below: list[_Phrase] = []
    band = 0
    for phrase in top_down:
        crosses = not (phrase.right <= gutter + 0.5 or phrase.left >= gutter + _MIN_GUTTER)
        if crosses:
            band += 1
            (above if band <= band_id else below).append(phrase)
        elif band < band_id:
            above.append(phrase)
        elif band > band_id:
            below.append(phrase)
        else:
            (left if phrase.right <= gutter + 0.5 else right).append(phrase)
    return (above, left, right, below) if left and right else None


def _is_column_band(
    left: list[_Phrase], right: list[_Phrase], page_height: float, page_text_width: float
) -> bool:
    band = left + right
    height = max(p.top for p in band) - min(p.bottom for p in band)
    if height < _MIN_BAND_HEIGHT * page_height:
        return False
    if min(_row_count(left), _row_count(right)) < _MIN_SIDE_PHRASES:
        return False
    fewer, more = (left, right) if len(left) <= len(right) else (right, left)
    aligned = _aligned_count(fewer, more)
    if aligned < 0.8 * len(fewer):
        return True  # independent baselines: two flows of text side by side
    # Aligned rows: columns only when both sides are wide text (a two-column article);
    # a narrow side is a column of dates or labels that belongs to its rows.
    return all(_median_width(side) > 0.25 * page_text_width for side in (left, right))


def _aligned_count(fewer: list[_Phrase], more: list[_Phrase]) -> int:
    """How many of `fewer` share a line (vertical overlap > 50%) with one of `more`."""
    fb, ft = np.array([p.bottom for p in fewer]), np.array([p.top for p in fewer])
    mb, mt = np.array([p.bottom for p in more]), np.array([p.top for p in more])
    overlap = np.minimum(ft[:, None], mt[None, :]) - np.maximum(fb[:, None], mb[None, :])
    smaller = np.maximum(np.minimum((ft - fb)[:, None], (mt - mb)[None, :]), 0.1)
    return int(((overlap / smaller) > 0.5).any(axis=1).sum())


def _row_count(side: list[_Phrase]) -> int:
    rows = 0
    last: _Phrase | None = None
    for phrase in sorted(side, key=lambda p: -p.top):
        if last is None or _overlap(last, phrase.bottom, phrase.top) <= 0.5:
            rows += 1
            last = phrase
    return rows


def _median_width(side: list[_Phrase]) -> float:
    return float(np.median([p.right - p.left for p in side]))


def _stream_interleaves(left: list[_Phrase], right: list[_Phrase]) -> bool:
    """Does the content stream alternate between the two sides (rather than one then the other)?"""
    sides = sorted([(p.seq, 0) for p in left] + [(p.seq, 1) for p in right])
    switches = sum(1 for a, b in itertools.pairwise(sides) if a[1] != b[1])
    # Writing one column then the other switches once; a few figure labels a few times.
    # Line-by-line writing switches about twice per row.
    return switches > 3 and switches >= 0.5 * min(len(left), len(right))


def _ordered_lines(phrases: list[_Phrase], page_height: float, depth: int) -> list[str]:
    split = _find_split(phrases, page_height) if depth < _MAX_DEPTH else None
    if split is None:
        return _rows(phrases)
    above, left, right, below = split
    lines: list[str] = []
    for part in (above, left, right, below):
        if part:
            lines.extend(_ordered_lines(part, page_height, depth + 1))
    return lines


def _rows(phrases: list[_Phrase]) -> list[str]:
    """Top-to-bottom lines, read left to right; accents and superscripts join their line."""
    rows: list[_Phrase] = []
    members: list[list[_Phrase]] = []
    for phrase in sorted(phrases, key=lambda p: -p.top):
        if rows and _overlap(rows[-1], phrase.bottom, phrase.top) > 0.5:
            row = rows[-1]
            row.bottom, row.top = min(row.bottom, phrase.bottom), max(row.top, phrase.top)
            members[-1].append(phrase)
        else:
            rows.append(_Phrase(phrase.left, phrase.bottom, phrase.right, phrase.top, 0, []))
            members.append([phrase])
    lines = []
    for row_phrases in members:
        ordered = sorted(row_phrases, key=lambda p: p.left)
        text = ordered[0].text.strip()
        for previous, phrase in itertools.pairwise(ordered):
            text = _join(text, phrase.text.strip(), phrase.left - previous.right, previous.height)
        if text:
            lines.append(text)
    return lines
