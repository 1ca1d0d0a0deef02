"""A parsed resume to stored JSON and back, spans included.

`ResumeProfile.to_json_dict` is the CLI's flat view; storage needs the whole
profile (every value with its span) so that a re-score or the detail view can
work from the database alone, without the original file or the language model.
"""

from __future__ import annotations

from typing import Any, cast

from analysis.resume import (
    EducationEntry,
    Email,
    ExperienceEntry,
    Language,
    Link,
    Phone,
    ResumeProfile,
    Section,
    Skill,
    Span,
    TextValue,
)
from analysis.resume.model import EducationLevel, LinkKind, ListedSkill

CODEC_VERSION = 1
_LEVELS = ("high_school", "associate", "bachelor", "master", "doctorate")


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def _unspan(value: Any) -> Span | None:
    return None if value is None else Span(int(value[0]), int(value[1]))


def _req_span(value: Any) -> Span:
    span = _unspan(value)
    if span is None:
        raise ValueError("a stored profile value lacks its span")
    return span


def _text_value(value: TextValue | None) -> dict[str, Any] | None:
    return None if value is None else {"value": value.value, "span": _span(value.span)}


def _untext_value(data: Any) -> TextValue | None:
    return None if data is None else TextValue(str(data["value"]), _req_span(data["span"]))


def profile_to_stored(profile: ResumeProfile) -> dict[str, Any]:
    """Everything but the text (stored beside it), as JSON-ready data."""
    return {
        "v": CODEC_VERSION,
        "name": _text_value(profile.name),
        "emails": [{"value": e.value, "span": _span(e.span)} for e in profile.emails],
        "phones": [{"e164": p.e164, "raw": p.raw, "span": _span(p.span)} for p in profile.phones],
        "links": [
            {"kind": link.kind, "url": link.url, "span": _span(link.span)} for link in profile.links
        ],
        "location": _text_value(profile.location),
        "sections": [
            {"name": s.name, "heading": _span(s.heading_span), "body": _span(s.body_span)}
            for s in profile.sections
        ],
        "skills": [
            {"canonical": s.canonical, "matched": s.matched_text, "span": _span(s.span)}
            for s in profile.skills
        ],
        "experience": [
            {
                "title": e.title,
                "employer": e.employer,
                "start": e.start,
                "end": e.end,
                "span": _span(e.span),
                "title_span": _span(e.title_span),
                "employer_span": _span(e.employer_span),
                "date_span": _span(e.date_span),
            }
            for e in profile.experience
        ],
        "education": [
            {
                "level": e.level,
                "degree": e.degree,
                "field": e.field,
                "institution": e.institution,
                "end_year": e.end_year,
                "span": _span(e.span),
                "degree_span": _span(e.degree_span),
                "institution_span": _span(e.institution_span),
            }
            for e in profile.education
        ],
        "certifications": [_text_value(c) for c in profile.certifications],
        "languages": [{"name": lang.name, "span": _span(lang.span)} for lang in profile.languages],
        "total_experience_years": profile.total_experience_years,
        "warnings": list(profile.warnings),
        "today": profile.today,
        "listed_skills": [
            {"name": s.name, "written": s.written, "span": _span(s.span), "known": s.known}
            for s in profile.listed_skills
        ],
    }


