"""Skills found by matching the taxonomy's terms, not by NER (the small English
model tags skills wrongly on its own).

A PhraseMatcher on lower-cased tokens finds case and spacing variants
("javascript", "Java Script"); terms marked exact-case in the taxonomy ("Go",
"R", "Excel") are matched only as written. Overlapping matches keep the longest,
so "Java" inside "JavaScript" or "C" inside "C#" is never counted. These mentions,
wherever they are, are the evidence scoring reads.

What the resume itself lists as its skills is read apart (`listed_skills`): the items
of its skills sections, split at commas, semicolons and bullets, kept even when the
taxonomy does not know them. Annotated resumes label skills there, and a mention
elsewhere ("migrated the Oracle database") is evidence of use, not a claimed skill.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan
from spacy.util import filter_spans

from analysis.resume.model import Language as SpokenLanguage
from analysis.resume.model import ListedSkill, Skill, Span
from analysis.resume.places import region_of
from analysis.resume.skill_lists import list_items
from analysis.resume.taxonomy import Taxonomy, spelling_variants


class SkillMatcher:
    def __init__(self, nlp: Language, taxonomy: Taxonomy, *, include_esco: bool = False) -> None:
        self.taxonomy = taxonomy
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_terms: dict[str, set[str]] = {}
        exact_terms: dict[str, set[str]] = {}
        for concept in taxonomy.concepts.values():
            if concept.source == "esco" and not include_esco:
                continue
            for term in concept.terms:
                target = exact_terms if term.exact_case else lower_terms
                variants = {term.text} if term.exact_case else spelling_variants(term.text)
                target.setdefault(concept.canonical, set()).update(variants)
        self._add(nlp, self._lower, lower_terms, lower=True)
        self._add(nlp, self._exact, exact_terms, lower=False)

    @staticmethod
    def _add(
        nlp: Language, matcher: PhraseMatcher, terms: dict[str, set[str]], *, lower: bool
    ) -> None:
        for canonical, variants in terms.items():
            texts = sorted({v.lower() if lower else v for v in variants})
            matcher.add(canonical, [nlp.make_doc(t) for t in texts])

    def match(self, doc: Doc, excluded: Sequence[Span] = ()) -> list[tuple[str, Span, str]]:
        """(canonical, span, matched text) for each skill mention, in text order."""
        spans = []
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                spans.append(TokenSpan(doc, start, end, label=match_id))
        found = []
        holes = sorted(excluded, key=lambda e: e.start)
        reach = list(itertools.accumulate((e.end for e in holes), max))  # furthest end so far
        for span in sorted(filter_spans(spans), key=lambda s: s.start_char):
            char_span = Span(span.start_char, span.end_char)
            k = bisect.bisect_right(holes, char_span.start, key=lambda e: e.start) - 1
            if k >= 0 and reach[k] > char_span.start:
                continue  # inside an excluded span (a heading, an email address)
            found.append((span.label_, char_span, span.text))
        return found


def split_skills_and_languages(
    taxonomy: Taxonomy,
    matches: Iterable[tuple[str, Span, str]],
    language_context: Sequence[Span],
) -> tuple[list[Skill], list[SpokenLanguage]]:
    """Spoken languages are kept apart from skills; a language name counts only in a
    languages section or on a line that talks about languages."""
    skills: list[Skill] = []
    languages: list[SpokenLanguage] = []
    for canonical, span, matched in matches:
        if taxonomy.is_language(canonical):
            if any(c.start <= span.start < c.end for c in language_context):
                languages.append(SpokenLanguage(canonical, span))
        else:
            skills.append(Skill(canonical, matched, span))
    return skills, languages


# --- the resume's own skills list ---------------------------------------------------------
# what an item adds to a skill's name: "Good communication skills", "SQL Server 2012"
_PRAISE = re.compile(
    r"^(?:(?:very|good|excellent|strong|exceptional|outstanding|sound|solid|basic|fair"
    r"|proficient|expert)\s+(?:in\s+|at\s+|with\s+)?)+",
    re.IGNORECASE,
)
_VERSION = re.compile(
    r"(?:\s+(?:v(?:ersion)?\.?\s*)?\d[\d.x]*[a-z]?(?:\s*/\s*\d[\d.x]*)*|\s+r2)+$",
    re.IGNORECASE,
)
_JOINT = re.compile(r"\s+(?:and|&)\s+|\s*/\s*")


def _lookup(taxonomy: Taxonomy, written: str) -> str | None:
    """The taxonomy name of an item, also under praise or a version."""
    known = taxonomy.canonical(written)
    if known is None:
        bare = _VERSION.sub("", _PRAISE.sub("", written)).strip()
        known = taxonomy.canonical(bare) if bare and bare != written else None
    return known


def _named_parts(text: str, span: Span, taxonomy: Taxonomy) -> list[tuple[Span, str | None]]:
    """The item with its taxonomy name, or its parts when it joins known skills with
    "and" or "/" ("Unix and Windows", "Java/J2EE")."""
    written = span.text_of(text)
    known = _lookup(taxonomy, written)
    if known is None and _JOINT.search(written):
        parts, pos = [], 0
        for joint in [*_JOINT.finditer(written), None]:
            end = joint.start() if joint else len(written)
            parts.append(Span(span.start + pos, span.start + end))
            pos = joint.end() if joint else pos
        names = [_lookup(taxonomy, p.text_of(text)) for p in parts]
        if all(names):
            return list(zip(parts, names, strict=True))
    return [(span, known)]


def _name_words(text: str) -> set[str]:
    """The words of the resume's first line when it looks like a person's name."""
    first = text.lstrip().split("\n", 1)[0].strip()
    words = first.split()
    return (
        {w.lower() for w in words}
        if 2 <= len(words) <= 4 and first.replace(" ", "").isalpha()
        else set()
    )


def _place_or_name(item: str, name: set[str]) -> bool:
    """A city or state ("Willing to relocate to: Pune") or the person's name in a page
    footer is no skill."""
    words = {w.lower() for w in item.split()}
    return (len(item) > 3 and region_of(item) is not None) or bool(name and name <= words)


def listed_skills(
    text: str,
    lines: Sequence[Span],
    bodies: Sequence[Span],
    taxonomy: Taxonomy,
    mentions: Sequence[Skill],
) -> list[ListedSkill]:
    """The items of the skills sections `bodies`: an item the taxonomy knows under its
    canonical name, a short phrase it does not know as written, and from a sentence
    only the taxonomy `mentions` inside it."""
    listed: list[ListedSkill] = []
    name = _name_words(text)
    for body in bodies:
        for item in list_items(text, lines, body, taxonomy):
            if item.prose:
                listed += [
                    ListedSkill(s.canonical, s.matched_text, s.span, known=True)
                    for s in mentions
                    if item.span.start <= s.span.start < item.span.end
                ]
                continue
            for span, known in _named_parts(text, item.span, taxonomy):
                written = span.text_of(text)
                if known is not None and taxonomy.is_language(known):
                    continue  # "Languages: English, Hindi": spoken languages are not skills
                if known is not None:
                    listed.append(ListedSkill(known, written, span, known=True))
                elif not _place_or_name(written, name):
                    listed.append(ListedSkill(written, written, span, known=False))
    return listed
