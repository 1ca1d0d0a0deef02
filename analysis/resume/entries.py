"""Pieces of an entry's header lines ("Senior Nurse", "Acme Ltd", "Boston, MA")
and what each piece looks like: a job title, an organisation or a place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.resume.model import Span
from analysis.resume.places import region_of
from analysis.resume.sections import HEADING_NAMES, normalise_heading

TITLE_WORDS = {
    "engineer", "developer", "programmer", "manager", "director", "consultant", "analyst",
    "architect", "administrator", "admin", "nurse", "teacher", "lecturer", "professor", "tutor",
    "instructor", "executive", "officer", "associate", "specialist", "assistant", "intern",
    "trainee", "lead", "head", "coordinator", "supervisor", "technician", "designer",
    "accountant", "auditor", "clerk", "representative", "agent", "advisor", "adviser",
    "scientist", "researcher", "president", "vp", "ceo", "cto", "cfo", "coo", "founder",
    "co-founder", "owner", "partner", "tester", "operator", "driver", "cashier", "receptionist",
    "secretary", "recruiter", "planner", "buyer", "chef", "cook", "writer", "editor",
    "therapist", "pharmacist", "physician", "doctor", "surgeon", "attorney", "lawyer",
    "paralegal", "controller", "bookkeeper", "teller", "banker", "broker", "trader",
    "strategist", "marketer", "salesperson", "technologist", "fellow", "apprentice",
    "volunteer", "worker", "handler", "picker", "packer", "dispatcher", "foreman",
    "superintendent", "inspector", "mechanic", "electrician", "welder", "carpenter", "plumber",
    "counselor", "counsellor", "coach", "trainer", "principal", "dean", "chairman", "rn",
    "lpn", "cna", "paramedic", "caregiver", "aide", "midwife", "hygienist", "generalist",
    "steward", "attendant", "pilot", "leader", "sme", "dba", "expert", "member", "staff",
    "faculty", "contractor", "freelancer", "merchandiser", "estimator", "underwriter",
    "investigator", "economist", "statistician", "educator", "librarian", "photographer",
    "illustrator", "artist", "animator", "producer", "journalist", "translator", "interpreter",
    "advocate", "guard", "housekeeper", "server", "bartender", "barista", "waiter", "waitress",
    "storekeeper", "warehouseman", "courier", "chauffeur", "machinist", "fitter", "draftsman",
    "surveyor", "geologist", "chemist", "biologist", "physicist", "mathematician",
    "porter", "concierge", "valet", "janitor", "cleaner", "labourer", "laborer", "nanny",
    "head of", "vice", "senior", "junior", "chief", "deputy", "sr", "jr",
}  # fmt: skip
ORG_WORDS = {
    "inc", "llc", "ltd", "limited", "pvt", "private", "corp", "corporation", "company", "co",
    "group", "technologies", "technology", "tech", "solutions", "systems", "services",
    "software", "consulting", "consultancy", "consultants", "labs", "bank", "university",
    "college", "school", "hospital", "clinic", "institute", "foundation", "agency",
    "associates", "partners", "holdings", "industries", "international", "global",
    "enterprises", "plc", "gmbh", "ag", "sa", "bv", "healthcare", "health", "networks",
    "communications", "infotech", "infosystems", "motors", "pharma", "pharmaceuticals",
    "capital", "financial", "insurance", "media", "center", "centre", "council", "ministry",
    "department", "authority", "trust", "society", "academy", "stores", "retail", "airlines",
    "logistics", "energy", "electronics", "digital", "studio", "studios", "restaurant",
    "hotel", "resorts", "club", "llp", "ngo", "federation", "association", "firm", "factory",
    "plant", "mills", "works", "organization", "organisation", "accenture", "infosys", "wipro",
    "tcs", "cognizant", "capgemini", "deloitte", "ibm", "microsoft", "oracle", "google",
    "amazon", "unisys", "hcl", "kpmg", "ey", "pwc",
}  # fmt: skip
_SEPARATORS = re.compile(
    r"\s+[-–—|•·]\s+|\s*[|•·]\s*|\s+[-–—]\s*$|^\s*[-–—]\s+|,\s+|\s+(?:at|@)\s+|@(?=[A-Z])|:\s+|:$"
    r"|\s*\((?=[^)]*\))|\)\s*"  # "Acme Ltd (London)": the part in brackets is a piece of its own
)
_STRIP = ' \t-–—|•·:;,()[]*❖➢►▪●◦■"“”'
_WORD = re.compile(r"[A-Za-z][A-Za-z&.'-]*")
LEGAL_SUFFIXES = {"inc", "llc", "ltd", "co", "corp", "plc", "gmbh", "pvt ltd", "limited", "llp",
                  "lp", "s.a", "sa", "ag", "bv", "pty ltd", "pte ltd"}  # fmt: skip
# "Designation: Developer", "Company: Acme": a label says what its value is
TITLE_LABELS = {"designation", "title", "job title", "position", "role", "post", "job role",
                "current designation", "designation held", "position held"}  # fmt: skip
EMPLOYER_LABELS = {"company", "employer", "organization", "organisation", "company name",
                   "name of the company", "name of organization", "name of organisation",
                   "current employer", "current company", "firm"}  # fmt: skip
# words that name a part of an entry, never a title or an employer
NOT_A_VALUE = {
    "responsibilities", "key responsibilities", "roles and responsibilities", "duties",
    "description", "job description", "project description", "role description",
    "environment", "technologies", "technology", "tools", "duration", "period", "location",
    "team size", "client", "project", "project name", "projects", "achievements",
    "highlights", "key achievements", "summary", "details", "domain", "platform",
    "software", "responsibility", "role and responsibilities", "roles & responsibilities",
    "accomplishments", "tasks", "scope", "skills", "skills used", "tools used",
    "resume", "curriculum vitae", "cv", "domains", "job profile", "profile",
}  # fmt: skip
_PART_PREFIX = re.compile(r"^(?:team size|client|project name|environment|duration)\b", re.I)
# "Worked as Analyst in Acme Ltd", "Currently working with Acme as Analyst": a header
# written as a sentence
_WORK_VERB = (
    r"(?:(?:currently|presently|previously|now)\s+)?"
    r"(?:worked|working|work|employed|serving|served|joined)"
)
_AS = r"\s+as\s+(?:an?\s+)?"
_AT = r"\s+(?:in|at|with|for)\s+"
_SENTENCE_HEADER = [
    re.compile(rf"^{_WORK_VERB}{_AS}(?P<title>.+?){_AT}(?P<org>.+)$", re.I),
    re.compile(rf"^{_WORK_VERB}{_AT}(?P<org>.+?){_AS}(?P<title>.+)$", re.I),
    re.compile(rf"^{_WORK_VERB}{_AS}(?P<title>.+)$", re.I),
    re.compile(rf"^{_WORK_VERB}{_AT}(?P<org>.+)$", re.I),
]
_TRAILING_LINK = re.compile(r"\s+(?:from|since|during|between|till|until|on)$", re.I)


@dataclass(frozen=True)
class Piece:
    text: str
    span: Span
    label: str | None = None  # the label written before it ("company", ...), lower-cased
    is_label: bool = False  # itself a label: followed by a colon
    city: bool = False  # "Dallas" in "Dallas, TX": a place though no gazetteer knows it
    bracketed: bool = False  # "(Leeds)", "(SSgA)": a note on the piece before it

    @property
    def words(self) -> list[str]:
        return [w.lower().strip(".") for w in _WORD.findall(self.text)]


def pieces_of(text: str, span: Span) -> list[Piece]:
    """Split one header line into the pieces separated by dashes, bars, commas, 'at'."""
    raw: list[tuple[Span, str]] = []  # each piece and the separator after it
    pos = span.start
    chunk = text[span.start : span.end]
    for m in [*_SEPARATORS.finditer(chunk), None]:
        end = span.start + (m.start() if m else len(chunk))
        piece = _strip(text, Span(pos, end))
        if piece.end > piece.start:
            raw.append((piece, m.group().strip() if m else ""))
        if m:
            pos = span.start + m.end()
    raw = _join_legal_suffixes(text, raw)
    raw = [part for piece_span, sep in raw for part in _sentence_parts(text, piece_span, sep)]
    pieces: list[Piece] = []
    label: str | None = None
    for k, (piece_span, sep) in enumerate(raw):
        value = text[piece_span.start : piece_span.end]
        is_label = sep.startswith(":") and len(value) <= 40
        following = raw[k + 1][0] if k + 1 < len(raw) else None
        city = (
            sep == ","
            and following is not None
            and _is_region(text[following.start : following.end])
            and _looks_like_city(value)
        )
        bracketed = text[max(0, piece_span.start - 1) : piece_span.start] == "("
        pieces.append(Piece(value, piece_span, label, is_label, city, bracketed))
        label = value.lower() if is_label else None
    return pieces


def _sentence_parts(text: str, span: Span, sep: str) -> list[tuple[Span, str]]:
    """'Worked as Analyst in Acme from' -> 'Analyst', 'Acme' (the rest are links)."""
    value = text[span.start : span.end]
    trailing = _TRAILING_LINK.search(value)
    if trailing:
        span = Span(span.start, span.start + trailing.start())
        value = value[: trailing.start()]
    for pattern in _SENTENCE_HEADER:
        m = pattern.match(value)
        if m:
            groups = sorted(
                (m.start(g), m.end(g))
                for g in ("title", "org")
                if g in m.groupdict() and m.group(g)
            )
            return [(Span(span.start + a, span.start + b), "") for a, b in groups[:-1]] + [
                (Span(span.start + groups[-1][0], span.start + groups[-1][1]), sep)
            ]
    return [(span, sep)]


def _join_legal_suffixes(text: str, raw: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """ "Acme, Inc." is one name, not "Acme" and "Inc"."""
    joined: list[tuple[Span, str]] = []
    for piece_span, sep in raw:
        value = text[piece_span.start : piece_span.end].lower().strip(". ")
        if joined and joined[-1][1] == "," and value in LEGAL_SUFFIXES:
            joined[-1] = (Span(joined[-1][0].start, piece_span.end), sep)
        else:
            joined.append((piece_span, sep))
    return joined


def _is_region(value: str) -> bool:
    """A state, province or country ("TX", "Karnataka", "TX 75001" with its postcode)."""
    first = value.split()[0] if value.split() else ""
    return region_of(value, cities=False) is not None or (
        region_of(first, cities=False) is not None and value[len(first) :].strip().isdigit()
    )


def _looks_like_city(value: str) -> bool:
    words = value.split()
    return (
        0 < len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not any(w.lower().strip(".") in ORG_WORDS for w in words)
        and not any(w.lower().strip(".") in TITLE_WORDS for w in words)
    )


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return Span(start, end)


def is_place(piece: Piece) -> bool:
    if piece.city:
        return True
    parts = [p.strip() for p in re.split(r",", piece.text) if p.strip()]
    if not parts or len(piece.text) > 40:
        return False
    return region_of(parts[-1]) is not None or (
        len(parts) == 1
        and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?, ?[A-Z]{2}", piece.text) is not None
    )


def title_score(piece: Piece) -> int:
    words = piece.words
    if not words or len(words) > 8:
        return 0
    return sum(2 if i == len(words) - 1 else 1 for i, w in enumerate(words) if w in TITLE_WORDS)


def org_score(piece: Piece) -> int:
    words = piece.words
    if not words or len(words) > 8:
        return 0
    score = sum(1 for w in words if w in ORG_WORDS)
    letters = re.sub(r"[^A-Za-z]", "", piece.text)
    if len(letters) >= 2 and letters.isupper() and len(words) <= 4:
        score += 1  # "UNISYS", "JOHNSON MEDICAL SYSTEMS"
    return score


def looks_like_prose(piece: Piece) -> bool:
    """A description sentence rather than a header: long, starting in lower case, or
    mostly lower-case words ("Annual revenue of $3 million serving 3000 customers")."""
    words = piece.text.split()
    if len(piece.text) > 70 or piece.text[:1].islower():
        return True
    if piece.text.endswith(".") and (len(words[-1]) > 5 or len(words) >= 5):
        return True  # a full stop, not "Co." or "Inc."
    lower = sum(1 for w in words if len(w) > 3 and w[:1].islower())
    return len(words) >= 5 and lower * 2 >= len(words)


def names_a_part(piece: Piece) -> bool:
    """A label or a part of an entry ("Key Responsibilities", "Location: Pune")."""
    key = " ".join(piece.text.lower().split())
    return (
        piece.is_label
        or key in NOT_A_VALUE
        or key in TITLE_LABELS
        or key in EMPLOYER_LABELS
        or piece.label in NOT_A_VALUE
        or _PART_PREFIX.match(key) is not None
        or (len(key) <= 60 and normalise_heading(key) in HEADING_NAMES)
        or not re.search(r"[A-Za-z]{2}", piece.text)
    )


def best_pieces(
    pieces: Sequence[Piece], org_spans: Sequence[Span] = (), *, title_known: bool = False
) -> tuple[Piece | None, Piece | None]:
    """(title, employer) among an entry's header pieces, the nearest first.
    `title_known`: the title was found elsewhere, so a lone piece is the employer."""
    candidates = [
        p for p in pieces if not looks_like_prose(p) and not is_place(p) and not names_a_part(p)
    ]
    labelled_title = next((p for p in candidates if p.label in TITLE_LABELS), None)
    labelled_org = next((p for p in candidates if p.label in EMPLOYER_LABELS), None)
    ner_org = {
        id(p)
        for p in candidates
        if any(o.start < p.span.end and p.span.start < o.end for o in org_spans)
    }
    title = labelled_title or max(candidates, key=title_score, default=None)
    if title is not None and title is not labelled_title and title_score(title) == 0:
        title = None
    rest = [p for p in candidates if p is not title]
    employer = labelled_org or max(
        rest, key=lambda p: org_score(p) + (2 if id(p) in ner_org else 0), default=None
    )
    if (
        employer is not None
        and employer is not labelled_org
        and org_score(employer) == 0
        and id(employer) not in ner_org
    ):
        # nothing looks like an organisation: take the piece nearest the title
        plain = [p for p in rest if not p.bracketed] or rest
        employer = plain[0] if (title is not None or title_known) and plain else None
    if title is None and employer is not None:
        others = [p for p in candidates if p is not employer and title_score(p) >= 0]
        title = others[0] if others else None
    return title, employer
