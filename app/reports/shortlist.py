"""The shortlist PDF of a role: its criteria, the ranked candidates, and for each one the
named parts of their score with the resume evidence behind each part.

It is built from plain data (`Shortlist`), which `app.screening.exports` prepares (and
redacts, for the blind variant); this module reads no database. Each candidate's
score is drawn as a vector bar of its parts, so the PDF stays sharp when printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.reports.common import BODY, H2, SMALL, TITLE, build_pdf, para, table

BAR_WIDTH = 170 * mm
BAR_HEIGHT = 5 * mm
_PART_COLOURS = ("#2f6f9f", "#4f9d69", "#c48b2f", "#8a5fa8", "#b5525c", "#5a8f8f", "#7d7d3a")
MAX_EVIDENCE_PER_PART = 6


@dataclass(frozen=True)
class ShortlistPart:
    name: str
    points: float
    max_points: float
    weight: float
    explanation: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class ShortlistEntry:
    rank: int
    candidate: str  # the name, or "Candidate #N" when blind
    contact: str  # "" when blind
    score: float
    label: str
    meets_must_haves: bool
    missing: tuple[str, ...]
    status: str
    years: float
    education: str | None
    parts: tuple[ShortlistPart, ...]


@dataclass(frozen=True)
class Shortlist:
    role_title: str
    criteria_version: int
    criteria: Sequence[tuple[str, str]]  # (what, value) lines describing the criteria
    blind: bool
    entries: Sequence[ShortlistEntry]
    total_candidates: int


def write_shortlist(shortlist: Shortlist, path: Path) -> Path:
    """Write the shortlist PDF to `path` atomically."""
    s = shortlist
    shown = len(s.entries)
    story: list[Flowable] = [
        para(f"Shortlist: {s.role_title}", TITLE),
        para(
            f"Criteria version {s.criteria_version}. Showing {shown} of {s.total_candidates} "
            f"candidates, best score first."
            + (" Blind: names and contact details hidden." if s.blind else "")
        ),
        para(
            "Scores rank resumes against the criteria below; they reject nobody. "
            "Read the evidence and decide.",
            SMALL,
        ),
        Spacer(1, 6),
        para("Criteria", H2),
        table([("Criterion", "Value"), *s.criteria], [45 * mm, 135 * mm]),
        Spacer(1, 6),
        para("Ranking", H2),
        table(
            [("#", "Candidate", "Score", "Must-haves", "Missing", "Years", "Education", "Status")]
            + [
                (
                    str(e.rank),
                    e.candidate,
                    f"{e.score:.1f}",
                    "met" if e.meets_must_haves else "not met",
                    ", ".join(e.missing) or "-",
                    f"{e.years:.1f}",
                    (e.education or "-").replace("_", " "),
                    e.status,
                )
                for e in s.entries
            ],
            [8 * mm, 33 * mm, 14 * mm, 24 * mm, 35 * mm, 15 * mm, 23 * mm, 28 * mm],
        ),
    ]
    for entry in s.entries:
        story += _candidate_section(entry)
    return build_pdf(path, f"Shortlist: {s.role_title}", story)


def _candidate_section(e: ShortlistEntry) -> list[Flowable]:
    heading = f"{e.rank}. {e.candidate}: {e.score:.1f} of 100 ({e.label})"
    head: list[Flowable] = [Spacer(1, 8), para(heading, H2)]
    if e.contact:
        head.append(para(e.contact, SMALL))
    head += [score_bar(e.parts), Spacer(1, 4)]
    rows = [("Part", "Points", "Weight", "Why")]
    rows += [
        (
            p.name.replace("_", " "),
            f"{p.points:.1f} / {p.max_points:.1f}",
            f"{p.weight:g}",
            p.explanation,
        )
        for p in e.parts
    ]
    body: list[Flowable] = [table(rows, [28 * mm, 24 * mm, 16 * mm, 112 * mm])]
    for part in e.parts:
        if not part.evidence:
            continue
        body.append(para(f"Evidence for {part.name.replace('_', ' ')}:", BODY))
        quotes = part.evidence[:MAX_EVIDENCE_PER_PART]
        more = len(part.evidence) - len(quotes)
        body += [para(f"- \u201c{q}\u201d", SMALL) for q in quotes]
        if more > 0:
            body.append(para(f"(and {more} more)", SMALL))
    if e.missing:
        body.append(para("Must-haves not found in the resume: " + ", ".join(e.missing), SMALL))
    return [KeepTogether(head), *body]


def score_bar(parts: Sequence[ShortlistPart]) -> Drawing:
    """One horizontal bar out of 100 points, a coloured segment per part, with a legend."""
    drawing = Drawing(BAR_WIDTH, BAR_HEIGHT + 12)
    drawing.add(
        Rect(0, 10, BAR_WIDTH, BAR_HEIGHT, fillColor=colors.HexColor("#eef1f5"),
             strokeColor=colors.HexColor("#b0b8c4"), strokeWidth=0.3)
    )  # fmt: skip
    x = 0.0
    legend_x = 0.0
    for index, part in enumerate(parts):
        colour = colors.HexColor(_PART_COLOURS[index % len(_PART_COLOURS)])
        width = BAR_WIDTH * max(0.0, min(part.points, 100.0)) / 100.0
        if width > 0:
            drawing.add(Rect(x, 10, width, BAR_HEIGHT, fillColor=colour, strokeColor=None))
        x += width
        drawing.add(Rect(legend_x, 1, 6, 6, fillColor=colour, strokeColor=None))
        label = f"{part.name.replace('_', ' ')} {part.points:.0f}/{part.max_points:.0f}"
        drawing.add(String(legend_x + 8, 1.5, label, fontName="Helvetica", fontSize=6.5))
        legend_x += 8 + len(label) * 3.4 + 8
    return drawing
