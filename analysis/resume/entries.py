"""Pieces of an entry's header lines ("Senior Nurse", "Acme Ltd", "Boston, MA")
and what each piece looks like: a job title, an organisation or a place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.resume.model import Span
from analysis.resume.places import region_of

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
    r"\s+[-–—|•·]\s+|\s*[|•·]\s*|\s+[-–—]\s*$|^\s*[-–—]\s+|,\s+|\s+(?:at|@)\s+|:\s+"
)
_STRIP = " \t-–—|•·:;,()[]*❖➢►▪●◦■"
_WORD = re.compile(r"[A-Za-z][A-Za-z&.'-]*")


@dataclass(frozen=True)
class Piece:
    text: str
    span: Span

    @property
    def words(self) -> list[str]:
        return [w.lower().strip(".") for w in _WORD.findall(self.text)]


def pieces_of(text: str, span: Span) -> list[Piece]:
    """Split one header line into the pieces separated by dashes, bars, commas, 'at'."""
    pieces = []
    pos = span.start
    chunk = text[span.start : span.end]
    for m in [*_SEPARATORS.finditer(chunk), None]:
        end = span.start + (m.start() if m else len(chunk))
        piece = _strip(text, Span(pos, end))
        if piece.end > piece.start:
            pieces.append(Piece(text[piece.start : piece.end], piece))
        if m:
            pos = span.start + m.end()
    return pieces


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return Span(start, end)


def is_place(piece: Piece) -> bool:
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
    """A description sentence rather than a header: long, or starting in lower case."""
    return len(piece.text) > 70 or piece.text[:1].islower() or piece.text.endswith(".")


def best_pieces(
    pieces: Sequence[Piece], org_spans: Sequence[Span] = ()
) -> tuple[Piece | None, Piece | None]:
    """(title, employer) among an entry's header pieces."""
    candidates = [p for p in pieces if not looks_like_prose(p) and not is_place(p)]
    ner_org = {
        id(p)
        for p in candidates
        if any(o.start < p.span.end and p.span.start < o.end for o in org_spans)
    }
    title = max(candidates, key=title_score, default=None)
    if title is not None and title_score(title) == 0:
        title = None
    rest = [p for p in candidates if p is not title]
    employer = max(rest, key=lambda p: org_score(p) + (2 if id(p) in ner_org else 0), default=None)
    if employer is not None and org_score(employer) == 0 and id(employer) not in ner_org:
        # nothing looks like an organisation: take the piece nearest the title
        employer = rest[0] if title is not None and rest else None
    if title is None and employer is not None:
        others = [p for p in candidates if p is not employer and title_score(p) >= 0]
        title = others[0] if others else None
    return title, employer
