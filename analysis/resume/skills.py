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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan
from spacy.util import filter_spans

from analysis.resume.model import Language as SpokenLanguage
from analysis.resume.model import ListedSkill, Skill, Span
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
        for span in sorted(filter_spans(spans), key=lambda s: s.start_char):
            char_span = Span(span.start_char, span.end_char)
            if any(e.start <= char_span.start < e.end for e in excluded):
                continue
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
_ITEM = re.compile(r"[^,;•●▪◦■□❖➢►→·|✓✔]+")
# "(3 years)", "[…]", and a note the line break cut: "(Less than 1" / "year)"
_NOTE = re.compile(r"\([^)]*\)?|\[[^\]]*\]?|^\W*(?:years?|months?)\)", re.IGNORECASE)
_LABEL = re.compile(r"^[^:]{1,40}:")  # "Languages: Java, C" -> the items after the colon
_DATED = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\s*(?:-|–|to)\s*(?:(?:19|20)\d\d|present|current|now|date)\b",
    re.IGNORECASE,
)
_LINK = re.compile(r"@|://|www\.", re.IGNORECASE)
_FUNCTION_WORDS = {
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from",
    "as", "into", "i", "my", "we", "our", "is", "are", "was", "were", "have", "has", "had",
    "be", "been", "will", "can", "who", "which", "that", "this", "etc",
}  # fmt: skip
MAX_PHRASE_WORDS = 4


@dataclass(frozen=True)
class _Item:
    span: Span
    prose: bool  # a sentence, not a skill name: only taxonomy terms inside it count


def _looks_like_prose(words: list[str]) -> bool:
    if len(words) > MAX_PHRASE_WORDS:
        return True
    first = words[0].lower()
    return first in _FUNCTION_WORDS or first[:1].isdigit()


def _masked(raw: str) -> str:
    """`raw` with notes and a leading label blanked out (same length: offsets hold)."""
    masked = _NOTE.sub(lambda m: " " * len(m.group()), raw.replace("&amp;", "&    "))
    label = _LABEL.match(masked)
    if label:
        masked = " " * label.end() + masked[label.end() :]
    return masked


def _physical_line(text: str, line: Span) -> str:
    """The whole line `line` is part of ("Site Foreman  2012 - 2016" for "Site Foreman"),
    unless line breaks were lost and that would be most of the text."""
    start = text.rfind("\n", 0, line.start) + 1
    end = text.find("\n", line.end)
    end = len(text) if end < 0 else end
    return text[start:end] if end - start <= 160 else text[line.start : line.end]


def list_items(text: str, lines: Sequence[Span], body: Span) -> list[_Item]:
    """The items of a skills list: its lines split at commas, semicolons and bullets,
    without category labels ("Databases:") and notes ("(3 years)")."""
    items: list[_Item] = []
    for line in lines:
        if not body.start <= line.start < body.end:
            continue
        raw = text[line.start : line.end]
        if _DATED.search(_physical_line(text, line)) or _LINK.search(raw):
            continue  # a job or a contact line the list ran into
        first: bool | None = None
        for m in _ITEM.finditer(_masked(raw)):
            piece = m.group()
            stripped = piece.strip(" \t-–—*.:")
            if not stripped or not re.search(r"[A-Za-z]", stripped):
                continue
            start = line.start + m.start() + piece.index(stripped)
            span = Span(start, start + len(stripped))
            prose = _looks_like_prose(stripped.split())
            if first is None:
                first = prose  # a line that opens with a sentence is prose to its end
            items.append(_Item(span, prose or first))
    return items


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
    for body in bodies:
        for item in list_items(text, lines, body):
            written = item.span.text_of(text)
            known = None if item.prose else taxonomy.canonical(written)
            if known is not None and taxonomy.is_language(known):
                continue  # "Languages: English, Hindi": spoken languages are not skills
            if known is not None:
                listed.append(ListedSkill(known, written, item.span, known=True))
            elif not item.prose:
                listed.append(ListedSkill(written, written, item.span, known=False))
            else:
                listed += [
                    ListedSkill(s.canonical, s.matched_text, s.span, known=True)
                    for s in mentions
                    if item.span.start <= s.span.start < item.span.end
                ]
    return listed
