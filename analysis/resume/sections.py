"""Lines and section headings.

Text extracted from PDFs often loses its line breaks and keeps runs of spaces
where they were, so a "line" here also ends at two or more spaces. A heading is
a line that is one of the known heading phrases; in flattened text (no line
breaks) it must also be written in capitals or Title Case, to avoid taking a
word in a sentence for a heading.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from analysis.resume.dates import find_date_ranges
from analysis.resume.model import Section, Span

_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "profile", "personal profile", "career objective",
        "objective", "objectives", "about me", "career summary", "executive summary",
        "summary of qualifications", "professional profile", "overview", "career profile",
        "value proposition", "introduction", "personal statement", "qualifications summary",
        "summary of qualification", "career overview",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment history",
        "work history", "career history", "employment", "career experience", "job history",
        "experience summary", "relevant experience", "professional background",
        "internships", "internship", "career experience/job history", "employment experience",
        "professional history", "work experience details", "experience details",
        "organizational experience", "organisational experience", "industry experience",
        "teaching experience", "clinical experience", "volunteer experience",
        "employment record", "positions held", "career", "career progression",
        "professional experience summary", "work summary", "experience and employment",
        "relevant work experience", "previous experience", "experience profile",
        "career summary and experience", "military experience", "research experience",
    ),
    "education": (
        "education", "educational qualifications", "educational qualification",
        "academic qualifications", "academic qualification", "qualifications",
        "academic background", "education and training", "educational background",
        "academics", "academic profile", "scholastic profile", "education details",
        "educational details", "academic details", "academic credentials", "education history",
    ),
    "skills": (
        "skills", "technical skills", "key skills", "core competencies", "competencies",
        "areas of expertise", "areas of excellence", "skills and abilities", "it skills",
        "computer skills", "technical proficiency", "expertise", "skill set", "skillset",
        "skills summary", "professional skills", "additional skills", "technical expertise",
        "core skills", "key competencies", "technologies", "tools and technologies",
        "technical summary", "soft skills", "personal skills", "relevant skills",
        "skills and competencies", "technical competencies", "software skills",
        "core qualifications", "strengths", "key strengths",
    ),
    "certifications": (
        "certifications", "certification", "certificates", "licenses", "licences",
        "licenses and certifications", "licences and certifications",
        "certifications and licenses", "certifications and licences",
        "professional certifications", "certifications and trainings",
        "certifications and training", "trainings", "courses", "training and certifications",
        "professional development", "accreditations",
    ),
    "languages": ("languages", "language skills", "language proficiency", "languages known"),
    "projects": ("projects", "academic projects", "key projects", "personal projects",
                 "project experience", "project details", "projects undertaken"),
    "other": (
        "awards", "achievements", "awards and achievements", "honors", "honours",
        "honors and awards", "publications", "interests", "hobbies", "hobbies and interests",
        "references", "additional information", "personal details", "personal information",
        "volunteer", "volunteering", "activities", "extracurricular activities",
        "extra curricular activities", "links", "declaration", "accomplishments",
        "memberships", "affiliations", "professional affiliations", "personal data",
        "military service", "key accomplishments", "co-curricular activities",
    ),
}  # fmt: skip
HEADING_NAMES: dict[str, str] = {
    phrase: name for name, phrases in _HEADINGS.items() for phrase in phrases
}
_LINE_BREAK = re.compile(r"\n|\r| {2,}|\t+")
_BULLET_CHARS = " \t•●▪◦■□❖➢►→*·-–—:|"


def soft_lines(text: str) -> list[Span]:
    """Spans of the non-blank lines, where two or more spaces also end a line."""
    spans = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        if m.start() > pos:
            spans.append(Span(pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(pos, len(text)))
    return [s for s in (strip_span(text, s) for s in spans) if s.end > s.start]


def line_numbers(lines: Sequence[Span], low: int, high: int) -> range:
    """The numbers of the lines (sorted, as `soft_lines` gives them) starting in [low, high)."""
    return range(
        bisect.bisect_left(lines, low, key=_start), bisect.bisect_left(lines, high, key=_start)
    )


def lines_in(lines: Sequence[Span], low: int, high: int) -> Sequence[Span]:
    """The lines (sorted, as `soft_lines` gives them) that start in [low, high)."""
    numbers = line_numbers(lines, low, high)
    return lines[numbers.start : numbers.stop]


def line_before(lines: Sequence[Span], pos: int) -> int:
    """The number of the last line starting at or before `pos` (-1 when none does)."""
    return bisect.bisect_right(lines, pos, key=_start) - 1


def _start(span: Span) -> int:
    return span.start


def strip_span(text: str, span: Span, chars: str = " \t\r\n") -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return Span(start, end)


def normalise_heading(raw: str) -> str:
    raw = raw.strip(_BULLET_CHARS).replace("&amp;", "&").replace("&", " and ")
    return re.sub(r"\s+", " ", raw).strip().lower()


def heading_name(text: str, line: Span, *, flattened: bool) -> str | None:
    """The canonical section name if this line is a heading, else None."""
    raw = text[line.start : line.end]
    if len(raw) > 60:
        return None
    key = normalise_heading(raw)
    name = HEADING_NAMES.get(key)
    if name is None and _is_skills_heading(raw, key):
        name = "skills"
    if name is None:
        return None
    if flattened and not _looks_like_heading_case(raw.strip(_BULLET_CHARS)):
        return None
    return name


# Skills headings vary without end ("SAP FICO SKILL SET", "Key Technical Skills",
# "Professional competencies"): a short line ending in such a word is one, unless it
# reads as a skill itself ("Good communication skills") or starts as a list item.
_SKILLS_HEADING_END = re.compile(
    r"(?:\bskills?|\bskill ?sets?|\bcompetenc(?:y|ies)|\bproficiency|\bexpertise)$"
)
_PRAISE_WORDS = {
    "good", "excellent", "strong", "great", "effective", "exceptional", "outstanding",
    "solid", "sound", "proven", "superior", "very", "basic", "sharp", "keen",
}  # fmt: skip


def _is_skills_heading(raw: str, key: str) -> bool:
    words = key.split()
    if not 1 <= len(words) <= 5 or not _SKILLS_HEADING_END.search(key):
        return False
    if raw.lstrip()[:1] in _BULLET_CHARS.strip() or words[0] in _PRAISE_WORDS:
        return False
    shown = raw.strip(_BULLET_CHARS)
    return raw.rstrip().endswith(":") or _looks_like_heading_case(shown)


def _looks_like_heading_case(words: str) -> bool:
    if words.isupper():
        return True
    return all(w[:1].isupper() for w in words.split() if len(w) > 3)


def find_sections(text: str, lines: list[Span]) -> list[Section]:
    """Sections in order; a section's body runs to the next heading."""
    flattened = text.count("\n") < max(3, len(text) // 400)
    headings = []
    for line in lines:
        name = heading_name(text, line, flattened=flattened)
        if name is not None:
            headings.append((name, line))
    headings = _in_house_style(text, headings)
    sections = []
    for i, (name, line) in enumerate(headings):
        body_end = headings[i + 1][1].start if i + 1 < len(headings) else len(text)
        body = strip_span(text, Span(line.end, body_end), " \t\r\n:")
        sections.append(Section(name, line, body))
    return sections


def _in_house_style(text: str, headings: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """When the resume writes its headings in capitals ("VOLUNTEER EXPERIENCE"), a
    heading word in another case just under a dated line is part of that entry
    ("Volunteer" under "YMCA, Pomona, CA June 2012 - Present")."""
    shown = [text[line.start : line.end].strip(_BULLET_CHARS) for _, line in headings]
    capitals = [s.isupper() for s in shown if any(c.isalpha() for c in s)]
    if len(capitals) < 3 or sum(capitals) < 0.75 * len(capitals):
        return headings
    kept = []
    for (name, line), written in zip(headings, shown, strict=True):
        above_end = text.rfind("\n", 0, line.start)
        above = text[text.rfind("\n", 0, max(0, above_end)) + 1 : max(0, above_end)]
        if not written.isupper() and find_date_ranges(above, 0, len(above)):
            continue
        kept.append((name, line))
    return kept
