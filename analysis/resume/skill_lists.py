"""The items of a resume's skills list: where the list starts and ends, how it is cut
into items (commas, semicolons, bullets, "like"/"such as" lists, brackets) and what is
trimmed from an item (lead-ins like "Knowledge of", labels like "Databases", duration
notes like "(3 years)"). A sentence in the list is kept as prose: only the taxonomy
skills inside it count (`listed_skills` in skills.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.resume.model import Span
from analysis.resume.sections import lines_in
from analysis.resume.taxonomy import Taxonomy

_BULLETS = "•●▪◦■□❖➢►→·|✓✔"
_ITEM = re.compile(rf"[^,;{_BULLETS}]+")
_AT_BULLET = re.compile(r"(?:(?<=\s)|^)@(?=\s)")  # "@ Team player @ Tally": "@" as a bullet
# "(3 years)", "[…]", and a note the line break cut: "(Less" / "than 1 year)"
_NOTE = re.compile(r"\([^)]*\)?|\[[^\]]*\]?|^[^()]{0,20}?\b(?:years?|months?)\)", re.IGNORECASE)
_LABEL = re.compile(r"^[^:]{1,40}:")  # "Languages: Java, C" -> the items after the colon
_DATED = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\s*(?:-|–|to)\s*(?:(?:19|20)\d\d|present|current|now|date)\b",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(r"\b(?:to|from|since|till|until|present|current|now|date)\b", re.I)
_LINK = re.compile(r"\S@\S|://|www\.|\b[\w-]+\.(?:com|org|net|in|io)/", re.IGNORECASE)
_PERSONAL = re.compile(
    r"^\W*(?:willing to relocate|address|e-?mail|phone|mobile|contact|date of birth|d\.?o\.?b"
    r"|nationality|marital status|gender|location)\b",
    re.IGNORECASE,
)
# "Knowledge of SAP", "Experienced in Git": the skill is what follows the lead-in
_LEAD_IN = re.compile(
    r"^(?:(?:good|strong|sound|basic|working|excellent|in-depth|extensive|hands[- ]on|fair"
    r"|thorough|advanced|practical|some)\s+)*"
    r"(?:knowledge|understanding|experience|exposure|expertise|proficiency|familiarity)"
    r"\s+(?:of|on|in|with|to|about)\s+"
    r"|^(?:experienced|expert|proficient|skilled|well[- ]versed|versed|familiar|worked"
    r"|working|exposure|hands[- ]on)\s+(?:in|on|with|to)\s+",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"^(?:and|or|&)\s+|\s+(?:and|or|&|etc\.?)$", re.IGNORECASE)
# "Layer 2 protocols like VTP, VLAN": after the cue a sentence turns into a list
_LIST_CUE = re.compile(r"\b(?:like|such as|including|viz\.?|e\.g\.)\s+", re.IGNORECASE)
# the words a category label ends with: "Build Tools", "Programming Languages", "Databases"
_LABEL_NOUNS = {
    "tools", "languages", "language", "technologies", "technology", "databases", "database",
    "frameworks", "platforms", "platform", "methodologies", "methodology", "domains",
    "domain", "packages", "applications", "appliances", "servers", "utilities", "ides",
    "environments", "environment", "software", "softwares", "category", "concepts",
    "protocols",
}  # fmt: skip
# a line naming another section the list ran into ("CERTIFICATIONS/LICENSES", "Key
# Responsibilities") ends the list
_OTHER_HEADING_WORDS = {
    "certification", "certifications", "certificates", "licenses", "licences", "awards",
    "recognitions", "achievements", "accomplishments", "projects", "experience",
    "education", "qualifications", "credentials", "internship", "internships", "hobby",
    "hobbies", "interests", "interest", "declaration", "references", "responsibilities",
    "contributions", "publications", "trainings", "details", "employment",
}  # fmt: skip
_OTHER_INFORMATION = re.compile(r"\b(?:additional|other|personal|contact)\s+information\b", re.I)
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
    first, last = words[0].lower(), words[-1].lower()
    if len(words) > 1 and (last in _FUNCTION_WORDS or last == "using"):
        return True  # "Test automation using": the line break cut a sentence
    return first in _FUNCTION_WORDS or first[:1].isdigit()


def _unnoted(note: re.Match[str]) -> str:
    """A note blanked out, but a list in brackets ("MS Office (Word, Excel)") kept as
    items, its brackets turned into commas."""
    inner = note.group()
    if "," in inner and inner[:1] == "(" and not re.search(r"\d|\byears?\b|\bmonths?\b", inner):
        return "," + inner[1:].replace(")", ",")
    return " " * len(inner)


def _masked(raw: str) -> str:
    """`raw` with notes and a leading label blanked out (same length: offsets hold)."""
    masked = _NOTE.sub(_unnoted, raw.replace("&amp;", "&    "))
    masked = _AT_BULLET.sub("•", masked)
    label = _LABEL.match(masked)
    if label:
        masked = " " * label.end() + masked[label.end() :]
    return masked


def _balanced(piece: str) -> str:
    """`piece` without a bracket whose partner the split left in another item."""
    if piece.endswith(")") and "(" not in piece:
        piece = piece[:-1].rstrip()
    if piece.startswith("(") and ")" not in piece:
        piece = piece[1:].lstrip()
    return piece


def _physical_line(text: str, line: Span) -> str:
    """The whole line `line` is part of ("Site Foreman  2012 - 2016" for "Site Foreman"),
    unless line breaks were lost and that would be most of the text."""
    start = text.rfind("\n", 0, line.start) + 1
    end = text.find("\n", line.end)
    end = len(text) if end < 0 else end
    return text[start:end] if end - start <= 160 else text[line.start : line.end]


def _known(taxonomy: Taxonomy | None, phrase: str) -> bool:
    return taxonomy is not None and taxonomy.canonical(phrase) is not None


def _is_other_heading(raw: str, taxonomy: Taxonomy | None) -> bool:
    shown = re.sub(r"^[\W\d]*(?:[ivx]+\.\s*)?", "", raw, flags=re.IGNORECASE).strip(" :-–")
    words = shown.split()
    if not 1 <= len(words) <= 5 or re.search(r"[,;]", shown):
        return False
    casual = len(words) <= 3 and words[-1].lower() in ("details", "information")
    if not (shown.isupper() or raw.rstrip().endswith(":") or casual) and not all(
        w[:1].isupper() for w in words if len(w) > 3
    ):
        return False
    named = {w.lower() for w in re.findall(r"[A-Za-z]+", shown)}
    other = bool(named & _OTHER_HEADING_WORDS) or bool(_OTHER_INFORMATION.search(shown))
    return other and not _known(taxonomy, shown)


def _is_entry_line(text: str, line: Span) -> bool:
    return bool(_DATED.search(_NOTE.sub(" ", _physical_line(text, line))))


def _list_lines(
    text: str, lines: Sequence[Span], body: Span, taxonomy: Taxonomy | None
) -> list[Span]:
    """The lines of `body` up to where the list ends: a heading of another section, or a
    job entry (a dated line, and the title and "Employer - City -" lines above a date
    that stands alone)."""
    inside = list(lines_in(lines, body.start, body.end))
    for i, line in enumerate(inside):
        raw = text[line.start : line.end]
        if _is_other_heading(raw, taxonomy):
            return inside[:i]
        if _is_entry_line(text, line):
            end = i
            physical = _NOTE.sub(" ", _physical_line(text, line))
            if not re.search(r"[A-Za-z]{2,}", _DATE_WORDS.sub(" ", _DATED.sub(" ", physical))):
                while end > 0:  # "Employer -", "City, State -" and the title above them
                    above = text[inside[end - 1].start : inside[end - 1].end].strip()
                    if above.endswith("-") and end > i - 3:
                        end -= 1
                        continue
                    if len(above.split()) <= 6 and "," not in above:
                        end -= 1
                    break
            return inside[:end]
    return inside


def _trimmed(text: str, span: Span, taxonomy: Taxonomy | None, *, first: bool) -> Span:
    """`span` without a lead-in ("Knowledge of"), a dangling "and", and, for the first
    item of a line, a category label without its colon ("Databases Oracle")."""
    start, end = span.start, span.end
    for _ in range(2):
        piece = text[start:end]
        lead = _LEAD_IN.match(piece)
        if lead and lead.end() < len(piece):
            start += lead.end()
            continue
        joint = _CONJUNCTION.search(piece)
        if joint and len(piece) > len(joint.group()):
            if joint.start() == 0:
                start += joint.end()
            else:
                end -= len(joint.group())
    piece = text[start:end]
    words = [(w.group().lower(), w.start()) for w in re.finditer(r"\S+", piece)]
    if first and len(words) > 1 and not _known(taxonomy, piece):
        for k in range(1, min(3, len(words) - 1) + 1):
            noun = words[k - 1][0]
            system = noun in ("system", "systems") and words[k - 2][0] == "operating"
            if noun in _LABEL_NOUNS or (k > 1 and system):
                rest = piece[words[k][1] :]
                if rest[:1].isupper() and (k > 1 or noun.endswith("s") or _known(taxonomy, rest)):
                    start += words[k][1]
                break
    return Span(start, end)


def _label_only(piece: str) -> bool:
    words = piece.split()
    return 0 < len(words) <= 3 and words[-1].lower() in _LABEL_NOUNS | {"systems", "system"}


def list_items(
    text: str, lines: Sequence[Span], body: Span, taxonomy: Taxonomy | None = None
) -> list[_Item]:
    """The items of a skills list: its lines split at commas, semicolons and bullets,
    without category labels ("Databases:") and notes ("(3 years)")."""
    items: list[_Item] = []
    in_sentence = joined = False  # the line before ended inside a sentence that wraps on
    inside = _list_lines(text, lines, body, taxonomy)
    for n, line in enumerate(inside):
        raw = text[line.start : line.end]
        if _LINK.search(raw) or _PERSONAL.match(raw):
            in_sentence = False
            continue  # a contact line the list ran into
        masked = _masked(raw)
        pieces = [m for m in _ITEM.finditer(masked) if re.search(r"[A-Za-z]", m.group())]
        if len(pieces) == 1 and n + 1 < len(inside) and _label_only(masked.strip(" -–:")):
            in_sentence = False
            continue  # "Build Tools" on a line of its own, its items below
        bulleted = raw[:1] in _BULLETS + "*-–" or bool(re.match(r"\(?\d{1,2}[.)]\s", raw))
        wraps = raw[:1].islower() or joined  # a sentence the line break cut
        spans = []
        for index, m in enumerate(pieces):
            stripped = _balanced(m.group().strip(" \t-–—*.:"))
            if stripped:
                start = line.start + m.start() + m.group().index(stripped)
                spans.append(
                    _trimmed(text, Span(start, start + len(stripped)), taxonomy, first=index == 0)
                )
        flags = [_looks_like_prose(s.text_of(text).split()) for s in spans]
        # a line that opens with a sentence is prose to its end, unless most of it is a list
        listy = len(flags) >= 3 and 3 * flags.count(False) >= 2 * len(flags)
        sentence = (in_sentence and wraps and not bulleted) or (
            bool(flags) and flags[0] and not listy
        )
        for span, prose in zip(spans, flags, strict=True):
            cue = _LIST_CUE.search(span.text_of(text)) if prose else None
            if cue is not None and cue.start() > 0 and not (in_sentence and wraps):
                items.append(_Item(Span(span.start, span.start + cue.start()), True))
                span = Span(span.start + cue.end(), span.end)
                prose = sentence = _looks_like_prose(span.text_of(text).split())
            items.append(_Item(span, prose or sentence))
        in_sentence = bool(items) and items[-1].prose and not raw.rstrip().endswith((".", ":"))
        tail = raw.rstrip().rsplit(None, 1)[-1].lower()
        joined = tail in _FUNCTION_WORDS or tail.endswith((",", "&"))
    return items
