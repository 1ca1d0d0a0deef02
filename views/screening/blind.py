"""Blind review: hide who a candidate is while their qualifications stay readable.

Names become "Candidate #id", and the name, contact details, links, location and
graduation years in the resume text are covered with █ in the *displayed copy*.
Each hidden character is replaced by exactly one block character, so every
offset into the text (evidence spans, highlights) still points at the same place.

Who may turn it off: blind mode is on when a session starts. Recruiters and
administrators may switch it off (View → Blind review, Ctrl+B); reviewers may
not: for them it is always on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence

from analysis.resume import Email, Link, Phone, ResumeProfile, Span, TextValue
from analysis.scoring.redaction import protected_spans
from app.accounts import Role, User

MASK = "█"
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MIN_NAME_PART = 2


def _highlights(profile: Mapping[str, Any], kind: str) -> list[tuple[str, Span]]:
    """The (label, span) of each highlight of `kind` in a `CandidateDetail.profile`."""
    found = []
    for mark in profile.get("highlights") or []:
        if not isinstance(mark, Mapping) or mark.get("kind") != kind:
            continue
        start, end = mark.get("start"), mark.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
            found.append((str(mark.get("label", "")), Span(start, end)))
    return found


def _identity_profile(text: str, profile: Mapping[str, Any]) -> ResumeProfile:
    """Just enough of a `ResumeProfile` for `protected_spans`: who, and how to reach them."""
    names = _highlights(profile, "name")
    places = _highlights(profile, "location")
    return ResumeProfile(
        text=text,
        name=TextValue(*names[0]) if names else None,
        emails=tuple(Email(label, span) for label, span in _highlights(profile, "email")),
        phones=tuple(
            Phone(label, span.text_of(text), span) for label, span in _highlights(profile, "phone")
        ),
        links=tuple(Link("other", label, span) for label, span in _highlights(profile, "link")),
        location=TextValue(*places[0]) if places else None,
        sections=(),
        skills=(),
        experience=(),
        education=(),
        certifications=(),
        languages=(),
        total_experience_years=0.0,
    )


def _name_parts(text: str, name: str) -> list[tuple[int, int]]:
    """Each whole-word use of a part of the name ("Thanks, Ada" in a cover note)."""
    parts = {p.casefold() for p in _WORD.findall(name) if len(p) >= _MIN_NAME_PART}
    if not parts:
        return []
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if m.group().casefold() in parts]


def _education_regions(text: str, profile: Mapping[str, Any]) -> list[Span]:
    regions = [span for _, span in _highlights(profile, "education")]
    headings = sorted(_highlights(profile, "section"), key=lambda item: item[1].start)
    for number, (label, heading) in enumerate(headings):
        if label == "education":  # the section runs to the next heading
            end = headings[number + 1][1].start if number + 1 < len(headings) else len(text)
            regions.append(Span(heading.start, end))
    return regions


def _graduation_years(text: str, profile: Mapping[str, Any]) -> list[tuple[int, int]]:
    spans = []
    for region in _education_regions(text, profile):
        chunk = text[region.start : region.end]
        spans += [(region.start + m.start(), region.start + m.end()) for m in _YEAR.finditer(chunk)]
    return spans


def sensitive_spans(text: str, profile: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Where a resume says who the candidate is, how to reach them, or when they graduated.

    `profile` is `CandidateDetail.profile` (its "highlights" carry the spans). The
    identity blocks come from the same rules scoring uses (`protected_spans`): name,
    contacts, location, street addresses, photo lines, labelled personal details.
    """
    identity = _identity_profile(text, profile)
    spans = [(span.start, span.end) for span in protected_spans(identity).blocks]
    names = [identity.name.value] if identity.name is not None else []
    if isinstance(profile.get("name"), str):
        names.append(profile["name"])
    for name in names:
        spans += _name_parts(text, name)
    spans += _graduation_years(text, profile)
    return sorted(spans)


def masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with every non-space character inside `spans` replaced by one █."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(chars))):
            if not chars[i].isspace():
                chars[i] = MASK
    return "".join(chars)


def blind_text(text: str, profile: Mapping[str, Any]) -> str:
    return masked(text, sensitive_spans(text, profile))


def forced_for(user: User) -> bool:
    return user.role is Role.REVIEWER


class BlindMode(QObject):
    """The session's blind-review switch, shared by every screen that shows candidates.

    `changed(bool)` fires when it flips. `action` is the checkable View-menu entry.
    """

    changed = Signal(bool)

    def __init__(self, user: User, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._forced = forced_for(user)
        self._on = True
        self.action = QAction("&Blind review", self)
        self.action.setObjectName("blindAction")
        self.action.setCheckable(True)
        self.action.setChecked(True)
        self.action.setShortcut(QKeySequence("Ctrl+B"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if self._forced:
            self.action.setEnabled(False)
            self.action.setToolTip("Reviewers always review blind.")
        else:
            self.action.setToolTip("Hide names, contact details and graduation years (Ctrl+B)")
        self.action.toggled.connect(self.set_on)

    @property
    def forced(self) -> bool:
        return self._forced

    def is_on(self) -> bool:
        return self._on

    def set_on(self, on: bool) -> None:
        if self._forced:
            on = True
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        if on != self._on:
            self._on = on
            self.changed.emit(on)
