"""Skills found by matching the taxonomy's terms, not by NER (the small English
model tags skills wrongly on its own).

A PhraseMatcher on lower-cased tokens finds case and spacing variants
("javascript", "Java Script"); terms marked exact-case in the taxonomy ("Go",
"R", "Excel") are matched only as written. Overlapping matches keep the longest,
so "Java" inside "JavaScript" or "C" inside "C#" is never counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan
from spacy.util import filter_spans

from analysis.resume.model import Language as SpokenLanguage
from analysis.resume.model import Skill, Span
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
