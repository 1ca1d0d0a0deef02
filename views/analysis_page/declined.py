"""What the interview page shows for a candidate who chose human-only review.

Instead of scores: a banner saying automated analysis was declined, and the recorded
answers to play, rate and decide on as for anyone else (the ratings use the same
answer keys). No transcript, timeline, model list or re-run is offered: none exists.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.compliance.restrictions import DECLINED_BANNER

BANNER_STYLE = (
    "background: #fff4cc; color: #5c4500; border: 2px solid #5c4500; border-radius: 4px; "
    "padding: 8px; font-size: 13pt; font-weight: 600"
)


def declined_banner() -> QLabel:
    """Hidden until a human-only candidate is shown."""
    banner = QLabel(DECLINED_BANNER)
    banner.setObjectName("analysisDeclined")
    banner.setWordWrap(True)
    banner.setAccessibleName(DECLINED_BANNER)
    banner.setStyleSheet(BANNER_STYLE)
    banner.hide()
    return banner


def declined_summary(recordings: int) -> str:
    """The line under the banner: why there are no scores, and what to do."""
    why = (
        "The candidate chose review by a person only (an objection to automated "
        "processing), so no transcript, score or identity check is made or shown."
    )
    if recordings == 0:
        return f"{why} No recorded answer is stored yet."
    noun = "answer" if recordings == 1 else "answers"
    return f"{why} Play the {recordings} recorded {noun}, rate each one and decide as usual."