def profile_from_stored(data: dict[str, Any], text: str) -> ResumeProfile:
    """The profile `profile_to_stored` saved, over its resume `text`."""
    if data.get("v") != CODEC_VERSION:
        raise ValueError("unknown stored profile format")
    return ResumeProfile(
        text=text,
        name=_untext_value(data["name"]),
        emails=tuple(Email(str(e["value"]), _req_span(e["span"])) for e in data["emails"]),
        phones=tuple(
            Phone(str(p["e164"]), str(p["raw"]), _req_span(p["span"])) for p in data["phones"]
        ),
        links=tuple(
            Link(cast(LinkKind, str(x["kind"])), str(x["url"]), _req_span(x["span"]))
            for x in data["links"]
        ),
        location=_untext_value(data["location"]),
        sections=tuple(
            Section(str(s["name"]), _req_span(s["heading"]), _req_span(s["body"]))
            for s in data["sections"]
        ),
        skills=tuple(
            Skill(str(s["canonical"]), str(s["matched"]), _req_span(s["span"]))
            for s in data["skills"]
        ),
        experience=tuple(_experience(e) for e in data["experience"]),
        education=tuple(_education(e) for e in data["education"]),
        certifications=tuple(
            value for c in data["certifications"] if (value := _untext_value(c)) is not None
        ),
        languages=tuple(Language(str(x["name"]), _req_span(x["span"])) for x in data["languages"]),
        total_experience_years=float(data["total_experience_years"]),
        warnings=tuple(str(w) for w in data["warnings"]),
        today=str(data["today"]),
        listed_skills=tuple(
            ListedSkill(str(s["name"]), str(s["written"]), _req_span(s["span"]), bool(s["known"]))
            for s in data.get("listed_skills", ())  # absent from profiles stored before it
        ),
    )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _experience(e: dict[str, Any]) -> ExperienceEntry:
    return ExperienceEntry(
        title=_opt_str(e["title"]),
        employer=_opt_str(e["employer"]),
        start=_opt_str(e["start"]),
        end=_opt_str(e["end"]),
        span=_req_span(e["span"]),
        title_span=_unspan(e["title_span"]),
        employer_span=_unspan(e["employer_span"]),
        date_span=_unspan(e["date_span"]),
    )


def _education(e: dict[str, Any]) -> EducationEntry:
    level = e["level"]
    return EducationEntry(
        level=cast(EducationLevel, level) if level in _LEVELS else None,
        degree=_opt_str(e["degree"]),
        field=_opt_str(e["field"]),
        institution=_opt_str(e["institution"]),
        end_year=None if e["end_year"] is None else int(e["end_year"]),
        span=_req_span(e["span"]),
        degree_span=_unspan(e["degree_span"]),
        institution_span=_unspan(e["institution_span"]),
    )


def highlights(profile: ResumeProfile) -> list[dict[str, Any]]:
    """Every extracted value with its span, for highlighting it in the resume text.

    One flat list sorted by position: {"kind", "label", "start", "end"}; `kind` is
    name, email, phone, link, location, section, skill, experience, education,
    certification or language.
    """
    marks: list[tuple[str, str, Span]] = []
    if profile.name is not None:
        marks.append(("name", profile.name.value, profile.name.span))
    marks += [("email", e.value, e.span) for e in profile.emails]
    marks += [("phone", p.e164, p.span) for p in profile.phones]
    marks += [("link", link.url, link.span) for link in profile.links]
    if profile.location is not None:
        marks.append(("location", profile.location.value, profile.location.span))
    marks += [("section", s.name, s.heading_span) for s in profile.sections]
    marks += [("skill", s.canonical, s.span) for s in profile.skills]
    for x in profile.experience:
        label = " at ".join(v for v in (x.title, x.employer) if v) or "experience"
        marks.append(("experience", label, x.span))
    for d in profile.education:
        label = ", ".join(v for v in (d.degree, d.institution) if v) or "education"
        marks.append(("education", label, d.span))
    marks += [("certification", c.value, c.span) for c in profile.certifications]
    marks += [("language", lang.name, lang.span) for lang in profile.languages]
    marks.sort(key=lambda m: (m[2].start, m[2].end))
    return [
        {"kind": kind, "label": label, "start": span.start, "end": span.end}
        for kind, label, span in marks
    ]


EDUCATION_RANK = {level: index for index, level in enumerate(_LEVELS)}


def highest_education(profile: ResumeProfile) -> str | None:
    levels = [e.level for e in profile.education if e.level is not None]
    return max(levels, key=lambda level: EDUCATION_RANK[level]) if levels else None
