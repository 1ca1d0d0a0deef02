"""What the interview page shows, read in one job, and the plain texts made from it.

Kept apart from `page.py` so the widget module holds only the widget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from analysis.answers import CombinationWeights
from app.analysis_pipeline.results import CandidateAnalysis
from app.analysis_pipeline.store import AnswerSpec, RunRecord
from app.decisions import Decision, Rating
from app.reports.candidate import ResumeMatch
from views.screening.blind import MASK


@dataclass(frozen=True)
class PageData:
    """Everything the page shows, read in one job."""

    analysis: CandidateAnalysis | None
    media: tuple[AnswerSpec, ...]
    name: str
    ratings: tuple[Rating, ...] = ()
    decision: Decision | None = None
    mask_words: tuple[str, ...] = field(default=())
    resume: ResumeMatch | None = None
    runs: tuple[RunRecord, ...] = ()
    """All the candidate's runs, newest first (the chooser greys those not complete)."""
    declined: bool = False
    """Human-only review: `media` are the recordings to review, no analysis is shown."""


def mask_words(words: tuple[str, ...]) -> Callable[[str], str]:
    """Blot whole-word uses of `words` out of a text, one █ per character (offsets hold)."""
    parts = sorted({w for w in words if len(w) >= 2}, key=len, reverse=True)
    if not parts:
        return lambda text: text
    pattern = re.compile("|".join(rf"\b{re.escape(p)}\b" for p in parts), re.IGNORECASE)
    return lambda text: pattern.sub(lambda m: re.sub(r"\S", MASK, m.group()), text)


def overall_text(resume: ResumeMatch | None, interview: object) -> str:
    """The resume match and the interview combined, as the PDF's summary has it."""
    if resume is None or not resume.available or resume.score is None:
        note = resume.note if resume is not None else "No resume screening."
        return f"Overall: interview only. {note}"
    score = None if interview is None else float(str(interview))
    combined = CombinationWeights().combine(resume.score / 100, score)
    text = f"Resume match: {resume.score:.0f} of 100 (role #{resume.role_id}). "
    if combined.value is not None:
        text += f"Combined (resume and interview): {combined.value:.2f}. {combined.explanation}"
    return text


def replace_ratings(data: PageData, ratings: list[Rating]) -> PageData:
    return replace(data, ratings=tuple(ratings))
