"""A parsed profile in the JSON Resume schema (https://jsonresume.org/schema, v1.0.0).

Only what the parser found is written: basics, work, education, skills, languages
and certificates. Blind: `basics` keeps no name, contact, link or location, and
education loses its dates (graduation years hint at age).
"""

from __future__ import annotations

from typing import Any

from analysis.resume import ResumeProfile

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
_NETWORKS = {"linkedin": "LinkedIn", "github": "GitHub"}


def to_json_resume(profile: ResumeProfile, *, blind: bool) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_URL,
        "basics": {} if blind else _basics(profile),
        "work": [_work(e.title, e.employer, e.start, e.end) for e in profile.experience],
        "education": [
            {
                k: v
                for k, v in {
                    "institution": e.institution,
                    "area": e.field,
                    "studyType": e.degree or e.level,
                    "endDate": None if blind or e.end_year is None else str(e.end_year),
                }.items()
                if v
            }
            for e in profile.education
        ],
        "skills": [{"name": name} for name in profile.skill_names()],
        "languages": [
            {"language": name} for name in dict.fromkeys(x.name for x in profile.languages)
        ],
        "certificates": [{"name": c.value} for c in profile.certifications],
    }


def _basics(profile: ResumeProfile) -> dict[str, Any]:
    basics: dict[str, Any] = {}
    if profile.name is not None:
        basics["name"] = profile.name.value
    if profile.emails:
        basics["email"] = profile.emails[0].value
    if profile.phones:
        basics["phone"] = profile.phones[0].e164
    portfolio = [link.url for link in profile.links if link.kind in ("portfolio", "other")]
    if portfolio:
        basics["url"] = portfolio[0]
    if profile.location is not None:
        city, _, region = profile.location.value.partition(",")
        basics["location"] = {k: v.strip() for k, v in (("city", city), ("region", region)) if v}
    profiles = [
        {"network": _NETWORKS[link.kind], "url": link.url}
        for link in profile.links
        if link.kind in _NETWORKS
    ]
    if profiles:
        basics["profiles"] = profiles
    return basics


def _work(
    title: str | None, employer: str | None, start: str | None, end: str | None
) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if employer:
        entry["name"] = employer
    if title:
        entry["position"] = title
    if start:
        entry["startDate"] = start
    if end and end != "present":  # JSON Resume leaves endDate out for a current position
        entry["endDate"] = end
    return entry
