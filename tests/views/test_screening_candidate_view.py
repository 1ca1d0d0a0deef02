"""The candidate page on hand-made details: highlights line up with evidence in any text,
blind masking keeps offsets, and a screening without evidence says so."""

from __future__ import annotations

from app.screening.screenings import CandidateDetail
from views.screening.blind import MASK, blind_text, sensitive_spans
from views.screening.candidate_view import CandidateView

TEXT = (
    "Zoë Ng 🚀\nzoe.ng@example.com · +44 20 7946 0000\n10 Downing Street, London\n\n"
    "Skills: Python 🐍, SQL\nEducation\nBSc Physics, 2012\n"
)


def _span(word: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def _detail(parts: list[dict]) -> CandidateDetail:
    highlights = [
        {"kind": "name", "label": "Zoë Ng", "start": 0, "end": 6},
        {
            "kind": "email",
            "label": "zoe.ng@example.com",
            **dict(zip(("start", "end"), _span("zoe.ng@example.com"), strict=True)),
        },
        {
            "kind": "phone",
            "label": "+442079460000",
            **dict(zip(("start", "end"), _span("+44 20 7946 0000"), strict=True)),
        },
        {
            "kind": "education",
            "label": "BSc Physics",
            **dict(zip(("start", "end"), _span("BSc Physics, 2012"), strict=True)),
        },
    ]
    return CandidateDetail(
        candidate_id=7,
        display_name="Zoë Ng",
        resume_text=TEXT,
        profile={"name": "Zoë Ng", "highlights": highlights},
        screening={
            "score": 40.0,
            "label": "Meets all must-haves",
            "meets_must_haves": True,
            "parts": parts,
        },
        criteria_version=3,
        role_id=1,
        file_name="zoe.txt",
        model={},
    )


def _evidence(word: str, occurrence: int = 0) -> dict:
    start, end = _span(word, occurrence)
    return {"text": word, "start": start, "end": end}


PARTS = [
    {
        "name": "must_haves",
        "points": 30.0,
        "max_points": 30.0,
        "weight": 0.3,
        "explanation": "Python found.",
        "evidence": [_evidence("Python")],
    },
    {
        "name": "skills",
        "points": 10.0,
        "max_points": 35.0,
        "weight": 0.35,
        "explanation": "SQL found.",
        "evidence": [_evidence("SQL")],
    },
    {
        "name": "keywords",
        "points": 0.0,
        "max_points": 5.0,
        "weight": 0.05,
        "explanation": "No keyword found.",
        "evidence": [],
    },
]


def test_highlights_follow_evidence_past_characters_outside_the_basic_plane(qtbot) -> None:
    view = CandidateView()
    qtbot.addWidget(view)
    view.show()
    view.show_detail(_detail(PARTS), blind=False)
    document = view.text.document()
    for selection, word in zip(view.text.extraSelections(), ("Python", "SQL"), strict=True):
        cursor = selection.cursor
        assert cursor.selectedText() == word  # the emoji before it count twice in Qt
    assert view.chart.bar_count() == 3
    view.select_part(1)
    assert view.text.textCursor().selectedText() == "SQL"
    assert view.evidence_list.item(0).text() == "Skills: Python 🐍, «SQL»"
    view.select_part(2)
    assert view.no_evidence.isVisible()
    assert "No evidence for “Keywords”" in view.no_evidence.text()
    assert document.characterCount() == len(TEXT.encode("utf-16-le")) // 2 + 1  # UTF-16 units


def test_blind_masking_keeps_every_offset_and_hides_identity(qtbot) -> None:
    detail = _detail(PARTS)
    masked = blind_text(TEXT, detail.profile)
    assert len(masked) == len(TEXT)
    for hidden in ("Zoë", "Ng", "zoe.ng@example.com", "+44 20 7946 0000", "Downing Street", "2012"):
        assert hidden not in masked
    assert "Python" in masked and "BSc Physics" in masked
    assert masked.count("\n") == TEXT.count("\n")
    for start, end in sensitive_spans(TEXT, detail.profile):
        assert set(masked[start:end]) <= {MASK, " ", "\n"}

    view = CandidateView()
    qtbot.addWidget(view)
    view.show_detail(detail, blind=True)
    assert view.name_label.text() == "Candidate #7"
    assert "zoe.txt" not in view.meta_label.text()  # file names often carry the name
    assert [s.cursor.selectedText() for s in view.text.extraSelections()] == ["Python", "SQL"]
    view.set_blind(False)
    assert view.name_label.text() == "Zoë Ng" and "File: zoe.txt" in view.meta_label.text()
